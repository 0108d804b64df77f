"""From the database's counts to the tables and key figures a funder reads (in French).

Row labels come from the questionnaire (each choice's French wording, its document wording
when it has one), so a choice added to a flow appears here without a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from intake_bot.cases import statuses
from intake_bot.cases.measure import CONTACT_KINDS, INCIDENTS, OUTCOMES
from intake_bot.engine.derived import AGE_BRACKET_OLDEST, AGE_BRACKETS
from intake_bot.i18n import render
from intake_bot.i18n.locales import LANGUAGES
from intake_bot.indicators.facts import HOUSEHOLD_HOURS, NO_RESOURCE, UNKNOWN
from intake_bot.indicators.model import Indicators, Period, Table
from intake_bot.questionnaire.model import Flow
from intake_bot.storage.base import CASE_FACT

FR = "fr"
#: A list longer than this shows only the rows that count someone (17 kinds of housing…).
SHORT_LIST = 8
HOUSEHOLD_TYPES = ("single_woman", "single_man", "woman_with_children", "man_with_children",
                   "couple_without_children", "couple_with_children", "other")
#: The tool's languages as choices of the "languages spoken" question (for their French name).
LOCALE_LANGUAGE = {"fr": "french", "en": "english", "ar": "arabic", "fa_AF": "dari_persian",
                   "ps": "pashto", "ti": "tigrinya", "so": "somali", "uk": "ukrainian",
                   "ru": "russian", "ka": "georgian", "sq": "albanian", "tr": "turkish",
                   "es": "spanish", "pt": "portuguese", "bn": "bengali"}


@dataclass(frozen=True)
class TableSpec:
    """One table: its id, the message id of its title, the fact it counts, its rows' codes
    and how a code reads."""

    id: str
    title: str
    key: str
    codes: Callable[[Flow], list[str]]
    label: Callable[[Flow, str], str]


def _choices(field_key: str) -> Callable[[Flow], list[str]]:
    return lambda flow: [c.code for c in flow.field(field_key).choices]


def _choice_label(field_key: str) -> Callable[[Flow, str], str]:
    def label(flow: Flow, code: str) -> str:
        choice = flow.field(field_key).choice(code)
        return (choice.doc or choice.label) if choice else code
    return label


def _level_label(flow: Flow, code: str) -> str:
    # "Niveau 1 : ménage en structure…": the words before the colon name the level.
    return _choice_label("diagnostic_level")(flow, code).split(" :")[0]


def _status_label(flow: Flow, code: str) -> str:
    text = render(f"tg.status.{code}", FR)
    return text[:1].upper() + text[1:]


def _resource_codes(flow: Flow) -> list[str]:
    return [*_choices("resources.type")(flow), NO_RESOURCE]


def _resource_label(flow: Flow, code: str) -> str:
    return render("indicators.no_resource", FR) if code == NO_RESOURCE else \
        _choice_label("resources.type")(flow, code)


def _locale_label(flow: Flow, code: str) -> str:
    if code in LOCALE_LANGUAGE:
        return _choice_label("languages")(flow, LOCALE_LANGUAGE[code])
    language = LANGUAGES.get(code)
    return f"{language.native_name} ({code})" if language else code


def _fixed(codes: tuple[str, ...]) -> Callable[[Flow], list[str]]:
    return lambda flow: list(codes)


def _message(prefix: str) -> Callable[[Flow, str], str]:
    return lambda flow, code: render(f"{prefix}.{code}", FR)


AGE_CODES = (*(code for _, code in AGE_BRACKETS), AGE_BRACKET_OLDEST)
OPEN_STATUSES = tuple(s for s in statuses.STATUSES if s != statuses.ERASED)

TABLES: tuple[TableSpec, ...] = (
    TableSpec("measures", "indicators.table.measures", "measure", _choices("measure"),
              _choice_label("measure")),
    TableSpec("levels", "indicators.table.levels", "level", _choices("diagnostic_level"),
              _level_label),
    TableSpec("statuses", "indicators.table.statuses", "status", _fixed(OPEN_STATUSES),
              _status_label),
    TableSpec("household_types", "indicators.table.household_types", "household_type",
              _fixed(HOUSEHOLD_TYPES), _message("doc.household_type")),
    TableSpec("age_brackets", "indicators.table.age_brackets", "age", _fixed(AGE_CODES),
              _message("indicators.age")),
    TableSpec("employment", "indicators.table.employment", "employment", _choices("employment"),
              _choice_label("employment")),
    TableSpec("resources", "indicators.table.resources", "resource", _resource_codes,
              _resource_label),
    TableSpec("origin", "indicators.table.origin", "origin", _choices("nationality_group"),
              _choice_label("nationality_group")),
    TableSpec("prior_housing", "indicators.table.prior_housing", "prior_housing",
              _choices("current_housing"), _choice_label("current_housing")),
    TableSpec("freins", "indicators.table.freins", "frein", _choices("freins"),
              _choice_label("freins")),
    TableSpec("recommended_housing", "indicators.table.recommended_housing",
              "recommended_housing", _choices("recommended_housing"),
              _choice_label("recommended_housing")),
    TableSpec("recommended_measures", "indicators.table.recommended_measures",
              "recommended_measure", _choices("recommended_measure"),
              _choice_label("recommended_measure")),
    TableSpec("answer_languages", "indicators.table.answer_languages", "answer_language",
              _fixed(tuple(LANGUAGES)), _locale_label),
    TableSpec("spoken_languages", "indicators.table.spoken_languages", "spoken_language",
              _choices("languages"), _choice_label("languages")),
)


#: The support measures' tables (issue 13): exits by outcome, follow-ups by kind (each total
#: is what the table counts: exits, follow-ups). Keys of :meth:`FactStore.measure_counts`.
LOG_CODES = (*(f"contact.{kind}" for kind in CONTACT_KINDS),
             *(f"incident.{kind}" for kind in INCIDENTS))
MEASURE_TABLES = (
    TableSpec("measure_outcomes", "indicators.table.measure_outcomes", "outcome",
              _fixed(OUTCOMES), _message("measure.outcome")),
    TableSpec("measure_contacts", "indicators.table.measure_contacts", "contact",
              _fixed(LOG_CODES), _message("measure")),
)


def build_indicators(flow: Flow, period: Period, measure: str | None, organisation: str,
                     counts: dict[str, dict[str, int]], median_hours: float | None,
                     measure_counts: dict[str, dict[str, int]] | None = None,
                     average_days: float | None = None) -> Indicators:
    """The indicators from the store's counts (:meth:`FactStore.fact_counts`), the median
    hours from invitation to the household's answers completed, and the support measures'
    counts (:meth:`FactStore.measure_counts`) and average days of support."""
    cases = counts.get(CASE_FACT[0], {}).get(CASE_FACT[1], 0)
    tables = [table_of(spec, flow, counts.get(spec.key, {}), cases) for spec in TABLES]
    measured = measure_counts or {}
    tables += [table_of(spec, flow, measured.get(spec.key, {}),
                        sum(measured.get(spec.key, {}).values())) for spec in MEASURE_TABLES]
    figures = key_figures(counts, cases, median_hours)
    figures.append((render("indicators.figure.support_days", FR), average_value(average_days)))
    return Indicators(period, measure, organisation, tables, figures)


def average_value(days: float | None) -> str:
    """An average number of days, one decimal, French comma; « non calculable » of None."""
    if days is None:
        return render("indicators.value.none", FR)
    return _decimal(Decimal(str(days)))


def table_of(spec: TableSpec, flow: Flow, counted: dict[str, int], cases: int) -> Table:
    """One table: every code of a short list (zeros too), the codes counted of a long one,
    in the questionnaire's order, then the codes it no longer knows, then « Non renseigné »."""
    codes = spec.codes(flow)
    short = len(codes) <= SHORT_LIST
    rows = [(spec.label(flow, code), counted.get(code, 0)) for code in codes
            if short or counted.get(code)]
    rows += [(code, n) for code, n in sorted(counted.items()) if code not in codes and code != UNKNOWN]
    if counted.get(UNKNOWN):
        rows.append((render("indicators.unknown", FR), counted[UNKNOWN]))
    return Table(spec.id, render(spec.title, FR), rows, cases)


def key_figures(counts: dict[str, dict[str, int]], cases: int,
                median_hours: float | None) -> list[tuple[str, str]]:
    """Diagnostics counted, shares of households with a salary and with the RSA (of those whose
    resources are known), households done answering and the median delay in days."""
    resources = counts.get("resource", {})
    known = cases - resources.get(UNKNOWN, 0)
    done = sum(counts.get(HOUSEHOLD_HOURS, {}).values())
    delay = render("indicators.value.none", FR) if median_hours is None else \
        render("indicators.value.days", FR, value=_decimal(Decimal(str(median_hours)) / 24))
    return [(render("indicators.figure.cases", FR), str(cases)),
            (render("indicators.figure.salaried", FR), share(resources.get("salary", 0), known)),
            (render("indicators.figure.rsa", FR), share(resources.get("rsa", 0), known)),
            (render("indicators.figure.households_done", FR), str(done)),
            (render("indicators.figure.household_delay", FR), delay)]


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` in percent, one decimal, French comma; « non calculable » of 0."""
    if not whole:
        return render("indicators.value.none", FR)
    return render("indicators.value.percent", FR, value=_decimal(Decimal(part) * 100 / whole))


def _decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
