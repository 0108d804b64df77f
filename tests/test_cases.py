"""The case service: who may do what, the status machine, invitations, consent, documents.

Each test replays a defect found before the service existed (issue #10) through the service
itself, the layer every door goes through.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import docx
import io
import pytest

from intake_bot.cases import (
    SYSTEM_ACCOUNT, CaseClosed, CaseError, CaseNotFound, NotAllowed, access, open_service,
    parse_reference, statuses,
)
from intake_bot.cli import main as cli_main
from intake_bot.config import Settings
from intake_bot.documents.objectives import Objective
from intake_bot.engine.reader import Reply
from intake_bot.storage.base import Account, Case
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.scripted import SINGLE_MOTHER, answer_for

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
SETTINGS = Settings(organisation="CCAS de Caen")
ALICE = Account("telegram:1", "Alice", "CCAS", "worker")
BRUNO = Account("telegram:2", "Bruno", "CCAS", "worker")
CLARA = Account("telegram:3", "Clara", "CCAS", "coordinator")
OSCAR = Account("telegram:4", "Oscar", "Other service", "worker")
ADAM = Account("telegram:5", "Adam", "CCAS", "admin")


@pytest.fixture
def service():
    store = MemoryStorage()
    for account in (ALICE, BRUNO, CLARA, OSCAR, ADAM):
        store.save_account(account)
    return open_service(SETTINGS, store=store, clock=lambda: NOW)


def answer_all(service, actor, case_id, role, script=SINGLE_MOTHER, until=None, witnessed=False):
    """Answer ``role``'s questions as the script says, through the service."""
    while (question := service.casework.current(case_id, role)) is not None:
        if until and question.path == until:
            return
        text = answer_for(script, question.path)
        outcome = service.answer(actor, case_id, Reply(text=text, path=question.path), "fr",
                                 witnessed=witnessed).outcome
        assert outcome.accepted, (question.path, outcome.error)


def joined(service, account=ALICE, user="100", locale="fr"):
    """A new case whose household opened its link; (case, household link)."""
    case = service.create_case(account)
    issued = service.invite(account, case.id)
    redeemed = service.redeem("telegram", user, issued.token, f"User {user}", locale)
    assert redeemed.result == "linked"
    return redeemed.case, service.household("telegram", user)


def complete(service, account=ALICE):
    """A case the household and the worker answered completely."""
    case, link = joined(service, account)
    answer_all(service, link, case.id, "household")
    answer_all(service, account, case.id, "worker")
    return service.case(account, case.id), link


# --- the status machine -----------------------------------------------------------------

def test_every_status_has_its_transitions_and_erased_is_final():
    assert set(statuses.TRANSITIONS) == set(statuses.STATUSES)
    assert statuses.TRANSITIONS[statuses.ERASED] == frozenset()
    assert not statuses.can_move(statuses.DOCUMENTS_GENERATED, statuses.HOUSEHOLD_ANSWERING)
    assert statuses.can_move(statuses.REFUSED, statuses.HOUSEHOLD_ANSWERING)
    with pytest.raises(statuses.StatusError):
        statuses.check_move(statuses.ERASED, statuses.DOCUMENTS_GENERATED)


def test_an_erased_case_cannot_be_answered_rendered_or_revived(service, tmp_path):
    case, link = complete(service)
    service.erase(ALICE, case.id)
    for attempt in (lambda: service.documents(ALICE, case.id),
                    lambda: service.documents(SYSTEM_ACCOUNT, case.id),
                    lambda: service.answer(ALICE, case.id, Reply(text="x"), "fr"),
                    lambda: service.invite(ALICE, case.id),
                    lambda: service.set_objectives(ALICE, case.id, None)):
        with pytest.raises(CaseNotFound):
            attempt()
    assert service.store.get_case(case.id).status == "erased"
    assert service.household("telegram", link.user_id) is None


def test_the_cli_refuses_an_erased_case_and_writes_nothing(tmp_path, monkeypatch, capsys):
    """Before: `intake-bot documents N` on an erased case wrote empty documents and revived
    the case as documents_generated."""
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    store = SqliteStorage(tmp_path / "data" / "intake.sqlite")
    store.save_account(ALICE)
    service = open_service(SETTINGS, store=store, clock=lambda: NOW)
    case, _ = complete(service)
    service.erase(ALICE, case.id)
    store.close()
    out = tmp_path / "out"
    assert cli_main(["documents", case.reference, "--out", str(out)]) == 2
    assert not out.exists()
    assert "introuvable" in capsys.readouterr().err
    again = SqliteStorage(tmp_path / "data" / "intake.sqlite")
    assert again.get_case(case.id).status == "erased"


