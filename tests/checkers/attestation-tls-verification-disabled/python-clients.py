import ssl
import aiohttp
import httpx
import requests
import urllib.request
from ssl import _create_unverified_context  # CHECK-MESSAGES: warning: 'ssl._create_unverified_context' [attestation-tls-verification-disabled]

ATTESTATION_URL = "https://verifier.example/attest"


def fetch_report():
    # CHECK-NOTES: note: whoever controls the network path
    # CHECK-MESSAGES: :53: warning: disabled by 'verify=False' [attestation-tls-verification-disabled]
    return requests.get(ATTESTATION_URL, timeout=5, verify=False)


def post_with_session(body):
    s = requests.Session()
    s.verify = False  # CHECK-MESSAGES: warning: disabled for this session [attestation-tls-verification-disabled]
    return s.post(ATTESTATION_URL, json=body, verify=False)  # CHECK-MESSAGES: warning: 'verify=False' [attestation-tls-verification-disabled]


async def httpx_client():
    async with httpx.AsyncClient(base_url=ATTESTATION_URL, verify=False) as c:  # CHECK-MESSAGES: warning: 'verify=False' [attestation-tls-verification-disabled]
        return await c.get("/")


def httpx_sync():
    # CHECK-MESSAGES: warning: 'verify=False' [attestation-tls-verification-disabled]
    client = httpx.Client(verify=False)
    return client


async def aiohttp_calls(session: aiohttp.ClientSession):
    await session.get(ATTESTATION_URL, ssl=False)  # CHECK-MESSAGES: warning: 'ssl=False' [attestation-tls-verification-disabled]
    connector = aiohttp.TCPConnector(verify_ssl=False)  # CHECK-MESSAGES: warning: 'verify_ssl=False' [attestation-tls-verification-disabled]
    return connector


def contexts():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # CHECK-MESSAGES: warning: host name checking is disabled [attestation-tls-verification-disabled]
    ctx.verify_mode = ssl.CERT_NONE  # CHECK-MESSAGES: :27: warning: 'CERT_NONE' makes this SSL context accept any certificate [attestation-tls-verification-disabled]
    raw = ssl._create_unverified_context()  # CHECK-MESSAGES: warning: 'ssl._create_unverified_context' builds a context [attestation-tls-verification-disabled]
    opts = {"cert_reqs": ssl.CERT_NONE}  # CHECK-MESSAGES: warning: 'CERT_NONE' [attestation-tls-verification-disabled]
    wrapped = ssl.wrap_socket(None, cert_reqs=ssl.CERT_NONE)  # CHECK-MESSAGES: warning: 'CERT_NONE' [attestation-tls-verification-disabled]
    return ctx, raw, opts, wrapped


# Installing the unverified context as the process default.
ssl._create_default_https_context = ssl._create_unverified_context  # CHECK-MESSAGES: warning: 'ssl._create_unverified_context' [attestation-tls-verification-disabled]


def multi_line_call():
    return requests.post(
        ATTESTATION_URL,
        json={},
        verify=False,  # CHECK-MESSAGES: :9: warning: 'verify=False' [attestation-tls-verification-disabled]
    )
