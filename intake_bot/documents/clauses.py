"""Bilingual clauses: one message rendered in French and in the household's language.

A parameter is either a plain value (a name, a number, a date: formatted the way each language
writes it by :func:`intake_bot.i18n.render`) or a :data:`Term`, a function of the locale, for
words that must be translated too (a measure, a funder, a frein).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from intake_bot.i18n import BASE_LOCALE, choice_label, is_rtl, render

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
    """``message_id`` rendered in ``locale``, Term parameters resolved in that locale.

    In a right-to-left language each text parameter (a name, a French word, a date) is
    wrapped in Unicode isolates so brackets and the French stay in place; an abbreviation's
    full stop ending a date is not doubled by the sentence's (Ukrainian « 2026 р.. »)."""
    resolved = {k: v(locale) if callable(v) else v for k, v in params.items()}
    if is_rtl(locale):
        resolved = {k: isolate(v) if isinstance(v, str) else v for k, v in resolved.items()}
    return DOUBLE_STOP.sub(".", render(message_id, locale, **resolved))


#: Two full stops that are not part of an ellipsis.
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def isolate(text: str) -> str:
    """``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE."""
    return f"\u2068{text}\u2069" if text else text


def bilingual(message_id: str, locale: str, **params: Any) -> Bilingual:
    """``message_id`` in French and in ``locale``."""
    french = in_locale(FRENCH, message_id, **params)
    other = french if locale == FRENCH else in_locale(locale, message_id, **params)
    return Bilingual(french, french if without_isolates(other) == french else other)


def without_isolates(text: str) -> str:
    """``text`` without the isolates :func:`isolate` adds (to compare it with the French)."""
    return text.replace("\u2068", "").replace("\u2069", "")


def objective_rows(data: CaseData, objectives: Sequence[Objective], locale: str,
                   tripartite: bool) -> list[Bilingual]:
    """One clause per objective: its theme, its freins and situations, and the reciprocal
    commitments that fit the household (household_facts); then, when the landlord signs, its
    commitment, once.

    When the landlord signs (``tripartite``), the contract reveals no frein, health, debt or
    residence status: no objective names its freins or situations, and the private objectives
    (objectives.is_private) are left out, replaced by one clause saying that the household and
    the service agreed on others that the landlord is not told."""
    freins = data.flow.field("freins")
    facts = household_facts(data)
    shown = [o for o in objectives if not (tripartite and is_private(o))]
    rows = []
    for number, objective in enumerate(shown, start=1):
        def text(loc: str) -> str:
            return "\n".join(objective_lines(objective, number, loc, freins, tripartite, facts))
        rows.append(Bilingual(text(FRENCH), text(locale)))
    if len(shown) < len(objectives):
        rows.append(bilingual("doc.contract.objectives_private", locale))
    if tripartite:
        rows.append(bilingual("doc.contract.landlord_commits", locale,
                              actions=lambda loc: render("doc.objective.landlord", loc)))
    return rows


def household_facts(data: CaseData) -> frozenset[str]:
    """What makes a standard commitment fit or not: ``permit`` (the household holds or needs a
    residence permit: a foreign national, or the frein « droit au séjour »), ``animals`` (it has animals), ``registered`` (registered with France
    Travail or the mission locale)."""
    answers = data.answers
    facts = set()
    status = answers.get("residence_status")
    foreign = answers.get("nationality_group") not in (None, "france") and status not in NO_PERMIT_NEEDED
    if foreign or "residence_right" in (answers.get("freins") or ()):
        facts.add("permit")
    if (answers.get("animals") or 0) > 0 or answers.get("pets") is True \
            or "many_animals" in (answers.get("freins") or ()):
        facts.add("animals")
    employments = [answers.get("employment")] + [m.get("employment") for m in answers.get("members") or ()]
    support = answers.get("employment_support") or ()
    if "jobseeker_registered" in employments or {"france_travail", "mission_locale"} & set(support):
        facts.add("registered")
    return frozenset(facts)


#: Residence statuses that need no titre de séjour.
NO_PERMIT_NEEDED = frozenset({"french_citizen", "eu_citizen"})
#: theme -> (fact, message id used when the household lacks that fact): the standard
#: commitment names a titre de séjour, animals or France Travail only when it fits.
COMMITMENT_VARIANTS: dict[str, tuple[str, str]] = {
    "admin_finance": ("permit", "doc.objective.admin_finance.household_no_permit"),
    "occupation": ("animals", "doc.objective.occupation.household_no_animals"),
    "employment": ("registered", "doc.objective.employment.household_not_registered"),
}


def household_commitment(code: str, facts: frozenset[str]) -> str:
    """Message id of the household's commitment for theme ``code``, fitted to ``facts``."""
    fact, variant = COMMITMENT_VARIANTS.get(code, ("", ""))
    return variant if fact and fact not in facts else f"doc.objective.{code}.household"


def agreed_actions(objective: Objective, locale: str) -> list[str]:
    """The actions typed by the worker: in ``locale`` when machine-translated into it (and
    said so), else in French with the note that the worker explains them."""
    translated = objective.translation if objective.translation_locale == locale else None
    text = translated or objective.text
    text = isolate(text) if is_rtl(locale) else text
    lines = [render("doc.contract.actions_agreed", locale, text=text)]
    if locale != FRENCH:
        note = "doc.contract.machine_translated" if translated else "doc.contract.written_in_french"
        lines.append(render(note, locale))
    return lines


def objective_lines(objective: Objective, number: int, locale: str, freins: Any,
                    tripartite: bool, facts: frozenset[str] = frozenset()) -> list[str]:
    """The lines of one objective in ``locale`` (its freins and situations unnamed when
    ``tripartite``)."""
    code = objective.code
    lines = [render("doc.contract.objective_heading", locale, number=number,
                    theme=render(f"doc.objective.{code}", locale))]
    if objective.freins and not tripartite:
        labels = [choice_label(freins, freins.choice(f), locale) for f in objective.freins
                  if freins.choice(f)]
        lines.append(render("doc.contract.objective_freins", locale, freins=", ".join(labels)))
    if objective.situations and not tripartite:
        labels = [render(f"doc.situation.{s}", locale) for s in objective.situations]
        lines.append(render("doc.contract.objective_situations", locale, situations=", ".join(labels)))
    if objective.text:
        return lines + agreed_actions(objective, locale)
    lines.append(render("doc.contract.household_commits", locale,
                        actions=render(household_commitment(code, facts), locale)))
    lines.append(render("doc.contract.service_commits", locale,
                        actions=render(f"doc.objective.{code}.service", locale)))
    if not tripartite:
        lines += [render(f"doc.situation.{s}.service", locale) for s in objective.situations]
    return lines
