# Two apps in one tree, each with its own compose file and prebuilt image:
# each compose file governs the code under its own directory only.
# --- path: one/docker-compose.yml ---
services:
  one:
    image: ghcr.io/acme/one:1
    environment:
      - TARGET_URL=https://one.internal
# --- path: one/main.py ---
import os
import requests

requests.get(os.environ["TARGET_URL"])  # ok: dstack-configurable-endpoint
# --- path: two/docker-compose.yml ---
services:
  two:
    image: ghcr.io/acme/two:1
    environment:
      - TARGET_URL=${TARGET_URL}
# --- path: two/main.py ---
import os
import requests

# CHECK-MESSAGES: error: TARGET_URL reaches requests.get(url=...) and docker-compose.yml service 'two' lets the operator set it (TARGET_URL) [dstack-configurable-endpoint]
requests.get(os.environ["TARGET_URL"])
