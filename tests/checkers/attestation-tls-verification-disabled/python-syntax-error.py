import requests

def broken(:
    pass

requests.get("https://x.example", verify=False)  # CHECK-MESSAGES: warning: 'verify=False' [attestation-tls-verification-disabled]
