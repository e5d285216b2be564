"""Service settings, read from the environment."""

from functools import lru_cache

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    llm_base_url: str = "https://llm.internal:8443"
    summary_model: str = "meta-llama/Llama-3.3-70B-Instruct"
    log_level: str = "info"


settings = Settings()


@lru_cache
def get_settings() -> Settings:
    return settings
