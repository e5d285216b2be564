# A helper reading the variable its parameter names: the literal default a
# call passes is that variable's fallback.
# --- path: api/settings.py ---
import os


def env(key, default=None):
    return os.getenv(key, default)
# --- path: api/main.py ---
from settings import env

# CHECK-MESSAGES: :32: error: JWT_SECRET falls back to the literal 'dev-secr...' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
JWT_SECRET = env("JWT_SECRET", "dev-secret-change-me")
LOG_LEVEL = env("LOG_LEVEL", "info")  # ok: secrets-hardcoded-fallback
# --- path: docker-compose.yml ---
services:
  api:
    build: ./api
