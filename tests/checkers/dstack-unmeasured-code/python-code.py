# Code downloaded or taken from configuration and run; the compose file lets
# the operator set some variables and pins others.
# --- path: docker-compose.yml ---
services:
  app:
    build: .
    environment:
      - PLUGIN_URL=${PLUGIN_URL}
      - HOOK_MODULE=${HOOK_MODULE}
      - FIXED_MODULE=app.hooks.default
      - SNAPSHOT_URL=https://models.example/snapshot.pkl
# --- path: app/main.py ---
import importlib
import os
import pickle

import requests


def download(url):
    return requests.get(url, timeout=10).text


# CHECK-MESSAGES: error: code downloaded from a URL the operator sets (PLUGIN_URL) reaches exec(...), which runs it [dstack-unmeasured-code]
exec(download(os.environ["PLUGIN_URL"]))
# CHECK-MESSAGES: warning: code downloaded at run time from 'https://plugins.example/p.py', whose content can change after the attestation reaches exec(...) [dstack-unmeasured-code]
exec(requests.get("https://plugins.example/p.py").text)
# CHECK-MESSAGES: warning: code downloaded at run time from a URL the deployment fixes (SNAPSHOT_URL), whose content can change after the attestation reaches pickle.loads(...) [dstack-unmeasured-code]
model = pickle.loads(requests.get(os.environ["SNAPSHOT_URL"]).content)
# CHECK-MESSAGES: error: code taken from HOOK_MODULE, which docker-compose.yml service 'app' lets the operator set (HOOK_MODULE) reaches importlib.import_module(...) [dstack-unmeasured-code]
hooks = importlib.import_module(os.environ["HOOK_MODULE"])
fixed = importlib.import_module(os.environ["FIXED_MODULE"])  # ok: dstack-unmeasured-code
local = exec(open("local_rules.py").read())  # ok: dstack-unmeasured-code
data = requests.get("https://api.example/data").json()  # ok: dstack-unmeasured-code
