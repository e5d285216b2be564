# No deployment file: the findings are held back unless asked for.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
# Environment reads in every form, with no compose file among the inputs: the
# code default decides, so each finding is a warning.
import os
from os import environ, getenv
from os import environ as env
import urllib.request

import aiohttp
import psycopg2
import redis
import requests
import websockets
from sqlalchemy import create_engine

API = os.environ["API_URL"]
HOOK = os.environ.get("HOOK_URL", "https://hooks.example")
BACKUP = getenv("BACKUP_URL") or "https://backup.example"
DB = env.get("DATABASE_URL")
CACHE = environ.setdefault("REDIS_URL", "redis://cache:6379")
PORT = int(os.getenv("PORT", "8000"))
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")


def fetch(path):
    # CHECK-MESSAGES: :25: warning: API_URL reaches requests.get(url=...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    return requests.get(f"{API}/{path.lstrip('/')}", timeout=PORT)


def notify(event):
    # CHECK-NOTES: note: the code default ('https://hooks.example') decides
    # CHECK-MESSAGES: warning: HOOK_URL reaches requests.request(url=...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    requests.request("POST", HOOK, json={"event": event, "level": LOG_LEVEL})
    # CHECK-MESSAGES: warning: BACKUP_URL reaches urllib.request.urlopen(url=...) [dstack-configurable-endpoint]
    urllib.request.urlopen(BACKUP.rstrip("/") + "/backup")


async def stream(prompt):
    # CHECK-MESSAGES: warning: STREAM_URL reaches websockets.connect(uri=...) [dstack-configurable-endpoint]
    async with websockets.connect(os.environ["STREAM_URL"]) as ws:
        await ws.send(prompt)
    async with aiohttp.ClientSession() as session:
        # CHECK-MESSAGES: warning: HOOK_URL reaches ClientSession.post(url=...) [dstack-configurable-endpoint]
        await session.post(HOOK, data=prompt)


# CHECK-MESSAGES: warning: DATABASE_URL reaches sqlalchemy.create_engine(url=...) [dstack-configurable-endpoint]
engine = create_engine(DB, pool_size=PORT)
# CHECK-MESSAGES: warning: REDIS_URL reaches redis.from_url(url=...) [dstack-configurable-endpoint]
cache = redis.from_url(CACHE)
# CHECK-MESSAGES: warning: PG_HOST reaches psycopg2.connect(host=...) [dstack-configurable-endpoint]
conn = psycopg2.connect(host=os.getenv("PG_HOST"), port=PORT, dbname="app")
requests.post("https://api.example/v1", json={"log": LOG_LEVEL}, timeout=PORT)  # ok: dstack-configurable-endpoint
requests.get("https://api.example/v1", headers={"X-Key": os.environ["API_KEY"]})  # ok: dstack-configurable-endpoint
requests.get(url="https://api.example/v1", params={"q": os.getenv("QUERY")})  # ok: dstack-configurable-endpoint
requests.get(HOOK)  # NOLINT(dstack-configurable-endpoint)
