"""The context of the support contract: parties, measure, objectives, duration, clauses.

Every clause is a message of intake_bot.messages rendered twice, in French and in the
household's language, so the household reads what it signs beside the French text
(diagnostic.md §9). Parameters that are words (a measure, a funder, a frein) are translated
too; names and the worker's own wording stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from intake_bot.engine.derived import is_minor, present_members
from intake_bot.i18n import (
    BASE_LOCALE, LANGUAGES, choice_label, format_value, is_rtl, match_locale, render,
)

from intake_bot.documents import formatting as fmt
from intake_bot.documents import measures
from intake_bot.documents.clauses import Bilingual, Term, bilingual, objective_rows
from intake_bot.documents.objectives import Objective, objectives_for
from intake_bot.documents.sources import CaseData, DocumentOptions

__all__ = ["ContractTerms", "contract_context", "contract_terms"]

FRENCH = "fr"


@dataclass(frozen=True)
class ContractTerms:
    """What the contract settles beyond the answers: period, objectives, parties, language.

    ``tripartite``: the landlord signs; ``landlord`` is its name, None when it does not sign."""

    start: date
    end: date
    months: int
    objectives: tuple[Objective, ...]
    locale: str
    landlord: str | None
    tripartite: bool


def contract_terms(data: CaseData, options: DocumentOptions, objectives: Sequence[Objective] | None = None,
                   start: date | None = None, end: date | None = None, locale: str | None = None,
                   landlord: str | None = None, months: int | None = None) -> ContractTerms:
    """The contract's terms: the given ones, else proposed from the answers.

    The measure is the one granted or recommended (measures.contract_measure), with its
    bounds. ``start`` defaults to today; ``end`` to ``start`` plus ``months`` (a duration the
    worker chose), else the recommended duration, else the measure's default. A recommended
    duration or a period outside the bounds raises measures.ContractPeriodError, which carries
    the bounds. The landlord is a party (``tripartite``) only for a tripartite measure whose
    household agreed to share with the landlord (measures.landlord_is_party); otherwise
    ``landlord`` is None, whatever was given or answered, so the contract never names it."""
    answers = data.answers
    measure = measures.contract_measure(answers)
    bounds = measures.bounds_for(measure, options.duration_bounds)
    label = _measure_label(data, FRENCH)
    start = start or data.today
    if end is None:
        recommended = months or answers.get("duration_months")
        if recommended:
            measures.check_duration(recommended, bounds, label)
        end = measures.default_end(start, recommended, bounds)
    length = measures.check_period(start, end, bounds, label)
    if objectives is None:
        objectives = objectives_for(answers, data.today, data.rights.flagged if data.rights else ())
    tripartite = measures.landlord_is_party(measure, answers.get("consent_share_landlord"),
                                            answers.get("measure"))
    landlord = (landlord or answers.get("landlord_name")) if tripartite else None
    return ContractTerms(start, end, length, tuple(objectives), match_locale(locale or data.case.locale),
                         landlord, tripartite)


def contract_context(data: CaseData, options: DocumentOptions, terms: ContractTerms) -> dict[str, Any]:
    """Every placeholder of templates/contrat_accompagnement.docx."""
    locale = terms.locale
    sections = [
        _section("doc.contract.section.parties", locale, party_clauses(data, options, terms)),
        _section("doc.contract.section.measure", locale, measure_clauses(data, terms)),
        _section("doc.contract.section.objectives", locale, objective_rows(data, terms.objectives,
                                                                            locale, terms.tripartite)),
        _section("doc.contract.section.duration", locale,
                 duration_clauses(terms, options, data.answers.get("intensity"))),
        _section("doc.contract.section.stop", locale, stop_clauses(data, locale)),
        _section("doc.contract.section.confidentiality", locale, consent_clauses(data, locale)),
    ]
    language = LANGUAGES.get(locale)
    return {
        **service_context(data, options),
        "reference": data.case.reference,
        "generated_on": fmt.day(data.today),
        "measure": _measure_label(data, FRENCH),
        "funder": render(_funder(data), FRENCH),
        "start_date": fmt.day(terms.start),
        "end_date": fmt.day(terms.end),
        "duration_months": fmt.integer(terms.months),
        "bilingual": locale != BASE_LOCALE,
        "rtl": is_rtl(locale),
        "household_language": language.native_name if language else locale,
        "household_language_fr": fmt.language_name(locale),
        "title": bilingual("doc.contract.title", locale).as_dict(),
        "key_facts": key_facts(data, terms),
        "labels": {key: isolated(bilingual(f"doc.contract.label.{key}", locale), locale)
                   for key in SIGNATURE_LABELS},
        "sections": sections,
        "signatures": signature_rows(data, options, terms),
        "done_at": isolated(bilingual("doc.contract.done_at", locale, place=_place(options)), locale),
    }


#: Headers of the signature table, French beside the household's language.
SIGNATURE_LABELS = ("party", "name", "mention", "signature")


def service_context(data: CaseData, options: DocumentOptions) -> dict[str, Any]:
    """The structure's name, address, phone and logo as the headers print them: what is not
    configured is left out (empty), never a placeholder."""
    return {
        "organisation": _organisation(data, options) or fmt.not_given(),
        "worker_name": data.answers.get("worker_name") or fmt.not_given(),
        "service_address": options.address,
        "service_phone": render("doc.service_phone", FRENCH, phone=options.phone) if options.phone else "",
        "logo": options.logo,
    }


def key_facts(data: CaseData, terms: ContractTerms) -> list[dict[str, str]]:
    """The key facts (measure, funder, start, end, duration, language), each label and value in
    French and, for a household reading another language, in its language too."""
    locale = terms.locale
    values: dict[str, Term] = {
        "reference": lambda loc: data.case.reference,
        "measure": lambda loc: _measure_label(data, loc),
        "funder": lambda loc: render(_funder(data), loc),
        "start": date_term(terms.start),
        "end": date_term(terms.end),
        "duration": lambda loc: fmt.counted("doc.count.months", terms.months, loc),
        "language": lambda loc: fmt.language_name(locale) if loc == FRENCH else _native(locale),
    }
    rows = []
    for key, value in values.items():
        label = bilingual(f"doc.contract.label.{key}", locale)
        text = Bilingual(value(FRENCH), value(locale) if locale != FRENCH else value(FRENCH))
        rows.append({"label": isolated(label, locale), "value": isolated(text, locale)})
    return rows


def isolated(text: Bilingual, locale: str) -> str:
    """« français / traduction » in one cell, the household's part wrapped in Unicode isolates
    (FSI … PDI) when its language is written right to left, so brackets, numbers and the
    French stay in place."""
    if text.fr == text.hh:
        return text.fr
    other = f"\u2068{text.hh}\u2069" if is_rtl(locale) else text.hh
    return f"{text.fr} / {other}"


def _native(locale: str) -> str:
    language = LANGUAGES.get(locale)
    return language.native_name if language else locale


def _place(options: DocumentOptions) -> str:
    return options.city or "____________________"


def _section(title_id: str, locale: str, rows: list[Bilingual]) -> dict[str, Any]:
    title = bilingual(title_id, locale)
    return {"title_fr": title.fr, "title_hh": title.hh, "rows": [r.as_dict() for r in rows]}


# --- parties --------------------------------------------------------------------------------

def household_adults(data: CaseData) -> list[str]:
    """Names of every adult of the present household, applicant first."""
    answers = data.answers
    names = [answers.get("name_latin") or _name(answers.get("first_name"), answers.get("last_name"))]
    names += [_name(m.get("first_name"), m.get("last_name")) for m in present_members(answers)
              if not is_minor(m, data.today)]
    return names


def party_clauses(data: CaseData, options: DocumentOptions, terms: ContractTerms) -> list[Bilingual]:
    """Who signs: the household's adults, the service and its référent, and the landlord when
    it is a party (terms.tripartite)."""
    rows = [bilingual("doc.contract.party_household", terms.locale,
                      names=_known(", ".join(n for n in household_adults(data) if n) or None)),
            bilingual("doc.contract.party_service", terms.locale,
                      organisation=_known(_organisation(data, options)),
                      worker=_known(data.answers.get("worker_name")))]
    if terms.tripartite:
        rows.append(bilingual("doc.contract.party_landlord", terms.locale, landlord=_known(terms.landlord)))
    purpose = "doc.contract.purpose_tripartite" if terms.tripartite else "doc.contract.purpose"
    rows.append(bilingual(purpose, terms.locale))
    return rows


def signature_rows(data: CaseData, options: DocumentOptions, terms: ContractTerms) -> list[dict[str, str]]:
    """One signature block per party: role, name, and a blank line where the party writes
    « lu et approuvé » by hand (a pre-printed mention proves nothing)."""
    locale = terms.locale
    mention = HANDWRITTEN_LINE
    rows = [{"role": bilingual("doc.contract.role_household", locale).joined(),
             "name": name or fmt.not_given(), "mention": mention} for name in household_adults(data)]
    rows.append({"role": bilingual("doc.contract.role_worker", locale).joined(),
                 "name": _worker_line(data, options), "mention": mention})
    if terms.tripartite:
        rows.append({"role": bilingual("doc.contract.role_landlord", locale).joined(),
                     "name": terms.landlord or fmt.not_given(), "mention": mention})
    return rows


#: Where a party writes « lu et approuvé » by hand.
HANDWRITTEN_LINE = "\n____________________"


# --- measure, duration, stop, confidentiality ----------------------------------------------

def measure_clauses(data: CaseData, terms: ContractTerms) -> list[Bilingual]:
    """The measure and who pays for it."""
    return [bilingual("doc.contract.measure", terms.locale,
                      measure=lambda loc: _measure_label(data, loc),
                      funder=lambda loc: render(_funder(data), loc))]


def duration_clauses(terms: ContractTerms, options: DocumentOptions,
                     intensity: str | None = None) -> list[Bilingual]:
    """Period, frequency of contacts (set by the support's intensity), and review dates."""
    locale = terms.locale
    visits, days = contact_frequency(options, intensity)
    return [
        bilingual("doc.contract.duration", locale, start=date_term(terms.start),
                  end=date_term(terms.end), months=terms.months),
        bilingual("doc.contract.frequency", locale, visits=visits, days=days),
        bilingual("doc.contract.reviews", locale, mid=date_term(measures.mid_term(terms.start, terms.end)),
                  end=date_term(terms.end)),
    ]


def stop_clauses(data: CaseData, locale: str) -> list[Bilingual]:
    """What happens when the household stops adhering: mediation (001 §2.2.1); in Logement
    d'abord the support is not a condition of the lease (002:46)."""
    rows = [bilingual("doc.contract.stop", locale)]
    if measures.contract_measure(data.answers) == measures.HOUSING_FIRST:
        rows.append(bilingual("doc.contract.stop_housing_first", locale))
    return rows


def consent_clauses(data: CaseData, locale: str) -> list[Bilingual]:
    """Confidentiality, and sharing with the landlord and the commission as consented (§1)."""
    return [bilingual("doc.contract.confidentiality", locale),
            bilingual(_consent_id("landlord", data.answers.get("consent_share_landlord")), locale),
            bilingual(_consent_id("commission", data.answers.get("consent_share_commission")), locale)]


def contact_frequency(options: DocumentOptions, intensity: str | None) -> tuple[int, int]:
    """(home visits a month, days between phone calls) for the support's ``intensity``: the
    organisation's table (DocumentOptions.contact_frequency), else its usual frequency."""
    usual = (options.home_visits_per_month, options.phone_contact_days)
    return options.contact_frequency.get(intensity or "", usual)


def _consent_id(whom: str, given: bool | None) -> str:
    answer = "unknown" if given is None else ("yes" if given else "no")
    return f"doc.contract.share_{whom}_{answer}"


# --- helpers --------------------------------------------------------------------------------

def _organisation(data: CaseData, options: DocumentOptions) -> str | None:
    return data.answers.get("organisation") or options.organisation or None


def _worker_line(data: CaseData, options: DocumentOptions) -> str:
    worker = data.answers.get("worker_name") or fmt.not_given()
    organisation = _organisation(data, options)
    return render("doc.contract.worker_for", FRENCH, worker=worker, organisation=organisation) \
        if organisation else worker


def _measure_label(data: CaseData, locale: str) -> str:
    """The contract's measure (granted or recommended, else the case's) in ``locale``."""
    f = data.flow.field("measure")
    choice = f.choice(measures.contract_measure(data.answers) or "")
    return choice_label(f, choice, locale) if choice else render("answer.not_given", locale)


def _funder(data: CaseData) -> str:
    """Funder of the contract's measure; a bail glissant takes its support's (the case's)."""
    measure = measures.contract_measure(data.answers)
    case_measure = data.answers.get("measure")
    support = case_measure if measure == measures.SLIDING_LEASE else data.answers.get("recommended_measure")
    return measures.funder_message(measure, support)


def date_term(day: date) -> Term:
    """A date as French documents write it (12/03/2026), and as the household's language does,
    its spaces no-break so a line never splits it."""
    return lambda loc: fmt.day(day) if loc == FRENCH else format_value(day, loc).replace(" ", fmt.NBSP)


def _name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last.upper() if last else None) if p)


def _known(value: str | None) -> Term:
    """A name as written, or « non renseigné » in each language."""
    return (lambda loc: value) if value else (lambda loc: render("answer.not_given", loc))
