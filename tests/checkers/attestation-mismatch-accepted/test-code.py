# Test code is not reported (IgnoreTestCode, on by default); the same
# function in application code is.
# --- path: tests/test_verify.py ---
import logging


def verify_fixture(digest, expected) -> bool:
    if digest != expected:  # ok: attestation-mismatch-accepted
        logging.warning("fixture digest differs")
    return True
# --- path: app/verify.py ---
import logging


def verify_digest(digest, expected_digest) -> bool:
    # CHECK-MESSAGES: warning: a mismatch of 'digest' and 'expected_digest' does not fail the verification: its branch only logs it [attestation-mismatch-accepted]
    if digest != expected_digest:
        logging.warning("digest differs")
    return True
