"""What each support measure implies for the contract: funder, duration bounds, parties.

Tables, not logic, so an organisation can read and adjust them (diagnostic.md §9; 001 §2.2.2;
004:1881-1883, 1999):

* FUNDERS: measure -> message id of the funder. ASLL is paid by the Conseil départemental
  through the FSL; every AVDL variant (and the CCAPEX diagnostic) by the État through the
  FNAVDL; IML by the État; Logement d'abord by the État with the local authority. A bail
  glissant is not itself funded: its support is an ASLL or an AVDL, so its funder is the one
  of the recommended measure when that is a funded one, else « à préciser ».
* DURATION_BOUNDS: measure -> (minimum, maximum, default) in months. 001 §2.2.2 sets 3 to 12
  months; ASLL goes up to 18 months and FNAVDL measures 12 months (004:1999); a bail glissant
  lasts 3 to 12 months (001 §3.2); IML in mandat de gestion signs for a year that can be
  extended (004:1881), sous-location up to 3 years (001 §3.2) -> 36; Logement d'abord has no
  fixed end in the seeds -> 24 here, to adjust. Overrides come from DocumentOptions.
* TRIPARTITE: measures where the landlord may sign the contract (bail glissant, IML; 004:805).
  The landlord is a party only when, in addition, the household agreed to share with the
  landlord (``consent_share_landlord``): see :func:`landlord_is_party`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from intake_bot.engine.dates import add_months, months_between
from intake_bot.i18n import render

from intake_bot.documents.errors import DocumentError

FRENCH = "fr"


@dataclass(frozen=True)
class DurationBounds:
    """Allowed length of a support contract in months, and the length proposed by default."""

    minimum: int = 3
    maximum: int = 12
    default: int = 6


class ContractPeriodError(DocumentError):
    """The contract's start and end dates are outside what the measure allows.

    ``bounds`` (when the period is out of the measure's bounds) lets a door offer the worker
    the shortest and longest contracts the measure allows."""

    def __init__(self, message: str, bounds: DurationBounds | None = None) -> None:
        super().__init__(message)
        self.bounds = bounds


FUNDERS: dict[str, str] = {
    "asll": "doc.funder.fsl",
    "avdl": "doc.funder.fnavdl",
    "avdl_dalo": "doc.funder.fnavdl",
    "avdl_bpi": "doc.funder.fnavdl",
    "avdl_ccapex": "doc.funder.fnavdl",
    "ccapex_diagnostic": "doc.funder.fnavdl",
    "iml": "doc.funder.state_iml",
    "housing_first": "doc.funder.housing_first",
}
UNKNOWN_FUNDER = "doc.funder.to_specify"
SLIDING_LEASE = "sliding_lease"

DEFAULT_BOUNDS = DurationBounds()
DURATION_BOUNDS: dict[str, DurationBounds] = {
    "asll": DurationBounds(3, 18, 6),
    "avdl": DurationBounds(3, 12, 6),
    "avdl_dalo": DurationBounds(3, 12, 6),
    "avdl_bpi": DurationBounds(3, 12, 6),
    "avdl_ccapex": DurationBounds(3, 12, 6),
    "ccapex_diagnostic": DurationBounds(3, 12, 6),
    "iml": DurationBounds(3, 36, 12),
    "sliding_lease": DurationBounds(3, 12, 6),
    "housing_first": DurationBounds(3, 24, 12),
}

TRIPARTITE = frozenset({"sliding_lease", "iml"})
HOUSING_FIRST = "housing_first"


#: Recommendations that are not a support measure a contract can be signed for.
NOT_A_SUPPORT = frozenset({"other", "ccapex_diagnostic"})


def contract_measure(answers: Mapping[str, object]) -> str | None:
    """The measure the contract is signed for: the one granted (``granted_measure``, set by the
    decision phase to come), else the one the diagnostic recommends, else the case's measure
    (a CCAPEX diagnostic that recommends an ASLL contracts an ASLL)."""
    for key in ("granted_measure", "recommended_measure"):
        measure = answers.get(key)
        if isinstance(measure, str) and measure not in NOT_A_SUPPORT:
            return measure
    measure = answers.get("measure")
    return measure if isinstance(measure, str) else None


def landlord_is_party(measure: str | None, consent_share_landlord: bool | None,
                      case_measure: str | None = None) -> bool:
    """True when the landlord signs the contract: a tripartite measure (the contract's, or the
    case's: a bail glissant supported by an ASLL stays tripartite), and the household said yes
    to sharing with the landlord (a refusal, a skip or no answer yet keep it out)."""
    tripartite = measure in TRIPARTITE or case_measure in TRIPARTITE
    return tripartite and consent_share_landlord is True


def funder_message(measure: str | None, recommended: str | None = None) -> str:
    """Message id naming the funder of ``measure`` (a bail glissant takes its support's)."""
    if measure == SLIDING_LEASE and recommended != SLIDING_LEASE:
        return FUNDERS.get(recommended or "", UNKNOWN_FUNDER)
    return FUNDERS.get(measure or "", UNKNOWN_FUNDER)


def bounds_for(measure: str | None,
               overrides: Mapping[str, DurationBounds] | None = None) -> DurationBounds:
    """Duration bounds of ``measure``: the override when there is one, else the table."""
    overrides = overrides or {}
    key = measure or ""
    return overrides.get(key) or DURATION_BOUNDS.get(key) or DEFAULT_BOUNDS


def check_period(start: date, end: date, bounds: DurationBounds, measure_label: str) -> int:
    """Whole months from ``start`` to ``end``; raises ContractPeriodError when out of bounds."""
    if end <= start:
        raise ContractPeriodError(render("doc.error.period_order", FRENCH, start=start, end=end))
    earliest, latest = add_months(start, bounds.minimum), add_months(start, bounds.maximum)
    if not earliest <= end <= latest:
        raise ContractPeriodError(render(
            "doc.error.period_bounds", FRENCH, measure=measure_label, minimum=bounds.minimum,
            maximum=bounds.maximum, earliest=earliest, latest=latest, end=end), bounds)
    return months_between(start, end) or 0


def default_end(start: date, duration_months: int | None, bounds: DurationBounds) -> date:
    """End date of a contract starting on ``start``: the recommended duration, else the
    measure's default."""
    return add_months(start, duration_months or bounds.default)


def check_duration(months: int, bounds: DurationBounds, measure_label: str) -> None:
    """Raise ContractPeriodError, naming the bounds, when a duration in months (the one the
    diagnostic recommends) is outside what the measure allows."""
    if not bounds.minimum <= months <= bounds.maximum:
        raise ContractPeriodError(render(
            "doc.error.duration_bounds", FRENCH, measure=measure_label, months=months,
            minimum=bounds.minimum, maximum=bounds.maximum), bounds)


def mid_term(start: date, end: date) -> date:
    """The date of the intermediate review: halfway between ``start`` and ``end``."""
    return start + (end - start) / 2
