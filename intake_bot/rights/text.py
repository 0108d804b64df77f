"""The rights report as the worker reads it in a chat: message ids of intake_bot.messages only."""

from __future__ import annotations

from babel.dates import format_date

from intake_bot.i18n import format_value, render
from intake_bot.rights.report import (
    INCOMPLETE, PENDING, UNAVAILABLE, BenefitLine, RightsReport,
)


def _line(line: BenefitLine, locale: str) -> str:
    name = render(f"rights.benefit.{line.kind or line.code}", locale)
    declared = format_value(line.declared, locale) if line.declared is not None else "—"
    if line.estimated is None:
        reason = render(f"rights.note.{line.reason}", locale) if line.reason else "—"
        return render("rights.line_not_estimated", locale, benefit=name, reason=reason,
                      declared=declared)
    message = "rights.line_flagged" if line.flagged else "rights.line"
    return render(message, locale, benefit=name, estimated=format_value(line.estimated, locale),
                  declared=declared)


def report_text(report: RightsReport, reference: str, locale: str = "fr") -> str:
    """The whole report (or why there is none) for a worker, in ``locale``."""
    if report.status == PENDING:
        return render("rights.pending", locale, reference=reference)
    if report.status == UNAVAILABLE:
        return render("rights.unavailable", locale)
    if report.status == INCOMPLETE:
        return render("rights.incomplete", locale, reference=reference)
    month = format_date(report.month, "MMMM y", locale=locale)
    parts = [render("rights.title", locale, reference=reference, month=month)]
    parts += ["• " + _line(line, locale) for line in report.lines]
    parts += [render(f"rights.note.{note}", locale) for note in report.notes]
    parts.append(render("rights.caveat", locale, version=report.model_version or "", month=month))
    return "\n".join(parts)
