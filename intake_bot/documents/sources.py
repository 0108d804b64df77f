"""What the document builders read: one case's answers, provenance, figures, and options.

Everything here is plain data gathered once by the edge (:mod:`intake_bot.documents`), so the
context builders stay pure functions of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from intake_bot.engine.derived import Figures
from intake_bot.engine.walk import Walk, child_path, entry_path
from intake_bot.questionnaire.model import Field, Flow
from intake_bot.storage.base import Case

from intake_bot.documents.measures import DurationBounds


@dataclass(frozen=True)
class DocumentOptions:
    """What an organisation configures for its documents.

    ``organisation`` is used when the case does not name one; ``address``, ``phone``,
    ``city`` (« Fait à ») and ``logo`` (an image file) print in the documents when set, and
    nothing otherwise; ``home_visits_per_month`` and ``phone_contact_days`` set the contract's
    usual frequency of contacts (001 §2.2.3: one home visit a month, a phone contact every 15
    days) and ``contact_frequency`` the one of each intensity of support (légère, renforcée);
    ``effort_with_housing_benefit``: whether the taux d'effort divides by resources including
    the housing benefit (FSLs differ, 004:601-605); ``duration_bounds`` overrides the measure
    table of :mod:`intake_bot.documents.measures`; ``template_dir`` holds the .docx templates.
    """

    organisation: str = ""
    address: str = ""
    phone: str = ""
    city: str = ""
    logo: Path | None = None
    home_visits_per_month: int = 1
    phone_contact_days: int = 15
    contact_frequency: Mapping[str, tuple[int, int]] = field(default_factory=lambda: dict(CONTACT_FREQUENCY))
    effort_with_housing_benefit: bool = True
    duration_bounds: Mapping[str, DurationBounds] = field(default_factory=dict)
    template_dir: Path | None = None


#: intensity -> (home visits a month, days between phone calls): légère a visit a month and a
#: call a month, moyenne the usual rhythm, renforcée a visit every fortnight and a weekly call.
CONTACT_FREQUENCY: dict[str, tuple[int, int]] = {"light": (1, 30), "medium": (1, 15), "reinforced": (2, 7)}


def options_from(settings: Any) -> DocumentOptions:
    """Document options from the application settings (structure, address, phone, city, logo,
    taux d'effort base)."""
    logo = getattr(settings, "logo_path", None)
    return DocumentOptions(organisation=getattr(settings, "organisation", "") or "",
                           address=getattr(settings, "service_address", "") or "",
                           phone=getattr(settings, "service_phone", "") or "",
                           city=getattr(settings, "service_city", "") or "",
                           logo=Path(logo) if logo and Path(logo).is_file() else None,
                           effort_with_housing_benefit=getattr(
                               settings, "effort_with_housing_benefit", True))


@dataclass(frozen=True)
class RightsLine:
    """One benefit of the rights estimate (issue 17): its message code (rights.benefit.*),
    monthly estimate (None: not estimated), amount declared (None: unanswered), flag."""

    code: str
    estimated: Decimal | None
    declared: Decimal | None
    flagged: bool


@dataclass(frozen=True)
class RightsEstimate:
    """The rights check as the documents get it (data only: no openfisca here): the
    legislation month, the model version and one line per benefit."""

    month: date
    model_version: str | None
    lines: tuple[RightsLine, ...]

    @property
    def flagged(self) -> tuple[str, ...]:
        """The codes of the benefits possibly not claimed."""
        return tuple(line.code for line in self.lines if line.flagged)


@dataclass(frozen=True)
class CaseData:
    """One case as the documents see it: the walk (relevant questions and typed answers),
    the stored records (provenance, translations), the derived figures, the case row."""

    flow: Flow
    walk: Walk
    records: Mapping[str, dict]
    figures: Figures
    case: Case
    today: date
    rights: RightsEstimate | None = None
    granted_measure: str | None = None  # issue 13: the measure the decision granted

    @property
    def answers(self) -> dict[str, Any]:
        """The typed answers (field id -> value), as expressions and figures see them, with the
        measure granted by the decision (``granted_measure``) once there is one."""
        if self.granted_measure is None:
            return self.walk.context
        return {**self.walk.context, "granted_measure": self.granted_measure}

    def record(self, path: str) -> dict | None:
        """The stored record at ``path`` when that question is relevant now, else None."""
        return self.records.get(path) if self.walk.slot(path) else None

    def is_relevant(self, path: str) -> bool:
        """True when the question at ``path`` is relevant now."""
        return self.walk.slot(path) is not None

    def entries(self, group_key: str) -> int:
        """Number of entries of a repeated group (0 when none or unanswered)."""
        return len(self.answers.get(group_key) or [])

    def group_answered(self, group_key: str) -> bool:
        """True when the household said whether there is a first entry (« aucune » counts)."""
        group = self.flow.field(group_key)
        record = self.record(entry_path(group, 0))
        return record is not None and not record.get("skipped")

    def entry_path(self, group_key: str, index: int, child: str) -> str:
        """Path of field ``child`` in entry ``index`` of group ``group_key``."""
        group = self.flow.field(group_key)
        return child_path(group, index, self.child_field(group_key, child))

    def child_field(self, group_key: str, child: str) -> Field:
        """The field ``child`` of group ``group_key``."""
        return self.flow.field(f"{group_key}.{child}")
