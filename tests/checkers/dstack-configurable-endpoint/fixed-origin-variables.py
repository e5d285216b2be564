# What is appended to a fixed origin and path only picks a resource there,
# also when the fixed part is held in a variable first (`url = "https://...?m="
# + m; requests.get(url + sig)`, `url += f"&k={v}"`), and when the value
# travels through a local function's parameter into another module. A
# variable that may hold a configurable origin stays a destination.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - ADDR=${ADDR}
      - KEY_V=${KEY_V}
      - BASE_URL=${BASE_URL}
      - PATH_PART=${PATH_PART}
      - HOST=${HOST}
      - TS_KEY=${TS_KEY}
      - TS_BASE=${TS_BASE}
# --- path: a.py ---
import os

from b import fetch


def verify(x):
    return fetch("m", sig=x)


verify(os.environ.get("ADDR"))
# --- path: b.py ---
import os

import requests


def fetch(model, sig=None):
    url = "https://fixed.example/v1/r?model=" + model
    return requests.get(url + sig)  # ok: dstack-configurable-endpoint


def more(v):
    url = "https://fixed.example/v1/r?model=x"
    url += f"&k={v}"
    return requests.get(url)  # ok: dstack-configurable-endpoint


more(os.getenv("KEY_V"))


def based(part):
    url = os.getenv("BASE_URL") + "/v1"
    url += part
    # What follows a configurable origin is reported with it.
    # CHECK-MESSAGES: error: BASE_URL reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (BASE_URL) [dstack-configurable-endpoint]
    # CHECK-MESSAGES: error: PATH_PART reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (PATH_PART) [dstack-configurable-endpoint]
    return requests.get(url)


based(os.getenv("PATH_PART"))


def either(flag):
    url = "https://fixed.example/v1/"
    if flag:
        url = "https://" + os.getenv("HOST")
    # CHECK-MESSAGES: error: HOST reaches requests.get(url=...) and docker-compose.yml service 'api' lets the operator set it (HOST) [dstack-configurable-endpoint]
    return requests.get(url + "items")
# --- path: web/client.ts ---
export async function lookup(key: string) {
  let url = "https://fixed.example/v1/lookup?";
  url += `key=${key}`;
  return fetch(url); // ok: dstack-configurable-endpoint
}
lookup(process.env.TS_KEY ?? "");

export async function base(path: string) {
  const url = process.env.TS_BASE + "/v1/";
  // CHECK-MESSAGES: error: TS_BASE reaches fetch(...) and docker-compose.yml service 'api' lets the operator set it (TS_BASE) [dstack-configurable-endpoint]
  return fetch(url + path);
}
