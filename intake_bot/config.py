"""Settings, read once from the environment (see .env.example for every variable)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    """Everything configurable; defaults run the embedded console + SQLite setup."""

    data_dir: Path = Path("data")
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    invite_ttl_days: int = 14
    translation_backend: str = "none"
    libretranslate_url: str | None = None
    libretranslate_api_key: str | None = None
    organisation: str = ""

    @property
    def database_path(self) -> Path:
        """The SQLite file under the data directory."""
        return self.data_dir / "intake.sqlite"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Settings from environment variables (empty values count as unset)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            return env.get(name) or None

        return cls(
            data_dir=Path(get("INTAKE_DATA_DIR") or "data"),
            telegram_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=get("TELEGRAM_API_BASE_URL"),
            webhook_url=get("TELEGRAM_WEBHOOK_URL"),
            webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
            webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(get("TELEGRAM_WEBHOOK_PORT") or 8443),
            invite_ttl_days=int(get("INVITE_TTL_DAYS") or 14),
            translation_backend=get("TRANSLATION_BACKEND") or "none",
            libretranslate_url=get("LIBRETRANSLATE_URL"),
            libretranslate_api_key=get("LIBRETRANSLATE_API_KEY"),
            organisation=get("INTAKE_ORGANISATION") or "",
        )
