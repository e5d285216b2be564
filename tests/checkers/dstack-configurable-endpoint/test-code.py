# Tests run in no deployment: their findings are held back.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - HOOK_URL=${HOOK_URL}
# --- path: app.py ---
import os
import requests

# CHECK-MESSAGES: error: HOOK_URL reaches requests.post(url=...) and docker-compose.yml service 'api' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
requests.post(os.environ["HOOK_URL"], json={})
# --- path: tests/test_app.py ---
import os
import requests

requests.post(os.environ["HOOK_URL"], json={})  # ok: dstack-configurable-endpoint
