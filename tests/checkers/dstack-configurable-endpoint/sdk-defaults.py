# An SDK client built without a base URL reads OPENAI_BASE_URL itself: the
# deployment's verdict for that variable decides.
# --- path: docker-compose.yml ---
services:
  api:
    build: ./api
    environment:
      - OPENAI_BASE_URL=${OPENAI_BASE_URL}
  pinned:
    build: ./pinned
    environment:
      - OPENAI_BASE_URL=https://llm.example/v1
# --- path: api/app.py ---
import os

from openai import OpenAI

# CHECK-MESSAGES: error: OPENAI_BASE_URL reaches OpenAI(...) and docker-compose.yml service 'api' lets the operator set it (OPENAI_BASE_URL) [dstack-configurable-endpoint]
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
explicit = OpenAI(base_url="https://llm.example/v1")  # ok: dstack-configurable-endpoint
# --- path: pinned/app.py ---
from openai import OpenAI

client = OpenAI()  # ok: dstack-configurable-endpoint
