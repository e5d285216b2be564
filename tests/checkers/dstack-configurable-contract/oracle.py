# A Python oracle: the governance contract's address comes from the
# environment; the compose file decides who sets it.
# --- path: oracle/settings.py ---
import os

KMS_CONTRACT = os.environ["KMS_CONTRACT_ADDRESS"]
REGISTRY = os.getenv("REGISTRY_ADDRESS", "0x2222222222222222222222222222222222222222")
PAYMENTS = os.getenv("PAYMENTS_ADDRESS")
# --- path: oracle/main.py ---
from web3 import Web3

from settings import KMS_CONTRACT, PAYMENTS, REGISTRY

w3 = Web3(Web3.HTTPProvider("https://mainnet.base.org"))
ABI = [{"name": "allowedComposeHashes", "type": "function"}]

# CHECK-NOTES: note: the operator can point the app at a contract they control
# CHECK-MESSAGES: error: KMS_CONTRACT_ADDRESS reaches Web3.eth.contract(address=...) and docker-compose.yml service 'oracle' lets the operator set it (KMS_CONTRACT_ADDRESS) [dstack-configurable-contract]
kms = w3.eth.contract(address=Web3.to_checksum_address(KMS_CONTRACT), abi=ABI)

# Pinned by a literal in the compose file: inventoried, not flagged.
registry = w3.eth.contract(address=REGISTRY, abi=ABI)  # ok: dstack-configurable-contract

# A literal address in code: inventoried, not flagged.
pinned = w3.eth.contract(address="0x3333333333333333333333333333333333333333", abi=ABI)  # ok: dstack-configurable-contract

# Not set by the service: the code default is unset too, but only reported
# with ReportUnset.
payments = w3.eth.contract(PAYMENTS, abi=ABI)  # ok: dstack-configurable-contract
# --- path: docker-compose.yml ---
services:
  oracle:
    image: ghcr.io/example/oracle@sha256:1111111111111111111111111111111111111111111111111111111111111111
    environment:
      - KMS_CONTRACT_ADDRESS=${KMS_CONTRACT_ADDRESS}
      - REGISTRY_ADDRESS=0x2222222222222222222222222222222222222222
    command: ["python", "/app/oracle/main.py"]
    build: .
# --- path: Dockerfile ---
FROM python:3.12-slim@sha256:4444444444444444444444444444444444444444444444444444444444444444
COPY oracle /app/oracle
