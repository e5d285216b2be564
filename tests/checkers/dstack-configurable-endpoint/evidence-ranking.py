# Which service runs a file, by the strongest evidence: a build context
# beats a name, and code no service's evidence reaches is held back.
# --- path: docker-compose.yml ---
services:
  api:
    # CHECK-NOTES: note: service 'api' holds this file: its build context is './api'
    build: ./api
    environment:
      - TARGET_URL=${TARGET_URL}
  worker:
    image: ghcr.io/acme/worker:2
    environment:
      - TARGET_URL=https://pinned.internal
# --- path: api/client.py ---
import os
import requests

# CHECK-MESSAGES: error: TARGET_URL reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (TARGET_URL) [dstack-configurable-endpoint]
requests.get(os.environ["TARGET_URL"])
# --- path: worker/job.py ---
import os
import requests

# The worker's name matches the directory; it pins the value.
requests.get(os.environ["TARGET_URL"])  # ok: dstack-configurable-endpoint
# --- path: scripts/seed.py ---
import os
import requests

# No service builds, copies, mounts or names scripts/: held back.
requests.get(os.environ["TARGET_URL"])  # ok: dstack-configurable-endpoint
