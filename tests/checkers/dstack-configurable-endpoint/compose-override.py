# Every sink, and values the deployment leaves to the code default, are reported.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
# docker-compose.override.yml is merged on top of docker-compose.yml, and
# `extends` is resolved, before the verdicts are taken.
# --- path: svc/app.py ---
import os

import requests

requests.get(os.environ["PINNED_BY_OVERRIDE"])  # ok: dstack-configurable-endpoint
# CHECK-MESSAGES: error: OPENED_BY_OVERRIDE reaches requests.get(url=...) and docker-compose.yml service 'svc' lets the operator set it (OPENED_BY_OVERRIDE) [dstack-configurable-endpoint]
requests.get(os.environ["OPENED_BY_OVERRIDE"])
requests.get(os.environ["FROM_BASE_SERVICE"])  # ok: dstack-configurable-endpoint
# --- path: docker-compose.yml ---
services:
  base:
    image: ghcr.io/example/base@sha256:2222222222222222222222222222222222222222222222222222222222222222
    environment:
      FROM_BASE_SERVICE: https://base.example
  svc:
    extends: base
    build: ./svc
    environment:
      PINNED_BY_OVERRIDE: ${PINNED_BY_OVERRIDE}
      OPENED_BY_OVERRIDE: https://literal.example
# --- path: docker-compose.override.yml ---
services:
  svc:
    environment:
      PINNED_BY_OVERRIDE: https://pinned.example
      OPENED_BY_OVERRIDE: ${OPENED_BY_OVERRIDE}
