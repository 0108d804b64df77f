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
    retention_months: int = 24  # a case without activity this long is erased (issue 11)
    database_url: str | None = None
    # Issue 15: the structure in the documents (left out when empty) and the taux d'effort base.
    service_address: str = ""
    service_phone: str = ""
    service_city: str = ""
    logo_path: Path | None = None
    effort_with_housing_benefit: bool = True
    # Issue 12: the staff portal, served beside the bot (WEB_ENABLED=0 turns it off) behind the
    # organisation's HTTPS proxy; PORTAL_URL is its address as staff reach it (sign-in links).
    web_enabled: bool = True
    web_listen: str = "127.0.0.1"
    web_port: int = 8080
    portal_url: str = "http://127.0.0.1:8080"
    web_secure_cookies: bool = False

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
            database_url=get("DATABASE_URL"),
            retention_months=int(get("RETENTION_MONTHS") or 24),
            service_address=get("INTAKE_SERVICE_ADDRESS") or "",
            service_phone=get("INTAKE_SERVICE_PHONE") or "",
            service_city=get("INTAKE_SERVICE_CITY") or "",
            logo_path=Path(get("INTAKE_LOGO_PATH")) if get("INTAKE_LOGO_PATH") else None,
            effort_with_housing_benefit=(get("INTAKE_EFFORT_BASE") or "with_housing_benefit")
            != "without_housing_benefit",
            web_enabled=(get("WEB_ENABLED") or "1").lower() not in ("0", "false", "no", "off"),
            web_listen=get("WEB_LISTEN") or "127.0.0.1",
            web_port=int(get("WEB_PORT") or 8080),
            portal_url=(get("PORTAL_URL") or "http://127.0.0.1:8080").rstrip("/"),
            web_secure_cookies=(get("WEB_SECURE_COOKIES") or "0").lower() in ("1", "true", "yes", "on"),
        )


def resource_dir(name: str) -> Path:
    """Where the package's ``templates`` or ``locale`` folder is: inside the installed package
    (a wheel carries them as package data), else at the root of a source checkout."""
    packaged = Path(__file__).resolve().parent / name
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / name
