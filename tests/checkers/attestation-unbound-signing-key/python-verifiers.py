# A signing address fetched with an attestation report and trusted without a
# report_data comparison; and verifiers that bind it first. The key is
# fetched in one module and trusted in another.
# --- path: client/fetch.py ---
import requests


def fetch_signing_address(base_url: str) -> str:
    report = requests.get(f"{base_url}/v1/attestation/report", timeout=10).json()
    return report["signing_address"]


def fetch_report(base_url: str) -> dict:
    return requests.get(f"{base_url}/v1/attestation/report", timeout=10).json()
# --- path: client/verify.py ---
from eth_account import Account
from eth_account.messages import encode_defunct

from client.fetch import fetch_report, fetch_signing_address


def verify_response(base_url: str, text: str, signature: str) -> bool:
    signer = fetch_signing_address(base_url)
    recovered = Account.recover_message(encode_defunct(text=text), signature=signature)
    # CHECK-NOTES: note: only report_data ties a key to the TEE that made the quote
    # CHECK-MESSAGES: warning: 'fetch_signing_address()' from an attestation response is compared with the signer a signature recovers, and nothing binds it to the quote's report_data [attestation-unbound-signing-key]
    return recovered.lower() == signer.lower()


def verify_bound(base_url: str, text: str, signature: str, nonce: bytes) -> bool:
    report = fetch_report(base_url)
    address = report["signing_address"]
    quote = parse_quote(report["intel_quote"])
    expected = bytes.fromhex(address[2:]).ljust(32, b"\0") + nonce
    if quote.report_data != expected:  # ok: attestation-unbound-signing-key
        return False
    recovered = Account.recover_message(encode_defunct(text=text), signature=signature)
    return recovered.lower() == address.lower()  # ok: attestation-unbound-signing-key


def verify_prefix(report: dict, text: str, signature: str) -> bool:
    address = report["signing_address"]
    if not report["report_data"].startswith(address[2:].lower()):
        return False
    return Account.recover_message(encode_defunct(text=text), signature=signature) == address  # ok: attestation-unbound-signing-key


def parse_quote(raw):
    return raw
# --- path: server/quote.py ---
# The server side binds the key into report_data: not a finding.
import hashlib

from dstack_sdk import DstackClient


def attest(public_key: bytes, nonce: bytes):
    report_data = hashlib.sha256(public_key + nonce).digest()
    return DstackClient().get_quote(report_data)  # ok: attestation-unbound-signing-key
# --- path: tests/test_verify.py ---
# Test code is not reported.
from eth_account import Account


def verify_fixture(report, message, signature) -> bool:
    return Account.recover_message(message, signature=signature) == report["signing_address"]  # ok: attestation-unbound-signing-key
