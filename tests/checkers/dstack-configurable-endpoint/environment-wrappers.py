# Helpers that read the variable their parameter names: each call with a
# literal name reads that variable, with the default the call passes; a
# helper that passes its parameter on to another helper reads it too.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}
# --- path: app/config.py ---
import os


def env(key, default=None):
    return os.getenv(key, default)


def required(name):
    value = env(name)
    if not value:
        raise RuntimeError(name + " is not set")
    return value
# --- path: app/main.py ---
import requests

from config import env, required

# CHECK-NOTES: :19: note: value read from os.getenv('LLM_URL')
# CHECK-MESSAGES: :15: error: LLM_URL reaches requests.post(url=...) and docker-compose.yml service 'app' lets the operator set it (LLM_URL) [dstack-configurable-endpoint]
requests.post(env("LLM_URL", "https://llm.example.com"), json={})
# CHECK-MESSAGES: :14: error: HOOK_URL reaches requests.get(url=...) and docker-compose.yml service 'app' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
requests.get(required("HOOK_URL"))
requests.get(env("PINNED_URL"))  # ok: dstack-configurable-endpoint
# CHECK-MESSAGES: :14: warning: MIRROR_URL reaches requests.get(url=...) and docker-compose.yml service 'app' does not set it [dstack-configurable-endpoint]
# CHECK-NOTES: note: the code default ('https://mirror.example.com') decides, and the operator can add the variable without a code change
requests.get(env("MIRROR_URL", "https://mirror.example.com"))
# --- path: docker-compose.yml ---
services:
  app:
    build: ./app
    environment:
      LLM_URL: ${LLM_URL}
      HOOK_URL: ${HOOK_URL}
      PINNED_URL: https://pinned.example.com
