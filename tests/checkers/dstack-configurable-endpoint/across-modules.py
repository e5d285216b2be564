# CHECK-CONFIG: {CheckOptions: {dstack-configurable-endpoint.ReportUnset: true, dstack-configurable-endpoint.ReportEverySink: true, ReportUndeployed: true}}
# Findings and the notes of their paths are located in the module that holds
# each place: a value passed through a local function's parameter into a
# function of another module is reported at the sink, in the sink's module,
# and a settings field declared in a base class of another module is read
# where it is declared.
# --- path: app/verify.py ---
import os

import requests
from pydantic_settings import SettingsConfigDict

from app.base import Base
from app.fetch import fetch


def verify(x):
    # CHECK-NOTES: :27: note: passed to 'fetch' as parameter 'sig'
    return fetch("m", sig=x)


# CHECK-NOTES: :8: note: value read from os.environ.get('ADDR')
verify(os.environ.get("ADDR"))


class Settings(Base):
    model_config = SettingsConfigDict(env_prefix="app_")


# CHECK-MESSAGES: :14: warning: APP_API_URL reaches requests.get(url=...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
requests.get(Settings().api_url)
# --- path: app/fetch.py ---
import requests


def fetch(model, sig=None):
    # CHECK-NOTES: :25: note: reaches requests.get(url=...)
    # CHECK-MESSAGES: :25: warning: ADDR reaches requests.get(url=...) and no docker-compose service among the analysed files sets it [dstack-configurable-endpoint]
    return requests.get(sig, params={"model": model})
# --- path: app/base.py ---
from pydantic_settings import BaseSettings


class Base(BaseSettings):
    # CHECK-NOTES: :5: note: value read from field 'api_url' of settings class 'Settings'
    api_url: str = "http://api:8000/v1"
