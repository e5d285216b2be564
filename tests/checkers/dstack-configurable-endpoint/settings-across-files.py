# Every sink, and values the deployment leaves to the code default, are reported.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true}}
# A pydantic settings module, a client module and a route in a third module;
# the compose file decides each verdict.
# --- path: app/settings.py ---
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="proxy_")

    llm_base_url: str = "http://vllm:8000/v1"
    webhook_url: str = Field(default="https://hooks.example/notify", alias="NOTIFY_URL")
    audit_url: str = "https://audit.example"
    pinned_url: str = "https://pinned.example"
    port: int = 8000


@lru_cache
def get_settings() -> Settings:
    return Settings()
# --- path: app/clients.py ---
from openai import AsyncOpenAI
import httpx

from .settings import get_settings


def llm_client() -> AsyncOpenAI:
    s = get_settings()
    # CHECK-NOTES: note: the operator can redirect user data
    # CHECK-MESSAGES: :33: error: PROXY_LLM_BASE_URL reaches AsyncOpenAI(base_url=...) and app-compose.json service 'proxy' lets the operator set it (LLM_URL) [dstack-configurable-endpoint]
    return AsyncOpenAI(base_url=s.llm_base_url, api_key="unused")


class Notifier:
    def __init__(self) -> None:
        s = get_settings()
        self.url = s.webhook_url
        self.client = httpx.AsyncClient(timeout=s.port)

    async def send(self, event: dict) -> None:
        # CHECK-NOTES: note: the code default ('https://hooks.example/notify') decides
        # CHECK-MESSAGES: :32: warning: NOTIFY_URL reaches AsyncClient.post(url=...) and app-compose.json service 'proxy' does not set it [dstack-configurable-endpoint]
        await self.client.post(self.url, json=event)
# --- path: app/routes.py ---
import httpx

from app.settings import get_settings


def audit(record):
    s = get_settings()
    # CHECK-NOTES: note: only 'https://audit.internal' applies
    # CHECK-MESSAGES: :16: warning: PROXY_AUDIT_URL reaches httpx.post(url=...) and app-compose.json service 'proxy' interpolates it only from names missing from allowed_envs [dstack-configurable-endpoint]
    httpx.post(s.audit_url + "/records", json=record)
    httpx.post(s.pinned_url, json=record)  # ok: dstack-configurable-endpoint
    httpx.post("https://fixed.example", json={"port": s.port})  # ok: dstack-configurable-endpoint
# --- path: app-compose.json ---
{"manifest_version": 2, "name": "proxy", "runner": "docker-compose", "docker_compose_file": "services:\n  proxy:\n    image: ghcr.io/example/proxy@sha256:0000000000000000000000000000000000000000000000000000000000000000\n    environment:\n      PROXY_LLM_BASE_URL: ${LLM_URL}\n      PROXY_AUDIT_URL: ${AUDIT_URL:-https://audit.internal}\n      PROXY_PINNED_URL: https://pinned.example\n", "allowed_envs": ["LLM_URL"], "kms_enabled": true}
