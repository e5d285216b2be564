# The compose file decides: a service that does not set the variable runs the
# fallback (error); one that pins it never does (silent).
# --- path: api/main.py ---
import os

# CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
# CHECK-MESSAGES: error: JWT_SECRET falls back to the literal 'dev' when it is not set [secrets-hardcoded-fallback]
JWT_SECRET = os.getenv("JWT_SECRET", "dev")
ADMIN_PASSWORD = os.getenv("ADMIN_PASSWORD", "admin")  # ok: secrets-hardcoded-fallback
# CHECK-NOTES: note: docker-compose.yml service 'api' leaves it to the operator, who can omit it
# CHECK-NOTES: note: whoever has the code or the image can use the credential and act as this app
# CHECK-MESSAGES: warning: API_TOKEN falls back to the literal 'tok' when it is not set [secrets-hardcoded-fallback]
API_TOKEN = os.getenv("API_TOKEN", "tok")
# --- path: docker-compose.yml ---
services:
  api:
    build: ./api
    environment:
      # A literal in the compose file is public too.
      # CHECK-MESSAGES: warning: service 'api' sets ADMIN_PASSWORD to the literal 'set-in-compose' in the compose file [secrets-hardcoded-fallback]
      ADMIN_PASSWORD: "set-in-compose"
      API_TOKEN: ${API_TOKEN}
