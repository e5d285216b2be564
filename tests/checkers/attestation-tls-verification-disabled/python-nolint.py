import requests

URL = "https://internal.example"

requests.get(URL, verify=False)  # NOLINT(attestation-tls-verification-disabled): pinned by mTLS elsewhere
requests.get(URL, verify=False)  # NOLINT(dstack-*)  CHECK-MESSAGES: warning: 'verify=False' [attestation-tls-verification-disabled]

# NOLINTNEXTLINE(attestation-*)
requests.get(URL, verify=False)

# NOLINTBEGIN(attestation-tls-verification-disabled)
requests.get(URL, verify=False)
requests.post(URL, verify=False)
# NOLINTEND(attestation-tls-verification-disabled)

requests.post(  # NOLINT
    URL,
    verify=False,
)

requests.post(
    URL,
    verify=False,
)  # NOLINT

# An END without a BEGIN is an error at the directive.
# CHECK-MESSAGES: :3: error: unmatched [tee-tidy-nolint]
# NOLINTEND