def test_references_are_read_as_people_type_them():
    assert [parse_reference(t) for t in ("D-000042", "d-42", "42", " D000042 ")] == [42] * 4
    assert parse_reference("D-x") is None and parse_reference("") is None


# --- organisations and roles ------------------------------------------------------------

def test_each_role_sees_what_its_organisation_and_role_allow(service):
    mine = service.create_case(ALICE)
    brunos = service.create_case(BRUNO)
    assert [c.id for c in service.cases(ALICE)] == [mine.id]
    assert {c.id for c in service.cases(CLARA)} == {mine.id, brunos.id}
    assert service.cases(OSCAR) == []
    with pytest.raises(NotAllowed):
        service.cases(ADAM)  # an admin reads no household's data
    for account in (OSCAR, ADAM, BRUNO):
        with pytest.raises(CaseNotFound):
            service.case(account, mine.id)
    with pytest.raises(NotAllowed):
        service.create_case(ADAM)


def test_a_colleague_takes_over_a_departed_workers_case_with_an_audit_line(service):
    """Before: access was « the worker who created the case »: a departed worker's cases
    were orphaned."""
    case = service.create_case(ALICE)
    service.remove_account(ALICE.id)
    assert [c.id for c in service.colleagues_cases(BRUNO)] == [case.id]
    taken = service.take_over(BRUNO, case.reference)
    assert taken.worker == BRUNO.id
    assert service.case(BRUNO, case.id).id == case.id
    line = [a for a in service.store.audit_log(case.id) if a["action"] == "case.take_over"]
    assert line[0]["actor"] == BRUNO.id and line[0]["details"]["previous"] == ALICE.id
    with pytest.raises(CaseNotFound):
        service.take_over(OSCAR, case.id)  # not of their organisation


def test_a_coordinator_reassigns_and_the_new_worker_is_told(service):
    case = service.create_case(ALICE)
    moved, notices = service.reassign(CLARA, case.id, BRUNO.id)
    assert moved.worker == BRUNO.id
    assert [(n.recipient, n.message_id) for n in notices] == [(BRUNO.id, "case.notice.assigned")]
    with pytest.raises(CaseError):
        service.reassign(CLARA, case.id, OSCAR.id)  # another organisation
    with pytest.raises(CaseNotFound):
        service.reassign(BRUNO, case.id, ALICE.id)  # a worker does not reassign


def test_a_removed_worker_gets_nothing_not_even_notifications(service):
    """Before: a removed worker still received the household's notifications."""
    case, link = joined(service)
    service.remove_account(ALICE.id)
    assert service.account(ALICE.id) is None
    notices = service.erase(link, case.id)
    assert notices == []


def test_the_permission_table_names_every_role():
    for action, roles in access.PERMISSIONS.items():
        assert roles <= {*access.ROLES, access.SYSTEM}, action
    assert not any(access.ADMIN in access.PERMISSIONS[a] for a in ("read", "documents", "answer"))


# --- invitations and household accounts -------------------------------------------------

def test_a_new_invitation_revokes_the_earlier_one(service):
    """Before: /invite twice left both links live."""
    case = service.create_case(ALICE)
    first = service.invite(ALICE, case.id)
    second = service.invite(ALICE, case.id)
    assert service.redeem("telegram", "100", first.token, "Eve", "fr").result == "invalid"
    assert service.redeem("telegram", "100", second.token, "Amina", "fr").result == "linked"
    assert service.redeem("telegram", "101", second.token, "Amina", "fr").result == "invalid"


def test_a_second_account_waits_for_the_workers_confirmation(service):
    """Before: whoever opened an older link became a second household account, saw every
    answer and could erase the real household's case; the worker was told « le ménage a
    ouvert le lien »."""
    case, real = joined(service)
    answer_all(service, real, case.id, "household", until="last_name")
    token = service.invite(ALICE, case.id).token
    redeemed = service.redeem("telegram", "666", token, "Mallory (@mal)", "fr")
    assert redeemed.result == "pending"
    [notice] = redeemed.notices
    assert (notice.recipient, notice.kind, notice.subject) == (ALICE.id, "confirm_link", "telegram:666")
    assert notice.params["display"] == "Mallory (@mal)"
    waiting = service.household("telegram", "666")
    for attempt in (lambda: service.screen(waiting, case.id),
                    lambda: service.answer(waiting, case.id, Reply(text="Eve"), "fr"),
                    lambda: service.erase(waiting, case.id)):
        with pytest.raises(CaseNotFound):
            attempt()
    assert [k.user_id for k in service.store.links(case.id) if not k.pending] == [real.user_id]


