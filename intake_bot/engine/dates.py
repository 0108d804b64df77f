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


# --- Solar Hijri (the calendar of Afghanistan and Iran) -----------------------------------

# A year typed in this range by a Dari or Pashto household is a Solar Hijri year: 1300 is 1921,
# 1420 is 2041, and no Gregorian date the interview asks for lies in 1300–1420.
SOLAR_HIJRI_YEARS = range(1300, 1421)
SOLAR_HIJRI_LOCALES = ("fa_AF", "ps")


def uses_solar_hijri(locale: str | None) -> bool:
    """True when households of ``locale`` may write dates in the Solar Hijri calendar."""
    return (locale or "").replace("-", "_") in SOLAR_HIJRI_LOCALES


def is_solar_hijri_year(year: int, locale: str | None) -> bool:
    """True when ``year`` typed in ``locale`` is read as a Solar Hijri year."""
    return uses_solar_hijri(locale) and year in SOLAR_HIJRI_YEARS


def from_solar_hijri(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri date (12/03/1364 → 1985-06-02); ValueError when that
    day does not exist (jdatetime checks the length of each month and leap years)."""
    import jdatetime  # Solar Hijri arithmetic (see pyproject.toml)

    return jdatetime.date(year, month, day).togregorian()


def to_solar_hijri(value: date) -> tuple[int, int, int]:
    """(year, month, day) of ``value`` in the Solar Hijri calendar."""
    import jdatetime

    converted = jdatetime.date.fromgregorian(date=value)
    return converted.year, converted.month, converted.day
