"""The household's budget in a few lines, for the worker before choosing the freins (issue 14).

The figures are the casework's (intake_bot.engine.derived, the same the documents print): totals,
reste à vivre, per day and per consumption unit, taux d'effort.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from intake_bot.engine.derived import Figures
from intake_bot.i18n import current_locale, format_value, render


def _money(value: Decimal | None, locale: str) -> str:
    return format_value(value, locale) if value is not None else render("chat.budget_unknown", locale)


def budget_lines_summary(figures: Figures, locale: str | None = None) -> list[str]:
    """Two lines: monthly totals, then reste à vivre (per day per unit) and taux d'effort."""
    locale = locale or current_locale()
    effort = (render("chat.budget_percent", locale, value=format_decimal(figures.taux_effort, locale=locale))
              if figures.taux_effort is not None else render("chat.budget_unknown", locale))
    return [render("chat.budget_totals", locale, resources=_money(figures.total_resources, locale),
                   charges=_money(figures.total_charges, locale),
                   repayments=_money(figures.total_repayments, locale),
                   debts=_money(figures.total_debts, locale)),
            render("chat.budget_rest", locale, rest=_money(figures.reste_a_vivre, locale),
                   per_day=_money(figures.reste_a_vivre_per_day_per_unit, locale), effort=effort)]
