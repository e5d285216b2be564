# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}
# A fallback that stands for no value (`None`, `null`, `undefined`) is no
# default: the notes say so instead of quoting it.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
# --- path: app.py ---
import os

import requests

HOOK = os.getenv("HOOK_URL", None)
# CHECK-NOTES: note: there is no default in the code; the operator can add the variable without a code change
# CHECK-MESSAGES: warning: HOOK_URL reaches requests.post(url=...) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
requests.post(HOOK, json={})
# --- path: web/sync.ts ---
const target = process.env.SYNC_URL ?? undefined;
// CHECK-NOTES: note: there is no default in the code; the operator can add the variable without a code change
// CHECK-MESSAGES: warning: SYNC_URL reaches fetch(...) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
export const sync = () => fetch(target!);
const other = process.env.OTHER_URL || null;
// CHECK-NOTES: note: there is no default in the code; the operator can add the variable without a code change
// CHECK-MESSAGES: warning: OTHER_URL reaches fetch(...) and docker-compose.yml service 'api' does not set it [dstack-configurable-endpoint]
export const other2 = () => fetch(other!);
