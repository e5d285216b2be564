# Compose sets a variable the operator cannot set to an empty string. A
# default argument stands in only for a missing variable, so it never
# applies; `or` stands in for an empty one too, so its literal is the secret
# in use.
# --- path: app-compose.json ---
{"manifest_version": 2, "name": "api", "runner": "docker-compose", "allowed_envs": [], "docker_compose_file": "services:\n  api:\n    build: .\n    environment:\n      - API_KEY=${API_KEY}\n      - JWT_SECRET=${JWT_SECRET}\n      - SESSION_SECRET=${SESSION_SECRET}\n"}
# --- path: app.py ---
import os

API_KEY = os.getenv("API_KEY", "dev-key")  # ok: secrets-hardcoded-fallback
# CHECK-NOTES: note: so the fallback is the secret in use
# CHECK-MESSAGES: error: JWT_SECRET falls back to the literal 'changeme' when it is not set and app-compose.json service 'api' sets it to an empty value [secrets-hardcoded-fallback]
JWT_SECRET = os.getenv("JWT_SECRET") or "changeme"
# --- path: web/session.ts ---
const sessionSecret = process.env.SESSION_SECRET ?? "s3cret"; // ok: secrets-hardcoded-fallback
// CHECK-MESSAGES: error: SESSION_SECRET falls back to the literal 's3cret' when it is not set and app-compose.json service 'api' sets it to an empty value [secrets-hardcoded-fallback]
const fallbackSecret = process.env.SESSION_SECRET || "s3cret";
export { sessionSecret, fallbackSecret };
