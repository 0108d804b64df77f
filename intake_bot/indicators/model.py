"""What the indicators are made of: a period, tables of counts, key figures."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """One calendar quarter (1 to 4)."""
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        """One calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Table:
    """One figure broken down: ``rows`` of (French label, number of cases); ``total`` is the
    number of cases the table covers (a case may count in several rows of a multiple choice)."""

    id: str
    title: str
    rows: list[tuple[str, int]]
    total: int


@dataclass(frozen=True)
class Indicators:
    """The indicators of one period for one organisation ('' : all) and one measure (None:
    all): the tables, and key figures as (French label, formatted value)."""

    period: Period
    measure: str | None
    organisation: str
    tables: list[Table] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)

    def table(self, table_id: str) -> Table:
        """The table with this id (KeyError when there is none)."""
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)
