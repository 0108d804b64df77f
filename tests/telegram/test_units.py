"""The pieces without the network: button data, what the channel keeps through the case service
(both storages), CLI."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from intake_bot.cases import SYSTEM_ACCOUNT, Link, open_service
from intake_bot.cases import invitations as tokens
from intake_bot.channels.telegram._callbacks import (
    Answer, BadCallback, Toggle, Witnessed, ref_path, slot_ref, unpack,
)
from intake_bot.channels.telegram._processor import DROP, NOTIFY, OK, FloodGate
from intake_bot.channels.telegram._views import chunks
from intake_bot.cli import main
from intake_bot.config import Settings
from intake_bot.engine.state import make_record, Provenance
from intake_bot.engine.walk import walk
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.storage.base import utc_now
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage

FLOW = load_flow()
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
LARGEST_CASE = 999_999_999  # the largest case number a reference names (D-999999999)


def _full_walk():
    """A walk with two entries in every repeated group, so every kind of slot appears."""
    answers = {}
    by = Provenance("worker", "2026-11-22T10:00:00+00:00", "fr")
    for _ in range(3):
        for slot in walk(FLOW, answers, NOW.date()).slots:
            if slot.adds_entry and slot.path not in answers:
                answers[slot.path] = make_record(slot.index < 2, by, None)
    return walk(FLOW, answers, NOW.date())


def test_every_button_of_every_question_fits_in_64_bytes_and_names_its_question():
    slots = _full_walk().slots
    assert any(s.adds_entry for s in slots) and any("." in s.path for s in slots)
    for slot in slots:
        ref = slot_ref(FLOW, slot)
        assert ref_path(FLOW, ref) == slot.path
        for choice in slot.field.choices or ():
            for button in (Answer, Toggle, Witnessed):
                data = button(LARGEST_CASE, ref, choice.code)
                assert len(data.pack().encode()) <= 64
                assert unpack(data.pack()) == data  # and it reads back as it was made


@pytest.mark.parametrize("bad", ["", "x" * 65, "a", "9999", "1.x", "-1",
                                 "a|1|9999|y", "a|1|1.x|y", "a|1|-1|y", "a|x|12|y", "a|1|12",
                                 "a|1|12|y|z", "w|", "w|-1", "o|3|rm|health|x"])
def test_made_up_button_data_is_refused(bad):
    with pytest.raises(BadCallback):
        data = unpack(bad)
        ref_path(FLOW, data.ref)


def test_chunks_keep_messages_under_the_limit_and_lose_nothing():
    lines = [f"ligne {n} " + "é" * (n % 50) for n in range(500)] + ["x" * 9000]
    parts = chunks(lines, 4096)
    assert all(len(p) <= 4096 for p in parts)
    assert "".join(parts).replace("\n", "") == "".join(lines)


def test_the_flood_gate_notifies_once_then_drops_then_forgives():
    clock = [0.0]
    gate = FloodGate(limit=3, window=10.0, clock=lambda: clock[0])
    assert [gate.check(1) for _ in range(6)] == [OK, OK, OK, NOTIFY, DROP, DROP]
    assert gate.check(2) == OK  # someone else is not affected
    clock[0] = 11.0
    assert gate.check(1) == OK
    assert [gate.check(1) for _ in range(3)] == [OK, OK, NOTIFY]


@pytest.fixture(params=["memory", "sqlite"])
def storage(request, tmp_path):
    store = MemoryStorage() if request.param == "memory" else SqliteStorage(tmp_path / "db.sqlite")
    yield store
    store.close()


def _service(storage, clock=lambda: NOW):
    """The case service over ``storage`` (its clock: ``clock``) and one worker of CCAS."""
    service = open_service(Settings(), store=storage, clock=clock)
    return service, service.save_account("telegram:1", "Alice", "CCAS", "worker")


def test_invitations_are_hashed_single_use_expiring_and_revocable(storage):
    clock = [NOW]
    service, worker = _service(storage, lambda: clock[0])
    case = service.create_case(worker)
    issued = service.invite(worker, case.id)
    token, invitation = issued.token, issued.invitation
    assert invitation.token_hash == tokens.hash_token(token) != token
    assert storage.get_invitation(invitation.token_hash) == invitation
    assert all(token not in str(value) for i in storage.invitations(case.id) for value in vars(i).values())
    clock[0] = NOW + timedelta(days=15)
    assert service.redeem("telegram", "9", token, "Amina", "fr").result == "invalid"  # expired
    clock[0] = NOW
    assert service.redeem("telegram", "9", token, "Amina", "fr").result == "linked"
    assert service.redeem("telegram", "10", token, "Other", "fr").result == "invalid"  # used
    other = service.invite(worker, case.id).token
    assert service.revoke(worker, case.id) == 1
    assert service.redeem("telegram", "10", other, "Other", "fr").result == "invalid"  # revoked
    actions = [a["action"] for a in storage.audit_log(case.id)]
    assert actions.count("invitation.create") == 2 and "invitation.use" in actions
    assert "invitation.revoke" in actions


def test_accounts_links_sessions_and_updates(storage):
    service, worker = _service(storage)
    case = service.create_case(worker)
    assert service.save_account("telegram:7", "Alice", "CCAS", "worker").active
    assert service.remove_account("telegram:7") and not storage.get_account("telegram:7").active
    assert service.account("telegram:7") is None  # a removed account gets nothing
    assert service.save_account("telegram:7", "Alice B.", "CCAS", "worker").active
    assert storage.get_account("telegram:7").name == "Alice B." and service.account("telegram:7")
    assert not service.remove_account("telegram:8")
    link = storage.save_link(Link("telegram", "55", case.id, utc_now()))
    assert service.household("telegram", "55") == link
    service.set_household_language(link, "ps")
    assert storage.get_case(case.id).locale == "ps"  # the household's language is the case's
    storage.save_session("telegram", "55", {"mode": "interview", "pending_codes": ["a"]})
    assert storage.load_session("telegram", "55")["pending_codes"] == ["a"]
    notices = service.erase(SYSTEM_ACCOUNT, case.id)
    assert [n.recipient for n in notices if n.recipient.startswith("telegram:5")] == ["telegram:55"]
    assert storage.get_link("telegram", "55") is None and service.household("telegram", "55") is None
    storage.save_session("telegram", "55", None)  # what the chat does once its case is gone
    assert storage.load_session("telegram", "55") == {}
    assert storage.claim_update(10) and not storage.claim_update(10)
    assert storage.forget_updates("9999") == 1 and storage.claim_update(10)


def test_atomic_blocks_roll_back_everything_together(storage):
    case = storage.create_case("telegram:1")
    with pytest.raises(RuntimeError):
        with storage.atomic():
            assert storage.claim_update(1)
            storage.save_state(case.id, {**storage.load_state(case.id), "cursor": "x"})
            storage.save_session("telegram", "1", {"mode": "x"})
            raise RuntimeError
    assert storage.claim_update(1)
    assert storage.load_state(case.id)["cursor"] is None
    assert storage.load_session("telegram", "1") == {}


def test_cli_adds_and_removes_workers(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    assert main(["add-worker", "--telegram-id", "42", "--name", "Alice", "--organisation", "CCAS"]) == 0
    assert main(["remove-worker", "--telegram-id", "42"]) == 0
    assert main(["remove-worker", "--telegram-id", "43"]) == 1
    storage = SqliteStorage(tmp_path / "intake.sqlite")
    worker = storage.get_account("telegram:42")
    assert (worker.name, worker.organisation, worker.role, worker.active) == ("Alice", "CCAS", "worker", False)
    assert main(["cases"]) == 0
    storage.close()


def test_contract_objectives_are_kept_per_case_and_can_go_back_to_the_proposal(storage):
    from intake_bot.documents.objectives import Objective

    service, worker = _service(storage)
    case, other = service.create_case(worker), service.create_case(worker)
    proposed = service.objectives(worker, case.id)
    assert storage.get_case(case.id).objectives is None and proposed
    chosen = [Objective("french", "Cours le mardi & le jeudi"), Objective("health")]
    service.set_objectives(worker, case.id, chosen)
    assert service.objectives(worker, case.id) == chosen
    assert service.objectives(worker, other.id) == proposed  # per case
    service.set_objectives(worker, case.id, None)
    assert service.objectives(worker, case.id) == proposed
    service.set_objectives(worker, case.id, chosen)
    service.erase(worker, case.id)
    assert storage.get_case(case.id).objectives is None


def test_the_help_button_appears_only_for_questions_with_glossary_words():
    from intake_bot.channels.telegram._views import question_terms

    assert question_terms(FLOW.field("first_name")) == ()
    assert "rsa" in [t.id for t in question_terms(FLOW.field("employment_support"))]
    assert {"rsa", "apl"} <= {t.id for t in question_terms(FLOW.field("resources.type"))}


def test_a_translation_fetched_for_words_changed_meanwhile_is_not_stored():
    from intake_bot.channels.telegram import _followup as followup
    from intake_bot.engine.reader import Reply
    from intake_bot.translation import Translation

    service, worker = _service(MemoryStorage())
    case_id = service.create_case(worker).id
    household = service.store.save_link(Link("telegram", "55", case_id, utc_now()))
    for path, text in [("consent_information", ""), ("consent_collect", "oui"),
                       ("household_expectations", "صبح ها در خانه هستم")]:
        assert service.answer(household, case_id, Reply(text=text, path=path), "fa_AF").outcome.accepted

    def fetched(text: str) -> dict:
        return {(text, "fa_AF"): Translation("Le matin", "fa_AF", "fr", "libretranslate", True, False)}

    casework = service.casework
    assert followup.store_translations(service, case_id, fetched("ancien texte")) == 0
    record = casework.state(case_id)["answers"]["household_expectations"]
    assert record["translation"]["pending"]
    assert followup.store_translations(service, case_id, fetched("صبح ها در خانه هستم")) == 1
    record = casework.state(case_id)["answers"]["household_expectations"]
    assert record["translation"]["text"] == "Le matin" and record["translation"]["machine"]


@pytest.mark.parametrize(("locale", "marked"), [("fa_AF", True), ("ar", True), ("ps", True),
                                                ("fr", False), ("uk", False)])
def test_right_to_left_lines_start_with_a_direction_mark(locale, marked):
    from intake_bot.channels.telegram._views import directed

    text = directed("RSA : 450 €\n▓▓░ 12 / 40\nپول ماهانه", locale)
    lines = text.split("\n")
    assert all(line.startswith("\u200f") for line in lines) is marked
    assert [line.lstrip("\u200f") for line in lines] == ["RSA : 450 €", "▓▓░ 12 / 40", "پول ماهانه"]
