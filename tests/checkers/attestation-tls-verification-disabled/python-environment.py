import os

os.environ["PYTHONHTTPSVERIFY"] = "0"  # CHECK-MESSAGES: warning: setting PYTHONHTTPSVERIFY='0' turns off TLS certificate verification [attestation-tls-verification-disabled]
os.environ.setdefault("GIT_SSL_NO_VERIFY", "true")  # CHECK-MESSAGES: warning: setting GIT_SSL_NO_VERIFY='true' [attestation-tls-verification-disabled]
os.putenv("NODE_TLS_REJECT_UNAUTHORIZED", '0')  # CHECK-MESSAGES: warning: NODE_TLS_REJECT_UNAUTHORIZED='0' [attestation-tls-verification-disabled]
# CHECK-NOTES: note: pip downloads from the named hosts
os.environ["PIP_TRUSTED_HOST"] = "pypi.internal"  # CHECK-MESSAGES: warning: setting PIP_TRUSTED_HOST='pypi.internal' [attestation-tls-verification-disabled]
os.environ["PIP_TRUSTED_HOST"] = ""  # ok: attestation-tls-verification-disabled
os.environ["NODE_TLS_REJECT_UNAUTHORIZED"] = os.getenv("X", "0")  # ok: attestation-tls-verification-disabled
