# The compose file that mounts the dstack socket is the deployment; the
# development one beside it decides nothing.
# --- path: docker-compose.yml ---
services:
  api:
    # CHECK-NOTES: note: service 'api' holds this file: its build context is '.'
    build: .
    volumes:
      - /var/run/dstack.sock:/var/run/dstack.sock
    environment:
      - LLM_URL=https://llm.internal/v1
      - HOOK_URL=${HOOK_URL}
# --- path: docker-compose.dev.yml ---
services:
  api:
    build: .
    environment:
      - LLM_URL=${LLM_URL}
      - HOOK_URL=http://localhost:9000
# --- path: app.py ---
import os
import requests

requests.post(os.environ["LLM_URL"], json={})  # ok: dstack-configurable-endpoint
# CHECK-MESSAGES: error: HOOK_URL reaches requests.post(url=...) and docker-compose.yml service 'api' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
requests.post(os.environ["HOOK_URL"], json={})