def test_the_worker_confirms_a_lost_phone_and_the_old_account_loses_access(service):
    case, old = joined(service)
    token = service.invite(ALICE, case.id).token
    service.redeem("telegram", "200", token, "Amina (new phone)", "fr")
    with pytest.raises(CaseNotFound):
        service.confirm_link(BRUNO, case.id, "telegram:200", True)  # not their case
    notices = service.confirm_link(ALICE, case.id, "telegram:200", True)
    assert [n.recipient for n in notices] == ["telegram:200"]
    assert service.household("telegram", old.user_id) is None
    new = service.household("telegram", "200")
    assert not new.pending and service.screen(new, case.id).question is not None
    with pytest.raises(CaseNotFound):
        service.screen(old, case.id)


def test_a_refused_account_is_told_and_unlinked(service):
    case, _ = joined(service)
    token = service.invite(ALICE, case.id).token
    service.redeem("telegram", "666", token, "Mallory", "fr")
    notices = service.confirm_link(ALICE, case.id, "telegram:666", False)
    assert [(n.recipient, n.message_id) for n in notices] == [("telegram:666", "case.notice.link_refused")]
    assert service.household("telegram", "666") is None


def test_the_worker_is_told_which_account_joined(service):
    case = service.create_case(ALICE)
    token = service.invite(ALICE, case.id).token
    [notice] = service.redeem("telegram", "100", token, "Amina (@amina)", "ar").notices
    assert (notice.message_id, notice.params["display"]) == ("case.notice.household_linked",
                                                             "Amina (@amina)")
    assert service.store.get_case(case.id).locale == "ar"  # the household's language is the case's


def test_an_expired_invitation_opens_nothing(service):
    case = service.create_case(ALICE)
    issued = service.invite(ALICE, case.id)
    later = open_service(SETTINGS, store=service.store, clock=lambda: NOW + timedelta(days=15))
    assert later.redeem("telegram", "100", issued.token, "Amina", "fr").result == "invalid"
    assert service.redeem("telegram", "100", "x" * 65, "Amina", "fr").result == "invalid"


# --- consent belongs to the household ---------------------------------------------------

def refused(service):
    case, link = joined(service)
    answer_all(service, link, case.id, "household", {**SINGLE_MOTHER, "consent_collect": "non"})
    return service.store.get_case(case.id), link


def test_a_refusal_closes_the_case_and_the_worker_cannot_reopen_it(service):
    """Before: a worker could jump back to a refused consent_collect, reopen the interview and
    answer the household's consents."""
    case, link = refused(service)
    assert case.status == "refused"
    for attempt in (lambda: service.jump(ALICE, case.id, "consent_collect"),
                    lambda: service.answer(ALICE, case.id, Reply(codes=("yes",), path="consent_collect"),
                                           "fr", witnessed=True),
                    lambda: service.documents(ALICE, case.id),
                    lambda: service.jump(link, case.id, "consent_collect")):
        with pytest.raises(CaseClosed):
            attempt()
    assert service.casework.state(case.id)["status"] == "stopped"


def test_only_the_household_reopens_a_refused_case_through_a_new_invitation(service):
    case, link = refused(service)
    token = service.invite(ALICE, case.id).token
    assert service.redeem("telegram", link.user_id, token, "Amina", "fr").result == "linked"
    assert service.store.get_case(case.id).status == "household_answering"
    question = service.screen(link, case.id).question
    assert question.path == "consent_collect" and question.record["value"] is False
    outcome = service.answer(link, case.id, Reply(codes=("yes",), path="consent_collect"), "fr").outcome
    assert outcome.accepted and outcome.state["status"] == "active"


def test_a_worker_records_a_consent_only_as_witnessed(service):
    case = service.create_case(ALICE)
    answer_all(service, ALICE, case.id, "worker", until="consent_collect")
    plain = service.answer(ALICE, case.id, Reply(codes=("yes",), path="consent_collect"), "fr").outcome
    assert plain.error.id == "error.consent_household_only"
    witnessed = service.answer(ALICE, case.id, Reply(codes=("yes",), path="consent_collect"), "fr",
                               witnessed=True).outcome
    record = witnessed.state["answers"]["consent_collect"]
    assert (record["by"], record["witnessed"]) == ("worker", True)


