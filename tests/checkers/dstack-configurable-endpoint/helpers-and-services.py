# Every sink, and values the deployment leaves to the code default, are reported.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
# URL-building helpers, class-held clients, and a compose file whose services
# each run their own directory (build contexts).
# --- path: api/urls.py ---
def join(base, *parts):
    return "/".join([base.rstrip("/"), *parts])


def endpoint(base, name):
    return f"{base}/v1/{name}"
# --- path: api/backend.py ---
import os

import httpx

from api.urls import endpoint


class Backend:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = httpx.Client(timeout=30)

    def chat(self, body):
        # CHECK-MESSAGES: warning: BACKEND_URL reaches Client.post(url=...) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
        return self.client.post(endpoint(self.base_url, "chat"), json=body)


backend = Backend(os.getenv("BACKEND_URL", "http://backend:9000"))
fixed = httpx.post(endpoint("https://fixed.example", "chat"), json={})  # ok: dstack-configurable-endpoint
# --- path: api/pinned.py ---
import os

import requests

requests.get(os.environ["STATUS_URL"])  # ok: dstack-configurable-endpoint
# --- path: worker/job.py ---
import os

import requests

# CHECK-NOTES: note: the operator can redirect user data
# CHECK-MESSAGES: error: QUEUE_URL reaches requests.post(url=...) and docker-compose.yml service 'worker' lets the operator set it (QUEUE_URL) [dstack-configurable-endpoint]
requests.post(os.environ["QUEUE_URL"], json={})
# CHECK-MESSAGES: error: RESULTS_URL reaches requests.put(url=...) and docker-compose.yml service 'worker' lets the operator set it (RESULTS_URL) [dstack-configurable-endpoint]
requests.put(os.environ["RESULTS_URL"], data=b"")
# CHECK-MESSAGES: error: SECRETS_URL reaches requests.get(url=...) and docker-compose.yml service 'worker' lets the operator set it [dstack-configurable-endpoint]
requests.get(os.getenv("SECRETS_URL"))
# --- path: api/wrapped.py ---
import copy
import os
from typing import cast

import httpx

DEFAULTS = {"url": os.getenv("MIRROR_URL", "https://mirror.example"), "timeout": 5}


def make_client():
    return httpx.Client(timeout=10)


# copy.deepcopy and typing.cast give back the object they are given.
settings = copy.deepcopy(DEFAULTS)
# CHECK-MESSAGES: warning: MIRROR_URL reaches httpx.get(url=...) [dstack-configurable-endpoint]
httpx.get(settings["url"], timeout=settings["timeout"])
gateway = cast(httpx.Client, make_client())
# CHECK-MESSAGES: warning: GATEWAY_URL reaches Client.get(url=...) [dstack-configurable-endpoint]
gateway.get(os.environ["GATEWAY_URL"])
# --- path: docker-compose.yml ---
services:
  api:
    build: ./api
    environment:
      STATUS_URL: https://status.example
  worker:
    build:
      context: ./worker
    env_file: .env
    environment:
      - QUEUE_URL=${QUEUE_URL:-https://queue.example}
      - RESULTS_URL
