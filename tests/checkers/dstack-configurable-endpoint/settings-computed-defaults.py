# A settings field whose default is computed: the default stands in when the
# field's own variable is not set, so what the default reads flows too.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true}}
# --- path: app/main.py ---
import os

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings


def fallback_hook():
    return os.environ.get("LEGACY_HOOK_URL", "https://hooks.example.com")


class Settings(BaseSettings):
    # CHECK-NOTES: :20: note: value read from os.getenv('OPENAI_BASE_URL')
    llm_url: str = os.getenv("OPENAI_BASE_URL", "https://api.openai.com/v1")
    hook_target: str = Field(default=fallback_hook())
    mirror_url: str = "https://mirror.example.com"


settings = Settings()
# CHECK-MESSAGES: :12: warning: LLM_URL reaches httpx.post(url=...) and docker-compose.yml service 'app' does not set it [dstack-configurable-endpoint]
# CHECK-MESSAGES: :12: error: OPENAI_BASE_URL reaches httpx.post(url=...) and docker-compose.yml service 'app' lets the operator set it (OPENAI_BASE_URL) [dstack-configurable-endpoint]
# CHECK-NOTES: :12: note: default of settings field 'llm_url'
httpx.post(settings.llm_url, json={})
# CHECK-MESSAGES: :12: warning: HOOK_TARGET reaches httpx.post(url=...) and docker-compose.yml service 'app' does not set it [dstack-configurable-endpoint]
# CHECK-MESSAGES: :12: error: LEGACY_HOOK_URL reaches httpx.post(url=...) and docker-compose.yml service 'app' lets the operator set it (LEGACY_HOOK_URL) [dstack-configurable-endpoint]
httpx.post(settings.hook_target, json={})
httpx.post(settings.mirror_url, json={})  # ok: dstack-configurable-endpoint
# --- path: docker-compose.yml ---
services:
  app:
    build: ./app
    environment:
      OPENAI_BASE_URL: ${OPENAI_BASE_URL}
      LEGACY_HOOK_URL: ${LEGACY_HOOK_URL}
      MIRROR_URL: https://mirror.example.com
