"""What one case counts as in the indicators: a pure function of its answers.

The case service stores these facts beside the answers, in the answer's transaction
(:meth:`intake_bot.storage.base.FactStore.save_facts`); the database then counts them for a
period. A value the answers do not give is ``unknown`` (shown « Non renseigné »), so that every
table's rows add up to the number of cases. No name, date of birth or free text is ever a fact.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from intake_bot.engine.derived import age_bracket, applicant_age, household_type
from intake_bot.storage.base import CASE_FACT, CaseFacts

UNKNOWN = "unknown"
NO_RESOURCE = "none"
#: Hours from the household's first invitation to its part of the questionnaire completed
#: (noted by the case service at that moment, not derived from the answers).
HOUSEHOLD_HOURS = "household_hours"

#: Single-choice answers counted as they are: fact key -> field id.
SINGLE = {"measure": "measure", "level": "diagnostic_level", "employment": "employment",
          "origin": "nationality_group", "prior_housing": "current_housing",
          "recommended_measure": "recommended_measure",
          "recommended_housing": "recommended_housing"}
#: Multiple-choice answers, one fact per code chosen: fact key -> field id.
MULTIPLE = {"frein": "freins", "spoken_language": "languages"}


def case_facts(answers: Mapping[str, Any], state: Mapping[str, Any], created: date,
               organisation: str) -> CaseFacts:
    """The facts of a case from its typed ``answers`` (the walk's context), its interview
    ``state`` (who answered in which language) and its creation day; the case counts on its
    diagnostic date when one is given, else on the day it was created."""
    day = answers.get("diagnostic_date") if isinstance(answers.get("diagnostic_date"), date) else created
    items = {CASE_FACT}
    items |= {(key, _code(answers.get(field))) for key, field in SINGLE.items()}
    items |= {(key, code) for key, field in MULTIPLE.items() for code in _codes(answers.get(field))}
    items.add(("household_type", household_type(answers, day) or UNKNOWN))
    items.add(("age", age_bracket(applicant_age(answers, day)) or UNKNOWN))
    items |= {("resource", code) for code in resource_types(answers)}
    items |= {("answer_language", lang) for lang in household_languages(state)}
    measure = answers.get("measure")
    return CaseFacts(day.isoformat(), measure if isinstance(measure, str) else "", organisation,
                     tuple(sorted(items)))


def _code(value: Any) -> str:
    return value if isinstance(value, str) and value else UNKNOWN


def _codes(value: Any) -> list[str]:
    codes = [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []
    return codes or [UNKNOWN]


def resource_types(answers: Mapping[str, Any]) -> set[str]:
    """The kinds of resource the household receives; ``none`` when it declared none, and
    ``unknown`` when the question was not answered."""
    lines = answers.get("resources")
    if not isinstance(lines, (list, tuple)):
        return {UNKNOWN}
    kinds = {line.get("type") for line in lines if isinstance(line, Mapping)}
    kinds = {k for k in kinds if isinstance(k, str)}
    return kinds or {NO_RESOURCE}


def household_languages(state: Mapping[str, Any]) -> set[str]:
    """The languages (locale codes) the household answered in; ``unknown`` when it gave no
    answer itself (a worker filled everything in)."""
    found = {record.get("lang") for record in (state.get("answers") or {}).values()
             if isinstance(record, Mapping) and record.get("by") == "household"
             and not record.get("skipped")}
    found = {lang for lang in found if isinstance(lang, str) and lang}
    return found or {UNKNOWN}
