# The compose file decides: a service that does not set the variable runs the
# fallback (error); one that pins it never does (silent).
# --- path: api/main.py ---
import os

# CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
# CHECK-MESSAGES: error: JWT_SECRET falls back to the literal 'dev' when it is not set [secrets-hardcoded-fallback]
JWT_SECRET = os.getenv("JWT_SECRET", "dev")
ADMIN_PASSWORD = os.getenv("ADMIN_PASSWORD", "admin")  # ok: secrets-hardcoded-fallback
# An interpolated variable is always set (an unset name expands to an empty
# string): a fallback for a missing variable never applies, one for an empty
# value does, unless `${NAME:?}` or literal text keeps the value non-empty.
API_TOKEN = os.getenv("API_TOKEN", "tok")  # ok: secrets-hardcoded-fallback
# CHECK-NOTES: note: docker-compose.yml service 'api' leaves it to the operator, who can omit it
# CHECK-NOTES: note: whoever has the code or the image can use the credential and act as this app
# CHECK-MESSAGES: warning: SERVICE_TOKEN falls back to the literal 'tok' when it is not set [secrets-hardcoded-fallback]
SERVICE_TOKEN = os.getenv("SERVICE_TOKEN") or "tok"
WEBHOOK_SECRET = os.getenv("WEBHOOK_SECRET") or "whsec"  # ok: secrets-hardcoded-fallback
SIGNING_KEY = os.getenv("SIGNING_KEY") or "sk"  # ok: secrets-hardcoded-fallback
# --- path: docker-compose.yml ---
services:
  api:
    build: ./api
    environment:
      # A literal in the compose file is public too.
      # CHECK-MESSAGES: warning: service 'api' sets ADMIN_PASSWORD to the literal 'set-in-compose' in the compose file [secrets-hardcoded-fallback]
      ADMIN_PASSWORD: "set-in-compose"
      API_TOKEN: ${API_TOKEN}
      SERVICE_TOKEN: ${SERVICE_TOKEN}
      WEBHOOK_SECRET: ${WEBHOOK_SECRET:?the webhook secret is required}
      SIGNING_KEY: key-${SIGNING_KEY}
