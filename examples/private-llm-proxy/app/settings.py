"""Service settings, read from the environment."""

from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    llm_base_url: str = "https://llm.internal:8443"
    summary_model: str = "meta-llama/Llama-3.3-70B-Instruct"
    log_level: str = "info"
    # This app's DstackApp contract on Base, which lists the compose hashes
    # allowed to boot.
    app_auth_address: str = "0x5ac1b2f3c0e4d6a8b9c7e5f3a1d2c4b6e8f0a2c4"


settings = Settings()


@lru_cache
def get_settings() -> Settings:
    return settings
