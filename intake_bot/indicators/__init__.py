"""Indicators (issue 12; seed 001 §7.1, seed 000 §III): for a period, an organisation and a
measure, the figures a funder asks for, counted by the database from a few facts stored per
case (:mod:`.facts`), as tables (:mod:`.model`), CSV and XLSX files (:mod:`.export`) and SVG
bar charts (:mod:`.chart`). Doors get them from ``CaseService.indicators``.
"""

from __future__ import annotations

from intake_bot.indicators.chart import chart_svg
from intake_bot.indicators.export import to_csv, to_xlsx
from intake_bot.indicators.model import Indicators, Period, Table

__all__ = ["Indicators", "Period", "Table", "chart_svg", "to_csv", "to_xlsx"]
