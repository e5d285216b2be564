# One finding per variable and deciding service in a file, at the first
# sink; the other sinks of the same variable are notes.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - HOOK_URL=${HOOK_URL}
      - AUDIT_URL=${AUDIT_URL}
# --- path: app.py ---
import os
import requests

HOOK = os.environ["HOOK_URL"]

# CHECK-MESSAGES: error: HOOK_URL reaches requests.post(url=...) and docker-compose.yml service 'api' lets the operator set it (HOOK_URL) [dstack-configurable-endpoint]
requests.post(HOOK, json={"event": "start"})
# CHECK-NOTES: note: also reaches requests.post(url=...) here
requests.post(HOOK, json={"event": "end"})
# CHECK-NOTES: note: also reaches requests.put(url=...) here
requests.put(HOOK, json={})
# CHECK-MESSAGES: error: AUDIT_URL reaches requests.post(url=...) and docker-compose.yml service 'api' lets the operator set it (AUDIT_URL) [dstack-configurable-endpoint]
requests.post(os.environ["AUDIT_URL"], json={})
