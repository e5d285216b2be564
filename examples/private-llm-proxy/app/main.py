"""HTTP entry point of the proxy."""

from fastapi import Depends, FastAPI

from .attestation import fetch_attestation
from .llm import complete, make_client
from .quotes import get_quote, peer_signed, verify_peer
from .settings import Settings, get_settings
from .summaries import summarize

app = FastAPI()
client = make_client()


@app.get("/attestation")
def attestation(nonce: str) -> dict:
    return fetch_attestation(nonce)


@app.post("/chat")
async def chat(prompt: str) -> dict:
    return {"answer": await complete(client, prompt)}


@app.post("/summarize")
async def summary(text: str, settings: Settings = Depends(get_settings)) -> dict:
    return {"summary": await summarize(settings, text)}


@app.get("/quote")
def quote(report_data: str) -> dict:
    return get_quote(bytes.fromhex(report_data))


@app.post("/peer")
def peer(url: str, compose_hash: str, text: str, signature: str) -> dict:
    return {"trusted": verify_peer(url, compose_hash) and peer_signed(url, text, signature)}
