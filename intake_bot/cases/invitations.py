"""Household invitations: a random token, stored only as its SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from intake_bot.storage.base import Invitation

TOKEN_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters of [A-Za-z0-9_-]
MAX_TOKEN_LENGTH = 64


def new_token() -> str:
    """A fresh random token (shown once, in the link)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def usable(invitation: Invitation | None, now: datetime) -> bool:
    """True when the invitation exists, is not used, not revoked and not expired."""
    return (invitation is not None and not invitation.used_at and not invitation.revoked_at
            and datetime.fromisoformat(invitation.expires_at) > now)


def well_formed(token: str | None) -> bool:
    """True for a token worth looking up (anything else is refused without a query)."""
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH
