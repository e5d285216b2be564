# Every sink, and values the deployment leaves to the code default, are reported.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
# Two projects in one run: the attested app-compose.json of the first does not
# hide the compose file of the second.
# --- path: proxy/app-compose.json ---
{"manifest_version": 2, "name": "proxy", "runner": "docker-compose", "docker_compose_file": "services:\n  proxy:\n    build: .\n    environment:\n      UPSTREAM_URL: ${UPSTREAM_URL}\n", "allowed_envs": ["UPSTREAM_URL"]}
# --- path: proxy/docker-compose.yml ---
services:
  proxy:
    build: .
    environment:
      UPSTREAM_URL: https://pinned-in-the-unattested-copy.example
# --- path: proxy/main.py ---
import os
import requests

# CHECK-MESSAGES: error: UPSTREAM_URL reaches requests.get(url=...) and app-compose.json service 'proxy' lets the operator set it (UPSTREAM_URL) [dstack-configurable-endpoint]
requests.get(os.environ["UPSTREAM_URL"])
# --- path: worker/docker-compose.yml ---
services:
  worker:
    build: .
    environment:
      - HOOK_URL=https://hooks.example/pinned
# --- path: worker/main.py ---
import os
import requests

requests.post(os.environ["HOOK_URL"], json={})  # ok: dstack-configurable-endpoint
# CHECK-MESSAGES: warning: QUEUE_URL reaches requests.post(url=...) and docker-compose.yml service 'worker' does not set it [dstack-configurable-endpoint]
requests.post(os.environ["QUEUE_URL"], json={})
