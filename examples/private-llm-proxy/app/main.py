"""HTTP entry point of the proxy."""

from fastapi import FastAPI

from .attestation import fetch_attestation
from .llm import complete, make_client

app = FastAPI()
client = make_client()


@app.get("/attestation")
def attestation(nonce: str) -> dict:
    return fetch_attestation(nonce)


@app.post("/chat")
async def chat(prompt: str) -> dict:
    return {"answer": await complete(client, prompt)}
