"""What erasure keeps, and which cases retention erases (issue 11).

A case's **last activity** is the latest of: its creation, the last change of its interview
(an answer, /back, /change), its last stored answer, and its last audit line (every status
change, invitation, link, document made or sent, translation corrected, refusal). Retention
erases every case not erased yet whose last activity is older than ``RETENTION_MONTHS`` months.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from intake_bot.casework import Casework
from intake_bot.storage.base import Case, CaseStore

#: What an erased case keeps for indicators, in its ``case.indicators`` audit line.
INDICATORS = ("reason", "status_before", "measure", "household_type", "persons", "adults",
              "children", "answers", "created", "erased")
REQUEST, RETENTION = "request", "retention"


@dataclass(frozen=True)
class Stale:
    """A case retention erases (or would): its reference and the day of its last activity."""

    case_id: int
    reference: str
    last_activity: date


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def stale_cases(store: CaseStore, now: datetime, months: int) -> list[Stale]:
    """The cases whose last activity is before ``now`` minus ``months`` months, oldest first."""
    cutoff = months_before(_instant(now.isoformat()), months)
    found = []
    for case_id, times in store.activity().items():
        last = max(_instant(t) for t in times)
        if last < cutoff:
            found.append(Stale(case_id, Case(case_id, "", "").reference, last.date()))
    return sorted(found, key=lambda s: (s.last_activity, s.case_id))


def household_accounts(store: CaseStore, case_id: int) -> set[str]:
    """Every chat account of the household that the case's records name: its links (pending
    too), who used its invitations, and any audit actor that is not a staff or system account."""
    staff = {a.id for a in store.list_accounts()}
    found = {k.account_id for k in store.links(case_id)}
    found |= {i.used_by for i in store.invitations(case_id) if i.used_by}
    for line in store.audit_log(case_id):
        for value in (line["actor"], line["details"].get("account")):
            if isinstance(value, str) and value not in staff and not value.startswith("system:"):
                found.add(value)
    return found


def indicators(casework: Casework, case: Case, reason: str, now: datetime) -> dict[str, Any]:
    """The anonymous figures an erased case keeps: why and from which status it was erased,
    measure, household type, numbers of persons, adults, children and answers, months of
    creation and erasure. No name, no free text, no date of birth, no chat account."""
    walked = casework.walk(case.id)
    figures = casework.figures(case.id)
    measure = walked.context.get("measure")
    return {"reason": reason, "status_before": case.status,
            "measure": measure if isinstance(measure, str) else None,
            "household_type": figures.household_type, "persons": figures.persons,
            "adults": figures.adults, "children": figures.children,
            "answers": len(casework.storage.answer_history(case.id)),
            "created": case.created_at[:7], "erased": now.isoformat()[:7],
            **_measure_figures(casework, case, now)}


def _measure_figures(casework: Casework, case: Case, now: datetime) -> dict[str, Any]:
    """Issue 13: the anonymous figures of the case's measure (intake_bot.cases.measure)."""
    from intake_bot.cases.measure import erased_figures

    return erased_figures(casework.storage, case.id, now.date())
