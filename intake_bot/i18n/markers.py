"""Markers that let babel extract strings without translating them at import time."""

from __future__ import annotations


def N_(context: str, message: str) -> str:
    """Mark ``message`` (with its gettext ``context``) for extraction; return it unchanged."""
    return message


def NP_(context: str, singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms (gettext's npgettext: ``msgid``/``msgid_plural``, and
    as many translations as the language has forms) for extraction; return both French texts."""
    return singular, plural
