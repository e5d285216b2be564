# CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
# With ReportUndeployed, held-back findings are reported, saying why they
# were held back.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - HOOK_URL=${HOOK_URL}
# --- path: tests/test_app.py ---
import os
import requests

# CHECK-NOTES: note: reported because ReportUndeployed is set: it is test code
# CHECK-MESSAGES: warning: HOOK_URL reaches requests.post(url=...) in test code, which no deployment runs [dstack-configurable-endpoint]
requests.post(os.environ["HOOK_URL"], json={})
