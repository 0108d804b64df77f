"""Estimated against declared, per benefit: the rights report (pure, no openfisca).

A benefit is flagged "droit potentiellement non demandé" when its estimate is positive and
either nothing of it is declared in the budget, or the declared amount falls short of the
estimate by at least GAP_MIN_EUROS and by at least GAP_MIN_SHARE of the estimate (a "large
gap": below that, the difference is within what rounding, a recent change of resources or the
quarterly review of RSA and prime d'activité explain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

#: (code, openfisca variable, budget resource type) of every benefit covered, in report order.
BENEFITS: tuple[tuple[str, str, str], ...] = (
    ("rsa", "rsa", "rsa"),
    ("prime_activite", "ppa", "activity_bonus"),
    ("aide_logement", "aide_logement", "housing_benefit"),
    ("af", "af", "family_allowances"),
    ("cf", "cf", "family_supplement"),
    ("asf", "asf", "asf"),
    ("aah", "aah", "aah"),
)
GAP_MIN_EUROS = Decimal("50")
GAP_MIN_SHARE = Decimal("0.25")
ZERO = Decimal(0)

READY, PENDING, UNAVAILABLE, INCOMPLETE = "ready", "pending", "unavailable", "incomplete"


@dataclass(frozen=True)
class BenefitLine:
    """One benefit: monthly estimate (None: not estimated, see ``reason``), amount declared
    (None when the budget's resources are unanswered), and the non-take-up flag."""

    code: str
    estimated: Decimal | None
    declared: Decimal | None
    flagged: bool
    reason: str | None = None  # a note code (rights.note.*) when not estimated
    kind: str | None = None  # housing aid only: apl, als or alf


@dataclass(frozen=True)
class RightsReport:
    """The rights check of one version of a case's answers.

    ``status``: ready (lines filled), pending (computing; ask again shortly), unavailable
    (openfisca missing or failing: ``detail`` says why), incomplete (the answers do not allow
    an estimate: ``notes`` say what is missing). ``month`` is the legislation date used.
    """

    status: str
    month: date
    lines: tuple[BenefitLine, ...] = ()
    notes: tuple[str, ...] = ()
    model_version: str | None = None
    detail: str | None = None

    @property
    def flagged(self) -> tuple[BenefitLine, ...]:
        """The benefits possibly not claimed."""
        return tuple(line for line in self.lines if line.flagged)


def is_flagged(estimated: Decimal | None, declared: Decimal | None) -> bool:
    """The non-take-up rule of the module docstring (unknown estimate or budget: no flag)."""
    if estimated is None or declared is None or estimated <= ZERO:
        return False
    if declared <= ZERO:
        return True
    gap = estimated - declared
    return gap >= GAP_MIN_EUROS and gap >= estimated * GAP_MIN_SHARE


def compare(estimates: dict[str, Decimal | None], declared: dict[str, Decimal] | None,
            reasons: dict[str, str] | None = None,
            kinds: dict[str, str] | None = None) -> tuple[BenefitLine, ...]:
    """One line per benefit of BENEFITS: estimate (``estimates[code]``), declared total of its
    budget type (0 when not declared; None when the resources are unanswered), flag."""
    reasons, kinds = reasons or {}, kinds or {}
    lines = []
    for code, _variable, budget_type in BENEFITS:
        estimated = estimates.get(code)
        said = None if declared is None else declared.get(budget_type, ZERO)
        lines.append(BenefitLine(code, estimated, said, is_flagged(estimated, said),
                                 reasons.get(code) if estimated is None else None,
                                 kinds.get(code)))
    return tuple(lines)


def flagged_benefits(report: RightsReport | None) -> tuple[BenefitLine, ...]:
    """For the documents: the benefits possibly not claimed (empty when no ready report).

    A non-empty result is what lets the contract propose the objective "accès aux droits"."""
    if report is None or report.status != READY:
        return ()
    return report.flagged


@dataclass
class Estimate:
    """What the worker process returns for one situation (amounts as Decimal)."""

    amounts: dict[str, Decimal | None]
    kinds: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    model_version: str | None = None
