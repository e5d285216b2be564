# Mismatches that only log, pass or return success in functions that decide
# whether an attestation is valid; dropped verification results.
import hashlib
import hmac
import logging

from eth_account import Account
from eth_account.messages import encode_defunct

log = logging.getLogger(__name__)


def verify_compose(quote, app_compose: str, expected: str) -> bool:
    computed = hashlib.sha256(app_compose.encode()).hexdigest()
    # CHECK-NOTES: note: a quote, key or image that fails the check is still reported as verified
    # CHECK-MESSAGES: :8: warning: a mismatch of 'computed' and 'quote.compose_hash' does not fail the verification: its branch only logs it [attestation-mismatch-accepted]
    if computed != quote.compose_hash:
        # CHECK-NOTES: note: on a mismatch this runs, and the function goes on to its verdict
        log.warning("compose hash mismatch (known API issue), continuing")
    return True


def verify_report(report: dict, nonce: bytes) -> dict:
    result = {"valid": True, "checks": []}
    # CHECK-MESSAGES: warning: a mismatch of 'report["report_data"][:32]' and 'nonce' does not fail the verification: its branch does nothing [attestation-mismatch-accepted]
    if report["report_data"][:32] != nonce:
        pass  # TODO: the gateway pads differently
    return result


def check_signature(message: str, signature: str, signer: str):
    recovered = Account.recover_message(encode_defunct(text=message), signature=signature)
    # CHECK-MESSAGES: warning: a mismatch of 'recovered.lower()' and 'signer.lower()' does not fail the verification: its branch returns success [attestation-mismatch-accepted]
    if recovered.lower() == signer.lower():
        return {"verified": True}
    else:
        log.error("signer mismatch")
        return {"verified": True, "note": "mismatch tolerated"}


def verify_hmac(body: bytes, tag: bytes, key: bytes) -> bool:
    expected = hmac.new(key, body, hashlib.sha256).digest()
    # CHECK-MESSAGES: warning: the result of 'hmac.compare_digest(...)' is discarded [attestation-mismatch-accepted]
    hmac.compare_digest(expected, tag)
    return True


def verify_measurements(measurements: dict) -> bool:
    for name, (value, expected_measurement) in measurements.items():
        # CHECK-MESSAGES: warning: a mismatch of 'value' and 'expected_measurement' does not fail the verification: its branch only logs it [attestation-mismatch-accepted]
        if value != expected_measurement:
            log.warning("%s measurement differs", name)
            continue
    return True


def verify_with_service(quote_hex: str) -> bool:
    import requests

    resp = requests.post("https://verifier.example/v1/verify", json={"quote": quote_hex}, timeout=10)
    # CHECK-MESSAGES: warning: the remote verifier's HTTP status is taken as the verification result [attestation-mismatch-accepted]
    return resp.status_code == 200


def verify_remote_checked(quote_hex: str) -> bool:
    import requests

    r = requests.post("https://verifier.example/v1/verify", json={"quote": quote_hex}, timeout=10)
    r.raise_for_status()  # ok: attestation-mismatch-accepted
    return r.json()["verified"] is True


def check_health(url: str) -> bool:
    import requests

    # A health check is no remote verification.
    return requests.get(url, timeout=2).status_code == 200  # ok: attestation-mismatch-accepted
