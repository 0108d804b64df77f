"""Household invitations: a random token in a deep link, stored only as its SHA-256 hash."""

from __future__ import annotations

import hashlib
import io
import secrets
from datetime import datetime, timedelta

import segno

from intake_bot.storage.base import Invitation, Storage

TOKEN_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters of [A-Za-z0-9_-]


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(storage: Storage, case_id: int, created_by: str, ttl_days: int, now: datetime) -> tuple[str, Invitation]:
    """Create an invitation for ``case_id``; return the token (shown once) and the invitation."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires = (now + timedelta(days=ttl_days)).isoformat(timespec="milliseconds")
    return token, storage.create_invitation(hash_token(token), case_id, created_by, expires)


def usable(invitation: Invitation | None, now: datetime) -> bool:
    """True when the invitation exists, is not used, not revoked and not expired."""
    return (invitation is not None and not invitation.used_at and not invitation.revoked_at
            and datetime.fromisoformat(invitation.expires_at) > now)


def find_usable(storage: Storage, token: str, now: datetime) -> Invitation | None:
    """The invitation a token opens, or None (unknown, used, revoked and expired look the same)."""
    if not token or len(token) > 64:
        return None
    invitation = storage.get_invitation(hash_token(token))
    return invitation if usable(invitation, now) else None


def deep_link(bot_username: str, token: str) -> str:
    """https://t.me/<bot>?start=<token>."""
    return f"https://t.me/{bot_username}?start={token}"


def qr_png(link: str) -> bytes:
    """The link as a QR code PNG image, made in memory."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
