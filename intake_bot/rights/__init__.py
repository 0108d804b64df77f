"""Rights check: what the household may be entitled to, from its own answers (openfisca-france).

``mapping`` turns the typed answers into an openfisca situation (pure), ``report`` compares the
estimates with what the budget declares (pure), ``client`` runs openfisca in a worker process
(``worker``, which alone imports ``engine`` and openfisca) and caches per version of the answers.
"""

from intake_bot.rights.client import (
    RightsChecker, RightsUnavailable, WorkerProcess, default_checker, request_for,
)
from intake_bot.rights.report import (
    BENEFITS, INCOMPLETE, PENDING, READY, UNAVAILABLE, BenefitLine, RightsReport, compare,
    flagged_benefits, is_flagged,
)

__all__ = [
    "BENEFITS", "INCOMPLETE", "PENDING", "READY", "UNAVAILABLE", "BenefitLine", "RightsChecker",
    "RightsReport", "RightsUnavailable", "WorkerProcess", "compare", "default_checker",
    "flagged_benefits", "is_flagged", "request_for",
]
