import os
import ssl
import jwt
import requests
import httpx

URL = "https://verifier.example/attest"
CA_BUNDLE = "/etc/ssl/certs/dstack-ca.pem"

requests.get(URL, verify=True)  # ok: attestation-tls-verification-disabled
requests.get(URL, verify=CA_BUNDLE)  # ok: attestation-tls-verification-disabled
requests.get(URL, verify="/etc/ssl/certs/ca.pem")  # ok: attestation-tls-verification-disabled
httpx.Client(verify=ssl.create_default_context(cafile=CA_BUNDLE))  # ok: attestation-tls-verification-disabled
ctx = ssl.create_default_context()
ctx.check_hostname = True  # ok: attestation-tls-verification-disabled
ctx.verify_mode = ssl.CERT_REQUIRED  # ok: attestation-tls-verification-disabled
if ctx.verify_mode == ssl.CERT_NONE:  # ok: attestation-tls-verification-disabled
    raise RuntimeError("refusing an unverified context")

# verify=False on something that is not an HTTP client is another matter.
claims = jwt.decode("token", verify=False)  # ok: attestation-tls-verification-disabled

# A comment that mentions verify=False is not code.
os.environ["PYTHONHTTPSVERIFY"] = "1"  # ok: attestation-tls-verification-disabled
os.environ["LOG_LEVEL"] = "0"  # ok: attestation-tls-verification-disabled
text = "requests.get(URL, verify=False)"  # ok: attestation-tls-verification-disabled
