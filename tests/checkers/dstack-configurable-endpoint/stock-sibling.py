# A stock database and a proxy beside the app run none of its code, so only
# the app's settings decide, although nothing says which code the app runs.
# --- path: docker-compose.yml ---
services:
  # CHECK-NOTES: note: service 'app' may run this file: docker-compose.yml does not say which code its services run
  app:
    image: ghcr.io/acme/app:1.0
    environment:
      - BACKEND_URL=https://backend.internal
      - UPSTREAM_URL=${UPSTREAM_URL}
  db:
    image: postgres:16
  proxy:
    image: nginx:1.27
    environment:
      - UPSTREAM_URL=https://pinned.example
# --- path: main.py ---
import os
import requests

requests.get(os.environ["BACKEND_URL"])  # ok: dstack-configurable-endpoint
# CHECK-MESSAGES: error: UPSTREAM_URL reaches requests.get(url=...) and docker-compose.yml service 'app' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
requests.get(os.environ["UPSTREAM_URL"])
