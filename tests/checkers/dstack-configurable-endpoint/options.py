# Options: extra sinks and sources, services assumed, and test code ignored.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true, dstack-configurable-endpoint.ExtraSinks: 'mylib.Client:base_url;mylib.send:0', dstack-configurable-endpoint.ExtraSources: 'config.get:0', dstack-configurable-endpoint.IgnoreTestCode: true}}
# --- path: app/client.py ---
import os

import config
import mylib

# CHECK-MESSAGES: warning: PEER_URL reaches Client(base_url=...) [dstack-configurable-endpoint]
peer = mylib.Client(base_url=os.environ["PEER_URL"])
# CHECK-MESSAGES: warning: RELAY reaches mylib.send(...) [dstack-configurable-endpoint]
mylib.send(config.get("RELAY"), b"payload")
mylib.send("https://fixed.example", config.get("BODY"))  # ok: dstack-configurable-endpoint
# --- path: tests/test_client.py ---
import os

import requests

requests.get(os.environ["TEST_SERVER"])  # ok: dstack-configurable-endpoint
