# A module variable that a function assigns through `global` and another
# function reads carries the value; a local of the same name does not.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - HOOK_URL=${HOOK_URL}
      - LOCAL_URL=${LOCAL_URL}
# --- path: app.py ---
import os

import requests

BASE = None
OTHER = "https://fixed.example/v1/"


def init():
    global BASE
    BASE = os.getenv("HOOK_URL")


def shadow():
    OTHER = os.getenv("LOCAL_URL")
    return OTHER


def call():
    # CHECK-MESSAGES: error: HOOK_URL reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
    return requests.get(BASE)


def fixed():
    return requests.get(OTHER)  # ok: dstack-configurable-endpoint


init()
shadow()
call()
fixed()
