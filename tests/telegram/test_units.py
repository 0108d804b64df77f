"""The pieces without the network: button data, storage of the channel (both storages), CLI."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from intake_bot.channels.telegram import _invitations as invitations
from intake_bot.channels.telegram._callbacks import BadCallback, pack, ref_path, slot_ref, unpack
from intake_bot.channels.telegram._processor import DROP, NOTIFY, OK, FloodGate
from intake_bot.channels.telegram._views import chunks
from intake_bot.cli import main
from intake_bot.engine.state import make_record, Provenance
from intake_bot.engine.walk import walk
from intake_bot.questionnaire.compiler import load_flow
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage

FLOW = load_flow()
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


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
            for kind in ("a", "t"):
                assert len(pack(kind, ref, choice.code).encode()) <= 64


@pytest.mark.parametrize("bad", ["", "x" * 65, "a", "9999", "1.x", "-1"])
def test_made_up_button_data_is_refused(bad):
    with pytest.raises(BadCallback):
        kind, parts = unpack(bad)
        ref_path(FLOW, parts[0] if parts else kind)


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


def test_invitations_are_hashed_single_use_expiring_and_revocable(storage):
    case = storage.create_case("telegram:1")
    token, invitation = invitations.issue(storage, case.id, "telegram:1", 14, NOW)
    assert invitation.token_hash == invitations.hash_token(token) != token
    assert invitations.find_usable(storage, token, NOW) == invitation
    assert invitations.find_usable(storage, token, NOW + timedelta(days=15)) is None
    storage.mark_invitation_used(invitation.token_hash, "telegram:9")
    assert invitations.find_usable(storage, token, NOW) is None
    other, _ = invitations.issue(storage, case.id, "telegram:1", 14, NOW)
    assert storage.revoke_invitations(case.id, "telegram:1") == 1
    assert invitations.find_usable(storage, other, NOW) is None
    actions = [a["action"] for a in storage.audit_log(case.id)]
    assert actions.count("invitation.create") == 2 and "invitation.use" in actions
    assert "invitation.revoke" in actions


def test_workers_participants_sessions_and_updates(storage):
    case = storage.create_case("telegram:1")
    assert storage.save_worker(7, "Alice", "CCAS").active
    assert storage.deactivate_worker(7) and not storage.get_worker(7).active
    assert storage.save_worker(7, "Alice B.").active and storage.get_worker(7).name == "Alice B."
    assert not storage.deactivate_worker(8)
    storage.link_participant("telegram", "55", case.id, "household", "ar")
    storage.set_participant_locale("telegram", "55", "ps")
    assert storage.get_participant("telegram", "55").locale == "ps"
    storage.save_session("telegram", "55", {"mode": "interview", "pending_codes": ["a"]})
    assert storage.load_session("telegram", "55")["pending_codes"] == ["a"]
    assert storage.unlink_participants(case.id) == 1
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
    worker = storage.get_worker(42)
    assert (worker.name, worker.organisation, worker.active) == ("Alice", "CCAS", False)
    assert main(["cases"]) == 0
    storage.close()


def test_contract_objectives_are_kept_per_case_and_can_go_back_to_the_proposal(storage):
    from intake_bot.casework import Casework
    from intake_bot.channels.telegram import _documents as documents
    from intake_bot.documents.objectives import Objective

    casework = Casework(storage, flow=FLOW, clock=lambda: NOW)
    case, other = storage.create_case("telegram:1"), storage.create_case("telegram:1")
    proposed = documents.contract_objectives(casework, case.id)
    assert documents.stored_objectives(storage, case.id) is None and proposed
    chosen = [Objective("french", "Cours le mardi & le jeudi"), Objective("health")]
    documents.store_objectives(storage, case.id, chosen)
    assert documents.contract_objectives(casework, case.id) == chosen
    assert documents.contract_objectives(casework, other.id) == proposed  # per case
    documents.store_objectives(storage, case.id, None)
    assert documents.contract_objectives(casework, case.id) == proposed
    documents.store_objectives(storage, case.id, chosen)
    documents.forget_case(storage, case.id)
    assert documents.stored_objectives(storage, case.id) is None


def test_the_help_button_appears_only_for_questions_with_glossary_words():
    from intake_bot.channels.telegram._views import question_terms

    assert question_terms(FLOW.field("first_name")) == ()
    assert "rsa" in [t.id for t in question_terms(FLOW.field("employment_support"))]
    assert {"rsa", "apl"} <= {t.id for t in question_terms(FLOW.field("resources.type"))}


def test_a_translation_fetched_for_words_changed_meanwhile_is_not_stored():
    from intake_bot.casework import Casework
    from intake_bot.channels.telegram import _followup as followup
    from intake_bot.engine.reader import Reply
    from intake_bot.translation import Translation

    casework = Casework(MemoryStorage(), flow=FLOW, clock=lambda: NOW)
    case_id = casework.storage.create_case("w").id
    for path, text in [("consent_information", ""), ("consent_collect", "oui"),
                       ("household_expectations", "صبح ها در خانه هستم")]:
        assert casework.answer(case_id, Reply(text=text, path=path), "household", "fa_AF").accepted

    def fetched(text: str) -> dict:
        return {(text, "fa_AF"): Translation("Le matin", "fa_AF", "fr", "libretranslate", True, False)}

    assert followup.store_translations(casework, case_id, fetched("ancien texte")) == 0
    record = casework.state(case_id)["answers"]["household_expectations"]
    assert record["translation"]["pending"]
    assert followup.store_translations(casework, case_id, fetched("صبح ها در خانه هستم")) == 1
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
