# Stores: a database or cache whose address the operator sets is reported;
# a pinned one is not.
# --- path: app/main.py ---
import os

import redis
from sqlalchemy import create_engine

# CHECK-NOTES: note: the operator can run the database outside the CVM
# CHECK-MESSAGES: warning: data kept in the database of sqlalchemy.create_engine(url=...) goes where docker-compose.yml service 'app' lets the operator point it (DATABASE_URL) [dstack-unencrypted-persistence]
engine = create_engine(os.environ["DATABASE_URL"])
cache = redis.from_url(os.getenv("REDIS_URL", "redis://cache:6379"))  # ok: dstack-unencrypted-persistence
# Not a store: reported by dstack-configurable-endpoint, not here.
import requests
requests.post(os.environ["WEBHOOK_URL"], json={})  # ok: dstack-unencrypted-persistence
# --- path: docker-compose.yml ---
services:
  app:
    image: ghcr.io/example/app@sha256:2222222222222222222222222222222222222222222222222222222222222222
    command: ["python", "/srv/app/main.py"]
    build: .
    environment:
      - DATABASE_URL=${DATABASE_URL}
      - REDIS_URL=redis://cache:6379
      - WEBHOOK_URL=${WEBHOOK_URL}
  cache:
    image: redis@sha256:3333333333333333333333333333333333333333333333333333333333333333
    volumes:
      - redis-data:/data
volumes:
  redis-data:
# --- path: Dockerfile ---
FROM python:3.12-slim@sha256:4444444444444444444444444444444444444444444444444444444444444444
COPY app /srv/app
