# No deployment file: the findings are held back unless asked for.
# CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
# Secrets read from the environment or pydantic settings with a literal
# fallback, and keys written in the code. No compose file is among the inputs.
import os
from os import getenv

from eth_account import Account
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# CHECK-NOTES: note: whoever has the code or the image can forge the tokens and signatures it protects
# CHECK-MESSAGES: :38: warning: JWT_SECRET falls back to the literal 'dev-secret' when it is not set [secrets-hardcoded-fallback]
JWT_SECRET = os.getenv("JWT_SECRET", "dev-secret")
# CHECK-NOTES: note: whoever has the code or the image can log in with it
# CHECK-MESSAGES: warning: DB_PASSWORD falls back to the literal 'postgres' when it is not set [secrets-hardcoded-fallback]
DB_PASSWORD = getenv("DB_PASSWORD") or "postgres"
# CHECK-NOTES: note: whoever has the code or the image can use the credential and act as this app
# CHECK-MESSAGES: warning: OPENAI_API_KEY falls back to the literal 'sk-proj-...' when it is not set [secrets-hardcoded-fallback]
API_KEY = os.environ.get("OPENAI_API_KEY", "sk-proj-0123456789abcdef")
# CHECK-NOTES: note: value read from os.environ.setdefault('WALLET_PRIVATE_KEY')
# CHECK-NOTES: note: whoever has the code or the image can sign as this key and move what it controls
# CHECK-MESSAGES: warning: WALLET_PRIVATE_KEY falls back to the literal '0xac0974...' when it is not set [secrets-hardcoded-fallback]
WALLET = os.environ.setdefault("WALLET_PRIVATE_KEY", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")

EMPTY_TOKEN = os.getenv("GITHUB_TOKEN", "")  # ok: secrets-hardcoded-fallback
NO_DEFAULT = os.environ["SESSION_SECRET"]  # ok: secrets-hardcoded-fallback
ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")  # ok: secrets-hardcoded-fallback
KEY_PATH = os.getenv("TLS_KEY_PATH", "/etc/tls/key.pem")  # ok: secrets-hardcoded-fallback
PUBLIC = os.getenv("SIGNER_PUBLIC_KEY", "0x04ab")  # ok: secrets-hardcoded-fallback
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")  # ok: secrets-hardcoded-fallback
COMPUTED = os.getenv("HMAC_KEY", os.urandom(32).hex())  # ok: secrets-hardcoded-fallback

# A marker the code refuses at start-up is not a key it uses.
SIGNING_KEY = os.getenv("SIGNING_KEY", "change-me")  # ok: secrets-hardcoded-fallback
if SIGNING_KEY == "change-me":
    raise SystemExit("SIGNING_KEY must be set")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="app_")

    # CHECK-MESSAGES: warning: APP_ADMIN_TOKEN falls back to the literal 'letmein' when it is not set [secrets-hardcoded-fallback]
    admin_token: str = "letmein"
    # CHECK-MESSAGES: :43: warning: APP_WEBHOOK_SECRET falls back to the literal 'whsec_test' [secrets-hardcoded-fallback]
    webhook_secret: SecretStr = SecretStr("whsec_test")
    # A SecretStr field counts whatever its name.
    # CHECK-MESSAGES: warning: STRIPE falls back to the literal 'rk_live_x' when it is not set [secrets-hardcoded-fallback]
    stripe: SecretStr = Field("rk_live_x", alias="STRIPE")
    encryption_key: str = ""  # ok: secrets-hardcoded-fallback
    api_key: SecretStr = Field(...)  # ok: secrets-hardcoded-fallback
    public_key: str = "ssh-ed25519 AAAA"  # ok: secrets-hardcoded-fallback
    port: int = 8000  # ok: secrets-hardcoded-fallback


# CHECK-NOTES: note: whoever has the code or the image can sign as this key and move what it controls
# CHECK-MESSAGES: :16: error: a private key is written in the code (assigned to 'OPERATOR_KEY') [secrets-hardcoded-fallback]
OPERATOR_KEY = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
# CHECK-MESSAGES: error: a private key is written in the code (passed to 'from_key') [secrets-hardcoded-fallback]
account = Account.from_key("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")
# CHECK-MESSAGES: error: a mnemonic is written in the code (assigned to 'MNEMONIC') [secrets-hardcoded-fallback]
MNEMONIC = "legal winner thank year wave sausage worth useful legal winner thank yellow"
TX_HASH = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"  # ok: secrets-hardcoded-fallback
GREETING = "hello world how are you doing today my friend it is nice to see you"  # ok: secrets-hardcoded-fallback
# CHECK-MESSAGES: error: a PEM private key is written in the code [secrets-hardcoded-fallback]
CERT_BUNDLE = """-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
-----END RSA PRIVATE KEY-----"""
DEV_TOKEN = os.getenv("DEV_TOKEN", "tok")  # NOLINT(secrets-hardcoded-fallback)
HELP = "key='-----BEGIN PRIVATE KEY-----\\nXXXX\\nXXXX\\n-----END PRIVATE KEY-----'"  # ok: secrets-hardcoded-fallback
