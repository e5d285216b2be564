"""Service settings, read from the environment."""

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    llm_base_url: str = "https://llm.internal:8443"
    log_level: str = "info"


settings = Settings()
