"""Summaries through the OpenAI-compatible API of the same backend."""

from openai import AsyncOpenAI

from .settings import Settings


def summary_client(settings: Settings) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=f"{settings.llm_base_url}/v1", api_key="unused")


async def summarize(settings: Settings, text: str) -> str:
    client = summary_client(settings)
    reply = await client.chat.completions.create(
        model=settings.summary_model,
        messages=[{"role": "user", "content": f"Summarize:\n{text}"}],
    )
    return reply.choices[0].message.content
