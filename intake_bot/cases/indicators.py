"""The case service's indicators (issue 12): the facts kept per case, and the figures.

Each case's facts (:mod:`intake_bot.indicators.facts`) are refreshed from its answers in the
transaction that commits an answer, so the database counts them for any period; the delay from
invitation to the household's answers completed is noted when the case moves to « ready for
review ». Coordinators get their organisation's figures, admins theirs (counts only: no name,
no case), the system (CLI) any organisation's or all; workers are refused.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from intake_bot.cases import access
from intake_bot.engine import interview
from intake_bot.indicators.facts import HOUSEHOLD_HOURS, case_facts
from intake_bot.indicators.model import Indicators, Period
from intake_bot.storage.base import Account, Case, FactScope


class CaseIndicators:
    """Mixed into :class:`~intake_bot.cases.service.CaseService` (which gives ``store``,
    ``casework``, ``now`` and ``_require``)."""

    def indicators(self, account: Account, period: Period, measure: str | None = None,
                   organisation: str | None = None) -> Indicators:
        """The figures of ``period`` for the account's organisation (the system account: for
        ``organisation``, or every organisation when None), for one ``measure`` code or all;
        computed by the database. Raises NotAllowed for a worker."""
        from intake_bot.indicators.build import build_indicators  # imports the case statuses

        self._require(account, "indicators")
        if account.role != access.SYSTEM:
            organisation = account.organisation
        self.refresh_facts()
        scope = FactScope(period.start.isoformat(), period.end.isoformat(), organisation, measure)
        counts = self.store.fact_counts(scope)
        median = self.store.fact_median(scope, HOUSEHOLD_HOURS)
        return build_indicators(self.casework.flow, period, measure, organisation or "", counts,
                                median, self.store.measure_counts(scope),
                                self.store.measure_average_days(scope))

    def refresh_facts(self) -> int:
        """Give facts to the cases that have none (a database older than them); how many."""
        missing = self.store.cases_without_facts()
        if not missing:
            return 0
        with self.store.atomic():
            for case_id in missing:
                self._save_facts(self.store.get_case(case_id))
        return len(missing)

    def _save_facts(self, case: Case, state: dict[str, Any] | None = None) -> None:
        """Store what ``case`` counts as, from its interview ``state`` (read when not given)."""
        state = state if state is not None else self.store.load_state(case.id)
        answers = interview.relevant_answers(self.casework.flow, state, self.casework.today()).context
        self.store.save_facts(case.id, case_facts(answers, state, _created_day(case),
                                                  case.organisation))

    def _note_household_done(self, case: Case) -> None:
        """Note the hours from the case's first invitation to now (its household done)."""
        invited = [i.created_at for i in self.store.invitations(case.id) if i.created_at]
        if invited:
            hours = (_instant(self.now().isoformat()) - _instant(min(invited))).total_seconds() // 3600
            self.store.note_fact(case.id, HOUSEHOLD_HOURS, str(max(0, int(hours))))


def _created_day(case: Case) -> date:
    return date.fromisoformat(case.created_at[:10])


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
