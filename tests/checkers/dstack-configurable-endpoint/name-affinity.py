# Nothing says which code the prebuilt images run; a service whose name
# matches a directory on the file's path beats every other candidate.
# --- path: docker-compose.yml ---
services:
  # CHECK-NOTES: note: service 'web' may run this file: docker-compose.yml does not say which code its services run
  web:
    image: ghcr.io/acme/web:3
    environment:
      - REPORT_URL=${REPORT_URL}
  worker:
    image: ghcr.io/acme/worker:3
    environment:
      - REPORT_URL=https://reports.internal
# --- path: worker/tasks/report.py ---
import os
import requests

requests.post(os.environ["REPORT_URL"], json={})  # ok: dstack-configurable-endpoint
# --- path: main.py ---
import os
import requests

# CHECK-NOTES: note: 1 more service checked
# CHECK-MESSAGES: error: REPORT_URL reaches requests.post(url=...) and docker-compose.yml service 'web' lets the operator set it (REPORT_URL) [dstack-configurable-endpoint]
requests.post(os.environ["REPORT_URL"], json={})
