"""Household invitations in this channel: a deep link to the bot, and its QR code."""

from __future__ import annotations

import io

import segno


def deep_link(bot_username: str, token: str) -> str:
    """https://t.me/<bot>?start=<token>."""
    return f"https://t.me/{bot_username}?start={token}"


def qr_png(link: str) -> bytes:
    """The link as a QR code PNG image, made in memory."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()
