# Every sink, and values the deployment leaves to the code default, are reported.
# CHECK-CONFIG: {CheckOptions: {dstack-configurable-model.ReportUnset: true, dstack-configurable-model.ReportEverySink: true}}
# The model of TEE-protected inference calls, from settings and environment.
# --- path: svc/config.py ---
from pydantic_settings import BaseSettings


class Config(BaseSettings):
    model: str = "meta-llama/Llama-3.3-70B-Instruct"
    embedding_model: str = "bge-m3"
    max_tokens: int = 1024


config = Config()
# --- path: svc/llm.py ---
import os

import anthropic
import litellm
from openai import AsyncOpenAI, OpenAI

from svc.config import config

client = AsyncOpenAI(base_url="http://vllm:8000/v1", api_key="x")
sync = OpenAI(base_url="http://vllm:8000/v1")
claude = anthropic.Anthropic()


async def complete(prompt):
    return await client.chat.completions.create(
        # CHECK-NOTES: note: the operator can swap the model that sees user data
        # CHECK-MESSAGES: :15: error: MODEL reaches AsyncOpenAI.chat.completions.create(model=...) and docker-compose.yml service 'llm' lets the operator set it (LLM_MODEL) [dstack-configurable-model]
        model=config.model,
        messages=[{"role": "user", "content": prompt}],
        max_tokens=config.max_tokens,
    )


def embed(text):
    # CHECK-NOTES: note: the code default ('bge-m3') decides
    # CHECK-MESSAGES: warning: EMBEDDING_MODEL reaches OpenAI.embeddings.create(model=...) and docker-compose.yml service 'llm' does not set it [dstack-configurable-model]
    return sync.embeddings.create(model=config.embedding_model, input=text)


def ask(prompt):
    # CHECK-MESSAGES: warning: CLAUDE_MODEL reaches Anthropic.messages.create(model=...) [dstack-configurable-model]
    claude.messages.create(model=os.getenv("CLAUDE_MODEL", "claude"), max_tokens=10, messages=[])
    # CHECK-MESSAGES: warning: LITELLM_MODEL reaches litellm.completion(model=...) [dstack-configurable-model]
    litellm.completion(model=os.environ["LITELLM_MODEL"], messages=[])
    # The client's own URL is the endpoint check's business, and a literal model is fine.
    sync.chat.completions.create(model="fixed-model", messages=[{"content": os.getenv("SYSTEM_PROMPT")}])  # ok: dstack-configurable-model
    client.chat.completions.create(model=os.environ["PINNED_MODEL"], messages=[])  # ok: dstack-configurable-model
# --- path: docker-compose.yml ---
services:
  llm:
    image: ghcr.io/example/llm@sha256:1111111111111111111111111111111111111111111111111111111111111111
    environment:
      MODEL: ${LLM_MODEL}
      PINNED_MODEL: llama
