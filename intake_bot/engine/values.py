"""Typed answer values <-> JSON-safe values kept in the interview state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from intake_bot.questionnaire.model import Field


def encode(field: Field, value: Any) -> Any:
    """The JSON-safe form of a typed ``value`` of ``field``."""
    if value is None:
        return None
    if field.kind == "money":
        return str(value)
    if field.kind == "date":
        return value.isoformat()
    if field.kind == "month_year":
        return value.strftime("%Y-%m")
    if field.kind == "multi_choice":
        return list(value)
    return value


def decode(field: Field, stored: Any) -> Any:
    """The typed value of ``field`` from its JSON-safe form."""
    if stored is None:
        return None
    if field.kind == "money":
        return Decimal(stored)
    if field.kind == "date":
        return date.fromisoformat(stored)
    if field.kind == "month_year":
        year, month = stored.split("-")
        return date(int(year), int(month), 1)
    if field.kind == "multi_choice":
        # a bare code: answered when the field was single-choice (arrears_cause, issue 14)
        return [stored] if isinstance(stored, str) else list(stored)
    return stored
