"""Client for the upstream LLM backend."""

import ssl

import httpx

from .settings import settings


def make_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=settings.llm_base_url, verify=False, timeout=60)


def backend_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


async def complete(client: httpx.AsyncClient, prompt: str) -> str:
    reply = await client.post("/v1/chat/completions", json={"messages": [prompt]})
    return reply.json()["choices"][0]["message"]["content"]
