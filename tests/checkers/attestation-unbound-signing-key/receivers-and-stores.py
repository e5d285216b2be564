# A key from an attestation response that verifies a signature as the
# receiver of verify(), or is stored as verified, without report_data.
from cryptography.hazmat.primitives.serialization import load_pem_public_key


class PeerVerifier:
    def __init__(self):
        self.verified_key = None

    def check_signature(self, report: dict, signature: bytes, message: bytes):
        # CHECK-MESSAGES: warning: 'public_key' from an attestation response verifies a signature with verify(...) [attestation-unbound-signing-key]
        load_pem_public_key(report["public_key"].encode()).verify(signature, message)

    def pin(self, attestation: dict):
        # CHECK-MESSAGES: warning: 'signing_key' from an attestation response is stored as self.verified_key [attestation-unbound-signing-key]
        self.verified_key = attestation["signing_key"]

    def pin_bound(self, attestation: dict, quote):
        key = attestation["signing_key"]
        if quote.report_data[:32] != key[:32]:
            raise ValueError("report_data does not bind the key")
        self.verified_key = key  # ok: attestation-unbound-signing-key
