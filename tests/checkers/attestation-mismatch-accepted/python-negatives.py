# Mismatches that fail, and code that decides nothing.
import hashlib
import hmac
import logging
import sys

log = logging.getLogger(__name__)


class VerificationError(Exception):
    pass


def verify_compose(quote, app_compose: str) -> bool:
    computed = hashlib.sha256(app_compose.encode()).hexdigest()
    if computed != quote.compose_hash:  # ok: attestation-mismatch-accepted
        log.error("compose hash mismatch")
        raise VerificationError("compose hash")
    return True


def verify_report(report: dict, nonce: bytes) -> bool:
    if report["report_data"][:32] != nonce:  # ok: attestation-mismatch-accepted
        return False
    return True


def verify_rtmr(quote, expected) -> dict:
    errors = []
    if quote.rtmr3 != expected:  # ok: attestation-mismatch-accepted
        errors.append("rtmr3")
    return {"valid": not errors, "errors": errors}


def verify_signer(recovered, signer) -> bool:
    ok = True
    if recovered != signer:  # ok: attestation-mismatch-accepted
        log.warning("signer mismatch")
        ok = False
    return ok


def verify_or_exit(digest, expected) -> bool:
    if digest != expected:  # ok: attestation-mismatch-accepted
        print("digest mismatch")
        sys.exit(1)
    return True


def verify_present(quote) -> bool:
    # A presence or length test is not a comparison with an expected value.
    if quote.signature is None:  # ok: attestation-mismatch-accepted
        log.info("unsigned")
    if len(quote.signature) != 65:  # ok: attestation-mismatch-accepted
        log.info("odd length")
    return hmac.compare_digest(quote.signature, b"x")


def walkthrough(quote, expected_hash):
    # Prints each check for a person and decides nothing.
    if quote.compose_hash != expected_hash:  # ok: attestation-mismatch-accepted
        print("compose hash differs")
    hmac.compare_digest(quote.compose_hash, expected_hash)  # ok: attestation-mismatch-accepted
    print("done")


def validate_all(quotes, expected_mrtd) -> list:
    # `continue` skips the item: it is not taken as valid.
    valid = []
    for q in quotes:
        if q.mrtd != expected_mrtd:  # ok: attestation-mismatch-accepted
            print("skipping", q.id)
            continue
        valid.append(q)
    return valid
