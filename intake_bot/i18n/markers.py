"""Markers that let babel extract strings without translating them at import time."""

from __future__ import annotations


def N_(context: str, message: str) -> str:
    """Mark ``message`` (with its gettext ``context``) for extraction; return it unchanged."""
    return message
