"""The life of a measure (issue 13), through the case service: two households from the decision
to the exit, the follow-up log, the frequency check, reminders sent once across a restart, and
the figures an indicator needs."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from intake_bot.cases import CaseError, open_service, statuses
from intake_bot.cases import measure as phases
from intake_bot.config import Settings
from intake_bot.storage.base import Case, FollowUpEntry
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.scripted import SINGLE_MOTHER
from tests.test_cases import ALICE, BRUNO, CLARA, OSCAR, answer_all, joined

SETTINGS = Settings(organisation="CCAS de Caen")
START = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)  # a Wednesday
#: An ASLL to access housing: 12 months recommended (ASLL: 3 to 18).
ACCESS = {**SINGLE_MOTHER, "measure": "1", "recommended_measure": "1", "recommended_housing": "1",
          "duration_months": "12", "intensity": "2"}
#: A CCAPEX diagnostic recommending an AVDL CCAPEX to stay in the current home, reinforced
#: support (two visits a month, a call a week), 6 months; the residence permit ends soon.
STAYING = {**SINGLE_MOTHER, "measure": "6", "recommended_measure": "5", "recommended_housing": "5",
           "duration_months": "6", "intensity": "3", "residence_permit_expiry": "15/02/2027"}


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date, hour: int = 10) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def _service(store, clock):
    for account in (ALICE, BRUNO, CLARA, OSCAR):
        store.save_account(account)
    return open_service(SETTINGS, store=store, clock=clock)


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def service(clock):
    return _service(MemoryStorage(), clock)


def diagnosed(service, script, user):
    """A case whose household and worker answered ``script`` and whose documents were made."""
    case, link = joined(service, user=user)
    answer_all(service, link, case.id, "household", script)
    answer_all(service, ALICE, case.id, "worker", script)
    service.documents(ALICE, case.id)
    return service.case(ALICE, case.id), link


def test_an_asll_access_case_ends_in_a_social_housing_lease_after_one_extension(service, clock):
    case, link = diagnosed(service, ACCESS, "100")
    with pytest.raises(statuses.StatusError):  # no support before a decision
        service.start_support(ALICE, case.id, date(2026, 12, 1))
    service.decide(ALICE, case.id, "adjourned", date(2026, 11, 30))
    decided = service.decide(ALICE, case.id, "accepted", date(2026, 12, 14))
    assert (decided.decision, decided.granted, decided.body) == ("accepted", "asll", "commission")
    with pytest.raises(statuses.StatusError):  # an accepted decision is not taken again
        service.decide(ALICE, case.id, "refused")
    measure = service.start_support(ALICE, case.id, date(2027, 1, 4))
    assert (measure.start, measure.end) == (date(2027, 1, 4), date(2028, 1, 4))
    assert service.case(ALICE, case.id).contract_start == "2027-01-04"
    assert service.next_review(link) == ("intermediate", date(2027, 7, 5))
    with pytest.raises(statuses.StatusError):
        service.start_support(ALICE, case.id, date(2027, 2, 1))

    for day, kind in ((date(2027, 1, 10), "visit"), (date(2027, 1, 24), "call"),
                      (date(2027, 2, 8), "visit"), (date(2027, 3, 1), "meeting")):
        service.log_contact(ALICE, case.id, kind, "Point budget et recherche de logement.", day)
    service.record_review(ALICE, case.id, "intermediate", date(2027, 7, 1))
    assert service.case(ALICE, case.id).status == statuses.INTERMEDIATE_REVIEW
    with pytest.raises(CaseError) as beyond:  # ASLL: 18 months at most from the start
        service.renew(ALICE, case.id, date(2028, 8, 4), "Consolider le budget")
    assert beyond.value.message_id == "measure.error.bounds"
    with pytest.raises(CaseError):
        service.renew(ALICE, case.id, date(2028, 6, 4), "  ")
    renewed = service.renew(ALICE, case.id, date(2028, 7, 4), "Consolider la gestion du budget",
                            date(2027, 12, 15))
    assert renewed.end == date(2028, 7, 4) and len(renewed.renewals) == 1
    assert service.case(ALICE, case.id).status == statuses.RENEWED
    service.record_review(ALICE, case.id, "final", date(2028, 6, 20))
    closed = service.close_support(ALICE, case.id, "social_housing", date(2028, 7, 1))
    assert (closed.outcome, closed.closed_on) == ("social_housing", date(2028, 7, 1))
    assert service.case(ALICE, case.id).status == statuses.SUPPORT_CLOSED
    with pytest.raises(CaseError):  # no review once the support ended
        service.record_review(ALICE, case.id, "final", date(2028, 7, 2))
    with pytest.raises(statuses.StatusError):  # the exit is recorded once
        service.close_support(ALICE, case.id, "moved_away", date(2028, 7, 2))
    assert service.next_review(link) is None

    actions = [line["action"] for line in service.audit_trail(CLARA, case.id)]
    assert actions.count("measure.decision") == 2 and actions.count("measure.follow_up") == 4
    for action in ("measure.support_started", "measure.review", "measure.renewed", "measure.closed"):
        assert action in actions
    [figures] = service.support_figures(CLARA)
    assert figures.duration_days == (date(2028, 7, 1) - date(2027, 1, 4)).days == 544
    assert figures.outcome == "social_housing" and figures.renewals == 1
    assert figures.contacts == {"visit": 2, "call": 1, "meeting": 1}
    assert figures.contacts_per_month == round(4 / (544 / 30.4375), 2)


def test_a_ccapex_case_ends_maintained_in_the_home_with_its_eviction_prevention(service, clock):
    case, _ = diagnosed(service, STAYING, "200")
    service.set_purpose(ALICE, case.id, "staying")
    for step, day in (("payment_order", date(2026, 9, 2)), ("summons", date(2026, 11, 3)),
                      ("ccapex_referral", date(2026, 11, 20)),
                      ("fsl_application", date(2026, 11, 26))):
        service.record_eviction_step(ALICE, case.id, step, day)
    with pytest.raises(CaseError):  # an FSL decision is granted or refused
        service.record_eviction_step(ALICE, case.id, "fsl_decision", date(2026, 12, 10), "maybe")
    service.record_eviction_step(ALICE, case.id, "fsl_decision", date(2026, 12, 10), "granted")
    service.record_eviction_step(ALICE, case.id, "repayment_plan", date(2026, 12, 15))
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1), body="commission")
    measure = service.start_support(ALICE, case.id, date(2026, 12, 16))
    assert measure.granted == "avdl_ccapex" and measure.purpose == "staying"
    assert measure.end == date(2027, 6, 16)
    assert measure.eviction["summons"] == (date(2026, 11, 3), "")
    assert measure.eviction["fsl_decision"] == (date(2026, 12, 10), "granted")
    service.log_contact(ALICE, case.id, "visit", "Visite : le plan d'apurement est tenu.",
                        date(2026, 12, 20))
    service.log_contact(ALICE, case.id, "incident", "Loyer de janvier payé avec retard.",
                        date(2027, 1, 12), detail="payment")
    with pytest.raises(CaseError):  # an incident says which
        service.log_contact(ALICE, case.id, "incident", "?", date(2027, 1, 13))
    service.record_review(ALICE, case.id, "final", date(2027, 6, 10))
    service.close_support(ALICE, case.id, "maintained", date(2027, 6, 16))
    [figures] = service.support_figures(CLARA)
    assert (figures.outcome, figures.purpose, figures.duration_days) == ("maintained", "staying", 182)
    assert figures.incidents == {"payment": 1, "neighbour": 0, "landlord": 0}
    assert figures.contacts["visit"] == 1


def test_the_contract_frequency_is_compared_with_the_log(service, clock):
    case, _ = diagnosed(service, STAYING, "300")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1))
    service.start_support(ALICE, case.id, date(2026, 12, 1))
    for day in (date(2026, 12, 3), date(2026, 12, 9), date(2026, 12, 17)):
        service.log_contact(ALICE, case.id, "call", "", day)
    service.log_contact(ALICE, case.id, "visit", "", date(2026, 12, 24))
    clock.on(date(2026, 12, 31))
    rhythm = service.contact_frequency(ALICE, case.id)
    assert (rhythm.visits_per_month, rhythm.call_days) == (2, 7)  # reinforced support
    assert rhythm.contacts == 4 and rhythm.last_contact == date(2026, 12, 24)
    assert rhythm.contacts_per_month == round(4 / (30 / 30.4375), 2)
    assert not rhythm.overdue
    clock.on(date(2027, 1, 2))
    assert service.contact_frequency(ALICE, case.id).overdue  # 9 days > a call a week


def test_only_the_worker_of_the_case_records_its_measure(service):
    case, _ = diagnosed(service, ACCESS, "400")
    for attempt in (lambda: service.decide(OSCAR, case.id, "accepted"),
                    lambda: service.decide(BRUNO, case.id, "accepted"),
                    lambda: service.log_contact(OSCAR, case.id, "call")):
        with pytest.raises(CaseError):
            attempt()
    assert service.store.get_measure(case.id) is None


def test_a_refused_decision_leads_to_the_exit_not_to_a_support(service):
    case, _ = diagnosed(service, ACCESS, "500")
    service.decide(ALICE, case.id, "refused", date(2026, 12, 1), body="funder")
    with pytest.raises(CaseError) as refused:
        service.start_support(ALICE, case.id, date(2026, 12, 2))
    assert refused.value.message_id == "measure.error.not_accepted"
    service.close_support(ALICE, case.id, "other", date(2026, 12, 2))
    assert service.case(ALICE, case.id).status == statuses.SUPPORT_CLOSED


def test_due_reminders_are_pure_and_name_each_reminder_once():
    case = Case(7, "2026-11-01", "telegram:1", status=statuses.SUPPORT_STARTED, worker="telegram:1")
    measure = phases.Measure(7, start=date(2027, 1, 1), end=date(2027, 7, 1))
    log = [FollowUpEntry(7, "call", "2027-03-20")]
    due = phases.due_reminders(case, measure, log, 15, date(2027, 6, 1), date(2027, 3, 28))
    assert [(r.kind, r.on) for r in due] == [("review_due", date(2027, 4, 1)),
                                            ("permit_expiring", date(2027, 6, 1))]
    later = phases.due_reminders(case, measure, log, 15, None, date(2027, 6, 5))
    assert {r.kind for r in later} == {"review_due", "measure_ending", "no_contact"}
    assert [r.key for r in later if r.kind == "no_contact"] == ["7:no_contact::2027-03-20"]
    assert phases.due_reminders(case, measure, log, 15, None, date(2027, 2, 1)) == []


def test_reminders_go_out_on_weekdays_in_office_hours_in_paris():
    assert phases.sending_hour(datetime(2026, 12, 2, 8, 30, tzinfo=timezone.utc))  # 9:30 Paris
    assert not phases.sending_hour(datetime(2026, 12, 2, 7, 30, tzinfo=timezone.utc))  # 8:30
    assert not phases.sending_hour(datetime(2026, 12, 2, 17, 30, tzinfo=timezone.utc))  # 18:30
    assert not phases.sending_hour(datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc))  # Saturday


def test_reminders_are_sent_once_across_a_restart(tmp_path, clock):
    path = tmp_path / "bot.sqlite"
    service = _service(SqliteStorage(path), clock)
    case, _ = diagnosed(service, STAYING, "600")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1))
    service.start_support(ALICE, case.id, date(2026, 12, 1))  # ends 2027-06-01
    clock.on(date(2026, 12, 4))
    assert [n.message_id for n in service.claim_reminders()] == [
        "measure.reminder.permit_expiring"]  # 2027-02-15: within 3 months; no contact due yet
    clock.on(date(2026, 12, 10))
    first = service.claim_reminders()
    assert [(n.message_id, n.recipient, n.params["on"]) for n in first] == [
        ("measure.reminder.no_contact", ALICE.id, date(2026, 12, 1))]
    assert service.claim_reminders() == []
    service.close()

    service = _service(SqliteStorage(path), clock)  # the bot restarted
    assert service.claim_reminders() == []
    service.log_contact(ALICE, case.id, "call", "Appel du lundi.", date(2026, 12, 14))
    clock.on(date(2026, 12, 22))
    assert [n.params["on"] for n in service.claim_reminders()] == [date(2026, 12, 14)]
    clock.on(date(2027, 2, 24))  # the intermediate review on 2027-03-02; still no new contact
    kinds = [n.message_id for n in service.claim_reminders()]
    assert kinds == ["measure.reminder.review_due_intermediate"]
    assert len(service.sent_reminders(ALICE, case.id)) == 4
    service.close()


def test_the_permit_reminder_is_sent_three_months_ahead(service, clock):
    case, _ = diagnosed(service, STAYING, "700")
    clock.on(date(2026, 11, 10))
    assert service.claim_reminders() == []
    clock.on(date(2026, 11, 16))
    [notice] = service.claim_reminders()
    assert notice.message_id == "measure.reminder.permit_expiring"
    assert notice.params == {"reference": case.reference, "on": date(2027, 2, 15)}


def test_erasure_erases_the_measure_its_log_and_its_reminders(tmp_path, clock):
    service = _service(SqliteStorage(tmp_path / "bot.sqlite"), clock)
    case, _ = diagnosed(service, STAYING, "800")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1))
    service.start_support(ALICE, case.id, date(2026, 12, 1))
    service.log_contact(ALICE, case.id, "visit", "Madame Haddad va mieux.", date(2026, 12, 2))
    clock.on(date(2026, 12, 20))
    assert service.claim_reminders()
    service.erase(ALICE, case.id)
    store = service.store
    assert store.get_measure(case.id) is None and store.follow_ups(case.id) == []
    assert store.sent_reminders(case.id) == []
    for table in ("measures", "follow_ups", "reminders_sent"):
        assert store.db.execute(f"select count(*) from {table}").fetchone()[0] == 0
    [kept] = [line["details"] for line in store.audit_log(case.id)
              if line["action"] == "case.indicators"]
    assert (kept["granted"], kept["support_days"], kept["support_start"]) == (
        "avdl_ccapex", 19, "2026-12")
    assert kept["contacts"] == {"visit": 1, "call": 0, "meeting": 0}
    assert "Haddad" not in str(store.audit_log(case.id))
    service.close()


def test_the_documents_can_be_made_again_during_the_support(service):
    case, _ = diagnosed(service, ACCESS, "900")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1))
    service.start_support(ALICE, case.id, date(2026, 12, 1))
    built = service.documents(ALICE, case.id)
    assert [d.kind for d in built] == ["diagnostic", "contract"]
    assert service.case(ALICE, case.id).status == statuses.SUPPORT_STARTED


def test_the_cli_prints_a_case_log(tmp_path, monkeypatch, capsys, clock):
    from intake_bot.cli import main as cli_main

    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    service = _service(SqliteStorage(tmp_path / "data" / "intake.sqlite"), clock)
    case, _ = diagnosed(service, STAYING, "950")
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1))
    service.start_support(ALICE, case.id, date(2026, 12, 2))
    service.log_contact(ALICE, case.id, "call", "Appel : tout va bien.", date(2026, 12, 9))
    service.close()
    assert cli_main(["case-log", case.reference]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{case.reference}\tsupport_started\tavdl_ccapex\t"
    assert "support\t2026-12-02\t2027-06-02" in lines
    assert f"call\t2026-12-09\t\t{ALICE.id}\tAppel : tout va bien." in lines


def _contract_text(built) -> str:
    import io

    import docx

    [contract] = [d for d in built if d.kind == "contract"]
    document = docx.Document(io.BytesIO(contract.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_contract_is_signed_for_the_measure_the_decision_granted(service):
    case, _link = diagnosed(service, ACCESS, 7301)   # an ASLL recommended
    assert "ASLL" in _contract_text(service.documents(ALICE, case.id))
    service.decide(ALICE, case.id, "accepted", date(2026, 12, 1), granted="avdl")
    text = _contract_text(service.documents(ALICE, case.id))
    assert "AVDL" in text and "ASLL (Conseil" not in text