# --- documents --------------------------------------------------------------------------

def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_documents_are_audited_named_by_reference_and_mark_the_case(service):
    case, _ = complete(service)
    built = service.documents(ALICE, case.reference)
    assert [d.file_name for d in built] == [f"diagnostic_social_{case.reference}.docx",
                                            f"contrat_accompagnement_{case.reference}.docx"]
    lines = [a for a in service.store.audit_log(case.id) if a["action"] == "document.generate"]
    assert [(a["actor"], a["details"]["kind"], a["details"]["sha256"]) for a in lines] == \
        [(ALICE.id, d.kind, hashlib.sha256(d.content).hexdigest()) for d in built]
    assert service.store.get_case(case.id).status == "documents_generated"


def test_the_contract_has_the_workers_objectives_and_the_households_language_from_every_door(service):
    """Before: the CLI's contract missed the objectives edited in the bot and the household's
    language (it lived on the Telegram participant)."""
    case, _ = joined(service, locale="uk")
    answer_all(service, service.household("telegram", "100"), case.id, "household")
    answer_all(service, ALICE, case.id, "worker")
    service.set_objectives(ALICE, case.id, [Objective("french", "Cours de français au centre social")])
    by_worker = {d.kind: docx_text(d.content) for d in service.documents(ALICE, case.id)}
    by_cli = {d.kind: docx_text(d.content) for d in service.documents(SYSTEM_ACCOUNT, case.id)}
    assert by_worker == by_cli
    assert "Cours de français au centre social" in by_cli["contract"]
    assert "Українська" in by_cli["contract"] or "українськ" in by_cli["contract"].lower()


def test_an_answer_changed_after_the_documents_marks_them_outdated_and_tells_the_worker(service):
    """Before: old question messages kept working after the documents were made, and nobody
    was told."""
    case, link = complete(service)
    service.documents(ALICE, case.id)
    answered = service.answer(link, case.id, Reply(text="Aminata", path="first_name"), "fr")
    assert answered.outcome.accepted
    assert service.store.get_case(case.id).documents_outdated
    assert [(n.recipient, n.message_id) for n in answered.notices] == \
        [(ALICE.id, "case.notice.documents_outdated")]
    again = service.answer(link, case.id, Reply(text="Amina", path="first_name"), "fr")
    assert again.notices == []  # told once until they are made again
    service.documents(ALICE, case.id)
    assert not service.store.get_case(case.id).documents_outdated


def test_the_household_gets_only_its_contract_once_generated(service):
    case, link = complete(service)
    with pytest.raises(CaseError):
        service.household_contract(link)
    service.documents(ALICE, case.id)
    contract = service.household_contract(link)
    assert contract.kind == "contract"
    assert any(a["action"] == "document.send" and a["actor"] == link.account_id
               for a in service.store.audit_log(case.id))


# --- erasure ----------------------------------------------------------------------------

def test_the_household_erases_and_the_worker_is_told(service):
    case, link = complete(service)
    notices = service.erase(link, case.id)
    assert [(n.recipient, n.message_id) for n in notices] == [(ALICE.id, "case.notice.household_erased")]
    assert service.casework.state(case.id)["answers"] == {}


def test_staff_erasure_tells_the_household(service):
    case, link = complete(service)
    notices = service.erase(CLARA, case.id)
    assert [(n.recipient, n.message_id, n.locale) for n in notices] == [
        (link.account_id, "case.notice.erased_by_service", "fr"),
        (ALICE.id, "case.notice.erased", "fr")]
    with pytest.raises(CaseNotFound):
        service.erase(OSCAR, case.id)


def test_a_case_is_the_service_s_record(service):
    case = service.create_case(CLARA)
    assert isinstance(case, Case) and (case.organisation, case.worker) == ("CCAS", CLARA.id)


def test_a_case_made_at_the_console_is_given_to_a_worker_of_the_service(service):
    case = service.create_case(SYSTEM_ACCOUNT, status="household_answering")
    assert (case.organisation, case.worker) == ("", "")
    moved, _ = service.reassign(SYSTEM_ACCOUNT, case.reference, ALICE.id)
    assert (moved.organisation, moved.worker) == ("CCAS", ALICE.id)
    assert service.case(ALICE, case.id).id == case.id
