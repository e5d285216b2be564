"""Asks this app's DstackApp contract whether a peer's compose hash may boot."""

from web3 import Web3

from .settings import settings

# The DstackKms contract the deployment's KMS answers to (Base mainnet).
KMS_CONTRACT_ADDRESS = "0x2f83172a49584c017f2b256f0fb2dca14126ba9c"

APP_AUTH_ABI = [
    {"name": "allowedComposeHashes", "type": "function", "stateMutability": "view",
     "inputs": [{"name": "", "type": "bytes32"}], "outputs": [{"name": "", "type": "bool"}]},
]

w3 = Web3(Web3.HTTPProvider("https://mainnet.base.org"))
app_auth = w3.eth.contract(address=settings.app_auth_address, abi=APP_AUTH_ABI)


def compose_hash_allowed(compose_hash: str) -> bool:
    return app_auth.functions.allowedComposeHashes(bytes.fromhex(compose_hash)).call()
