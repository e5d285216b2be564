# A placeholder API key or token (`dummy`, `test-key`, `your-api-key`) is no
# credential any service accepts, so knowing it gains nothing; unless the app
# checks incoming requests against it, in this module or another. A
# placeholder private key without a key's shape signs nothing.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    volumes:
      - /var/run/dstack.sock:/var/run/dstack.sock
# --- path: app/clients.py ---
import os

from openai import OpenAI

llm = OpenAI(api_key=os.getenv("OPENAI_API_KEY", "dummy"))  # ok: secrets-hardcoded-fallback
HF_TOKEN = os.getenv("HF_TOKEN", "your-hf-token")  # ok: secrets-hardcoded-fallback
RELAY_TOKEN = os.getenv("RELAY_TOKEN", "xxxxxxxx")  # ok: secrets-hardcoded-fallback
OWNER_PRIVATE_KEY = os.getenv("OWNER_PRIVATE_KEY", "0xDefaultIfNotFound")  # ok: secrets-hardcoded-fallback
# A well-known test mnemonic is a key all the same.
# CHECK-MESSAGES: error: DEPLOYER_MNEMONIC falls back to the literal 'test tes...' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
MNEMONIC = os.getenv("DEPLOYER_MNEMONIC", "test test test test test test test test test test test junk")
# CHECK-MESSAGES: error: ANTHROPIC_API_KEY falls back to the literal 'sk-ant-0...' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
CLAUDE_KEY = os.getenv("ANTHROPIC_API_KEY", "sk-ant-0f9e8d7c6b5a4")
# CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
# CHECK-MESSAGES: error: JWT_SECRET falls back to the literal 'test-secret' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
JWT_SECRET = os.getenv("JWT_SECRET", "test-secret")
# CHECK-MESSAGES: error: ADMIN_API_KEY falls back to the literal 'test-key' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
ADMIN_API_KEY = os.getenv("ADMIN_API_KEY", "test-key")


def authorised(header: str) -> bool:
    return header == ADMIN_API_KEY
# --- path: app/settings.py ---
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    upstream_token: str = "dummy-token"  # ok: secrets-hardcoded-fallback
    # CHECK-MESSAGES: error: SERVICE_API_KEY falls back to the literal 'changeme' when it is not set and docker-compose.yml service 'api' does not set it [secrets-hardcoded-fallback]
    service_api_key: str = "changeme"
# --- path: app/auth.py ---
import hmac

from app.settings import Settings


def check(presented: str) -> bool:
    return hmac.compare_digest(presented, Settings().service_api_key)
# --- path: web/sdk.ts ---
class Sdk {
  constructor(readonly config: { apiKey: string }) {}
}
export const sdk = new Sdk({ apiKey: process.env.PHALA_API_KEY || "test-key" }); // ok: secrets-hardcoded-fallback
