#include "checkers/CheckRegistry.h"
#include "checkers/attestation/DevFallbackCheck.h"
#include "checkers/attestation/MismatchAcceptedCheck.h"
#include "checkers/attestation/TlsVerificationDisabledCheck.h"
#include "checkers/attestation/UnboundSigningKeyCheck.h"

namespace teetidy {

void addAttestationModule(CheckRegistry &R) {
  R.add<attestation::UnboundSigningKeyCheck>(
      "attestation-unbound-signing-key",
      "a key or address from an attestation response is trusted without checking that the "
      "quote's report_data binds it");
  R.add<attestation::DevFallbackCheck>(
      "attestation-dev-fallback",
      "code that obtains quotes or keys hands back mock attestation data or a known key when "
      "the TEE call fails or a development switch is on");
  R.add<attestation::MismatchAcceptedCheck>(
      "attestation-mismatch-accepted",
      "verification code finds a hash, signature or measurement mismatch, or drops a "
      "verification result, and still reports the attestation as valid");
  R.add<attestation::TlsVerificationDisabledCheck>(
      "attestation-tls-verification-disabled",
      "TLS certificate verification is turned off for a client, so the "
      "operator or host on the network path can impersonate the attested service");
}

} // namespace teetidy
