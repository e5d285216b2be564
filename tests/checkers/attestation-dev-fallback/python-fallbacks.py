# Quote and key code that hands back mock data or a known key on a failure
# or behind a development switch the deployment leaves open.
# --- path: docker-compose.yml ---
services:
  api:
    build: .
    environment:
      - DEV_MODE=${DEV_MODE}
      - TEE_SIMULATOR=false
      - ENCLAVE_MODE=production
    volumes:
      - /var/run/dstack.sock:/var/run/dstack.sock
# --- path: app/attest.py ---
import hashlib
import os
import secrets

from dstack_sdk import DstackClient

client = DstackClient()


def get_quote(report_data: bytes) -> dict:
    try:
        return {"quote": client.get_quote(report_data).quote}
    except Exception:  # CHECK-NOTES: note: the fallback runs from here
        # CHECK-MESSAGES: error: when obtaining the quote or key fails, this hands back mock attestation data instead of failing [attestation-dev-fallback]
        return {"quote": "mock-quote", "mock": True}


def signing_key() -> bytes:
    # CHECK-NOTES: note: it runs when this holds
    if os.getenv("DEV_MODE"):
        # CHECK-MESSAGES: error: behind the switch 'os.getenv("DEV_MODE")', this hands back a key derived from a literal instead of failing, and docker-compose.yml service 'api' lets the operator set DEV_MODE [attestation-dev-fallback]
        return hashlib.sha256(b"dev-signing-key").digest()
    return client.get_key("signing").key


def tls_key():
    key = client.get_tls_key()
    if not key:
        # CHECK-MESSAGES: error: when obtaining the quote or key fails, this hands back a random key instead of failing [attestation-dev-fallback]
        return secrets.token_bytes(32)
    return key


def attestation_report(nonce: bytes):
    # Pinned off by the attested compose: silent.
    if os.getenv("TEE_SIMULATOR", "false").lower() == "true":
        return {"quote": "simulated", "simulated": True}  # ok: attestation-dev-fallback
    if os.environ.get("ENCLAVE_MODE") == "development":
        return {"quote": "dev"}  # ok: attestation-dev-fallback
    return client.get_quote(nonce)


def old_quote_helper(data):
    # No caller: reported as a remark.
    try:
        return client.get_quote(data)
    except OSError:  # CHECK-NOTES: note: the fallback runs from here
        # CHECK-NOTES: note: no caller of this function was found
        # CHECK-MESSAGES: remark: when obtaining the quote or key fails, this hands back a fabricated value ('dummy-quote') instead of failing [attestation-dev-fallback]
        return "dummy-quote"


def strict_quote(data):
    # Refuses instead of faking: not a finding.
    try:
        return client.get_quote(data)
    except Exception as exc:
        if os.getenv("DEV_MODE"):
            raise RuntimeError("no TEE in development") from exc
        raise


def main():
    print(get_quote(b""), signing_key(), tls_key(), attestation_report(b""), strict_quote(b""))
# --- path: tests/test_attest.py ---
# Test code fakes quotes on purpose: not reported.
from app.attest import client


def fake_quote(data):
    try:
        return client.get_quote(data)
    except Exception:
        return {"quote": "mock"}  # ok: attestation-dev-fallback
