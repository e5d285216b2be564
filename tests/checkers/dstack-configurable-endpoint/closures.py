# Functions made by a function from its parameter (a handler factory, a
# retrying wrapper): what they send to is what the outer function was given.
# --- path: app/main.py ---
import os

import httpx


def make_forwarder(base_url):
    async def forward(body):
        async with httpx.AsyncClient() as client:
            # CHECK-MESSAGES: error: LLM_BASE_URL reaches AsyncClient.post(url=...) and docker-compose.yml service 'app' lets the operator set it (LLM_BASE_URL) [dstack-configurable-endpoint]
            return await client.post(base_url + "/v1/chat/completions", json=body)

    return forward


def with_retries(url, attempts=3):
    def attempt(body):
        return httpx.post(url, json=body)  # ok: dstack-configurable-endpoint

    for _ in range(attempts):
        attempt({})


forward = make_forwarder(os.getenv("LLM_BASE_URL", "http://llm:8000"))
with_retries("https://status.example.com/ping")
# --- path: docker-compose.yml ---
services:
  app:
    build: ./app
    environment:
      LLM_BASE_URL: ${LLM_BASE_URL}
