# CHECK-CONFIG: {CheckOptions: {ReportUndeployed: true}}
# A fallback is reported where it is written, and the read it applies to is
# a note in its own file: a module that reads a secret, another that falls
# back for it, and a settings field inherited from a base class declared in
# another module.
# --- path: app/config.py ---
import os

# CHECK-NOTES: :14: note: value read from os.getenv('JWT_SECRET')
JWT_SECRET = os.getenv("JWT_SECRET")
# --- path: app/auth.py ---
# Comment lines that put the fallback past the end of app/config.py.
#
#
#
#
from app.config import JWT_SECRET

# CHECK-MESSAGES: :32: warning: JWT_SECRET falls back to the literal 'dev-sign...' when it is not set [secrets-hardcoded-fallback]
signing_secret = JWT_SECRET or "dev-signing-secret"
# --- path: app/base.py ---
from pydantic_settings import BaseSettings


class Base(BaseSettings):
    # CHECK-NOTES: :5: note: value read from field 'admin_token' of settings class 'Settings'
    # CHECK-MESSAGES: :24: warning: APP_ADMIN_TOKEN falls back to the literal 'letmein-please' when it is not set [secrets-hardcoded-fallback]
    admin_token: str = "letmein-please"
# --- path: app/settings.py ---
from pydantic_settings import SettingsConfigDict

from app.base import Base


class Settings(Base):
    model_config = SettingsConfigDict(env_prefix="app_")


def token() -> str:
    return Settings().admin_token
