"""Fetches the attestation report that clients use to trust this proxy."""

import os

import requests

VERIFIER_URL = os.getenv("VERIFIER_URL", "https://verifier.example.com/v1/attestation")


def fetch_attestation(nonce: str) -> dict:
    response = requests.get(
        VERIFIER_URL,
        params={"nonce": nonce},
        timeout=10,
        verify=False,  # "the verifier uses a self-signed certificate"
    )
    response.raise_for_status()
    return response.json()
