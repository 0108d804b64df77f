"""Bilingual clauses: one message rendered in French and in the household's language.

A parameter is either a plain value (a name, a number, a date: formatted the way each language
writes it by :func:`intake_bot.i18n.render`) or a :data:`Term`, a function of the locale, for
words that must be translated too (a measure, a funder, a frein).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from intake_bot.i18n import BASE_LOCALE, choice_label, render

from intake_bot.documents.objectives import Objective, is_private
from intake_bot.documents.sources import CaseData

Term = Callable[[str], str]
FRENCH = BASE_LOCALE


@dataclass(frozen=True)
class Bilingual:
    """A clause in French (``fr``) and in the household's language (``hh``)."""

    fr: str
    hh: str

    def as_dict(self) -> dict[str, str]:
        """The clause as template data: ``{"fr": …, "hh": …}``."""
        return {"fr": self.fr, "hh": self.hh}

    def joined(self) -> str:
        """« français / traduction », or the French alone when both are the same."""
        return self.fr if self.fr == self.hh else " / ".join((self.fr, self.hh))


def in_locale(locale: str, message_id: str, **params: Any) -> str:
    """``message_id`` rendered in ``locale``, Term parameters resolved in that locale."""
    resolved = {k: v(locale) if callable(v) else v for k, v in params.items()}
    return render(message_id, locale, **resolved)


def bilingual(message_id: str, locale: str, **params: Any) -> Bilingual:
    """``message_id`` in French and in ``locale``."""
    french = in_locale(FRENCH, message_id, **params)
    other = french if locale == FRENCH else in_locale(locale, message_id, **params)
    return Bilingual(french, other)


def objective_rows(data: CaseData, objectives: Sequence[Objective], locale: str,
                   tripartite: bool) -> list[Bilingual]:
    """One clause per objective: its theme, its freins, and the reciprocal commitments.

    When the landlord signs (``tripartite``), the contract reveals no frein, health, debt or
    residence status: no objective names its freins, and the private objectives
    (objectives.is_private) are left out, replaced by one clause saying that the household and
    the service agreed on others that the landlord is not told."""
    freins = data.flow.field("freins")
    shown = [o for o in objectives if not (tripartite and is_private(o))]
    rows = []
    for number, objective in enumerate(shown, start=1):
        def text(loc: str) -> str:
            return "\n".join(objective_lines(objective, number, loc, freins, tripartite))
        rows.append(Bilingual(text(FRENCH), text(locale)))
    if len(shown) < len(objectives):
        rows.append(bilingual("doc.contract.objectives_private", locale))
    return rows


def objective_lines(objective: Objective, number: int, locale: str, freins: Any,
                    tripartite: bool) -> list[str]:
    """The lines of one objective in ``locale`` (its freins unnamed when ``tripartite``)."""
    code = objective.code
    lines = [render("doc.contract.objective_heading", locale, number=number,
                    theme=render(f"doc.objective.{code}", locale))]
    if objective.freins and not tripartite:
        labels = [choice_label(freins, freins.choice(f), locale) for f in objective.freins
                  if freins.choice(f)]
        lines.append(render("doc.contract.objective_freins", locale, freins=", ".join(labels)))
    if objective.text:
        lines.append(render("doc.contract.actions_agreed", locale, text=objective.text))
        if locale != FRENCH:
            lines.append(render("doc.contract.written_in_french", locale))
        return lines
    lines.append(render("doc.contract.household_commits", locale,
                        actions=render(f"doc.objective.{code}.household", locale)))
    lines.append(render("doc.contract.service_commits", locale,
                        actions=render(f"doc.objective.{code}.service", locale)))
    if tripartite:
        lines.append(render("doc.contract.landlord_commits", locale,
                            actions=render("doc.objective.landlord", locale)))
    return lines
