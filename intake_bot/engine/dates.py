"""Calendar arithmetic on ``datetime.date`` used by expressions and derived figures."""

from __future__ import annotations

import calendar
from datetime import date


def age_on(birth: date | None, on: date) -> int | None:
    """Age in whole years on ``on``; None when the birth date is unknown."""
    if birth is None:
        return None
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - int(before_birthday)


def months_between(start: date | None, end: date | None) -> int | None:
    """Whole months from ``start`` to ``end`` (negative when end is earlier); None if unknown."""
    if start is None or end is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


def add_months(start: date, months: int) -> date:
    """``start`` moved by ``months``, the day clamped to the end of shorter months."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))
