"""The storage contract, held by the in-memory twin and by SQLite alike."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
import sqlite_utils

from intake_bot.engine.state import new_state
from intake_bot.storage.base import Account, AnswerEvent, Invitation, Link, ObjectiveRecord, Person
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.migrations import MIGRATIONS, schema_version
from intake_bot.storage.sqlite import SqliteStorage, open_database

RECORD = {"value": "1200.50", "skipped": False, "by": "household", "at": "2026-11-22T10:00:00+00:00",
          "lang": "fa_AF", "raw": "۱۲۰۰٫۵۰ <b>{{ x }}</b> 🙂"}


@pytest.fixture(params=["memory", "sqlite"])
def storage(request, tmp_path):
    return MemoryStorage() if request.param == "memory" else SqliteStorage(tmp_path / "s.sqlite")


def test_a_new_case_has_an_empty_interview_and_an_audit_line(storage):
    case = storage.create_case(created_by="worker:7", locale="ar")
    assert case.reference == f"D-{case.id:06d}"
    assert storage.load_state(case.id) == new_state()
    assert storage.get_case(case.id).locale == "ar"
    assert [a["action"] for a in storage.audit_log(case.id)] == ["case.create"]
    assert storage.get_case(case.id).status == "invited"


def test_answers_keep_their_provenance_and_whole_history(storage):
    case = storage.create_case(created_by="w")
    state = new_state()
    for raw in ("1200", "۱۲۰۰٫۵۰ <b>{{ x }}</b> 🙂"):
        record = {**RECORD, "raw": raw}
        state = {**state, "answers": {"rent": record}}
        storage.save_state(case.id, state, AnswerEvent("rent", record))
    assert storage.load_state(case.id)["answers"]["rent"] == RECORD
    assert [e.record["raw"] for e in storage.answer_history(case.id)] == ["1200", RECORD["raw"]]


def test_people_are_replaced_as_a_whole(storage):
    case = storage.create_case(created_by="w")
    storage.save_state(case.id, new_state(), people=[Person(0, "applicant", "Amina"),
                                                     Person(1, "child", "Yanis")])
    storage.save_state(case.id, new_state(), people=[Person(0, "applicant", "Aminata")])
    assert [p.first_name for p in storage.people(case.id)] == ["Aminata"]


def test_erasure_removes_answers_and_people_but_keeps_the_audit(storage):
    case = storage.create_case(created_by="w")
    storage.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}}, AnswerEvent("rent", RECORD),
                       [Person(0, "applicant", "Amina")])
    storage.erase_case(case.id, actor="household")
    assert storage.load_state(case.id) == new_state()
    assert storage.answer_history(case.id) == [] and storage.people(case.id) == []
    assert storage.get_case(case.id).status == "erased"
    assert [a["action"] for a in storage.audit_log(case.id)] == ["case.create", "case.erase"]


def test_cases_are_listed_newest_first(storage):
    ids = [storage.create_case(created_by="w").id for _ in range(3)]
    assert [c.id for c in storage.list_cases()] == ids[::-1]


def test_a_failed_save_leaves_state_and_history_untouched(tmp_path):
    storage = SqliteStorage(tmp_path / "s.sqlite")
    case = storage.create_case(created_by="w")
    unserialisable = {**new_state(), "answers": {"rent": {**RECORD, "value": object()}}}
    with pytest.raises(TypeError):
        storage.save_state(case.id, unserialisable, AnswerEvent("rent", RECORD))
    bad_person = [Person(0, "applicant", extra={"x": object()})]
    with pytest.raises(TypeError):
        storage.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}},
                           AnswerEvent("rent", RECORD), bad_person)
    assert storage.load_state(case.id) == new_state()
    assert storage.answer_history(case.id) == []


def test_a_committed_answer_is_visible_to_another_connection(tmp_path):
    path = tmp_path / "s.sqlite"
    writer = SqliteStorage(path)
    case = writer.create_case(created_by="w")
    writer.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}}, AnswerEvent("rent", RECORD))
    reader = sqlite3.connect(path)
    assert reader.execute("select raw from answers").fetchone()[0] == RECORD["raw"]
    assert reader.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_migrations_run_once_and_reach_the_latest_version(tmp_path):
    path = tmp_path / "s.sqlite"
    first = open_database(path)
    assert schema_version(first) == MIGRATIONS[-1][0]
    first.conn.close()
    again = open_database(path)  # nothing re-applied, nothing fails
    assert [r[0] for r in again.execute("select version from schema_migrations")] == \
        [v for v, _ in MIGRATIONS]


def test_a_full_disk_raises_its_own_error_and_keeps_what_was_stored(tmp_path):
    storage = SqliteStorage(tmp_path / "s.sqlite")
    case = storage.create_case(created_by="w")
    storage.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}}, AnswerEvent("rent", RECORD))
    pages = storage.db.execute("pragma page_count").fetchone()[0]
    storage.db.execute(f"pragma max_page_count = {pages}")  # the disk is full now
    big = {**RECORD, "raw": "x" * 200_000}
    with pytest.raises(sqlite3.OperationalError, match="full"):
        storage.save_state(case.id, {**new_state(), "answers": {"rent": big}}, AnswerEvent("rent", big))
    assert storage.load_state(case.id)["answers"]["rent"] == RECORD
    storage.db.execute("pragma max_page_count = 1073741823")  # space again
    storage.save_state(case.id, {**new_state(), "answers": {"rent": big}}, AnswerEvent("rent", big))
    assert storage.load_state(case.id)["answers"]["rent"]["raw"] == big["raw"]


# --- the case store's records (schema v3) ----------------------------------------------------

def test_a_case_keeps_its_organisation_worker_and_objectives(storage):
    case = storage.create_case("telegram:7", organisation="CCAS", worker="telegram:7", locale="ar")
    assert (case.organisation, case.worker, case.status, case.objectives) == ("CCAS", "telegram:7",
                                                                             "invited", None)
    chosen = (ObjectiveRecord("health", None, ("health",)), ObjectiveRecord("french", "Cours", ()))
    storage.update_case(case.id, objectives=chosen, documents_outdated=True)
    again = storage.get_case(case.id)
    assert again.objectives == chosen and again.documents_outdated is True
    assert storage.update_case(case.id, objectives=None).objectives is None
    with pytest.raises(ValueError):
        storage.update_case(case.id, created_by="someone else")


def test_cases_are_listed_by_organisation(storage):
    mine = storage.create_case("a", organisation="CCAS")
    storage.create_case("b", organisation="Other")
    assert [c.id for c in storage.list_cases("CCAS")] == [mine.id]
    assert len(storage.list_cases()) == 2


def test_accounts_are_saved_replaced_and_listed(storage):
    first = storage.save_account(Account("telegram:7", "Alice", "CCAS", "worker"))
    assert first.created_at
    storage.save_account(Account("telegram:7", "Alice B.", "CCAS", "coordinator", active=False))
    again = storage.get_account("telegram:7")
    assert (again.name, again.role, again.active, again.created_at) == ("Alice B.", "coordinator",
                                                                        False, first.created_at)
    assert storage.get_account("telegram:8") is None
    assert [a.id for a in storage.list_accounts()] == ["telegram:7"]


def test_invitations_and_links_round_trip(storage):
    case = storage.create_case("w")
    invitation = Invitation("h1", case.id, "w", "2026-01-01T00:00:00.000+00:00",
                            "2026-01-15T00:00:00.000+00:00")
    storage.save_invitation(invitation)
    storage.save_invitation(replace(invitation, used_at="2026-01-02T00:00:00.000+00:00", used_by="t:5"))
    assert storage.get_invitation("h1").used_by == "t:5"
    assert [i.token_hash for i in storage.invitations(case.id)] == ["h1"]
    link = storage.save_link(Link("telegram", "5", case.id, "2026-01-02T00:00:00.000+00:00",
                                  pending=True, display="Amina (@amina)"))
    assert storage.get_link("telegram", "5") == link and storage.links(case.id) == [link]
    storage.delete_link("telegram", "5")
    assert storage.get_link("telegram", "5") is None and storage.links(case.id) == []


def test_erasure_also_removes_links_invitations_and_objectives(storage):
    case = storage.create_case("w", organisation="CCAS")
    storage.save_invitation(Invitation("h1", case.id, "w", "2026-01-01", "2026-01-15"))
    storage.save_link(Link("telegram", "5", case.id, "2026-01-02"))
    storage.update_case(case.id, objectives=(ObjectiveRecord("health"),))
    storage.erase_case(case.id, "telegram:5")
    erased = storage.get_case(case.id)
    assert (erased.status, erased.objectives, erased.organisation) == ("erased", None, "CCAS")
    assert storage.invitations(case.id) == [] and storage.links(case.id) == []


def test_a_session_can_be_deleted(storage):
    storage.save_session("telegram", "5", {"mode": "interview"})
    storage.save_session("telegram", "5", None)
    assert storage.load_session("telegram", "5") == {}


def test_version_3_moves_workers_participants_and_objectives_over(tmp_path):
    """A database of schema v2 (before the case service) keeps its people and choices."""
    from intake_bot.storage.migrations import MIGRATIONS

    db = sqlite_utils.Database(tmp_path / "old.sqlite")
    db["schema_migrations"].create({"version": int, "applied_at": str}, pk="version")
    for version, step in MIGRATIONS[:2]:
        step(db)
        db.execute("insert into schema_migrations values (?, '')", [version])
    db.execute("insert into cases (id, created_at, created_by, status, locale, label) values "
               "(1, '2026-01-01', 'telegram:7', 'household_answering', 'fr', '')")
    db.execute("insert into interviews values (1, ?, 0, '')", [json.dumps(new_state())])
    db.execute("insert into workers values (7, 'Alice', 'CCAS', 1, '2026-01-01')")
    db.execute("insert into participants values ('telegram', '55', 1, 'household', 'fa_AF', '2026-01-02')")
    db.execute("insert into sessions values ('telegram-case', '1', ?, '')",
               [json.dumps({"objectives": [{"code": "french", "text": "Cours", "freins": []}]})])
    db.conn.commit()
    db.conn.close()
    storage = SqliteStorage(tmp_path / "old.sqlite")
    case = storage.get_case(1)
    assert (case.worker, case.organisation, case.locale) == ("telegram:7", "CCAS", "fa_AF")
    assert case.objectives == (ObjectiveRecord("french", "Cours", ()),)
    assert storage.get_account("telegram:7") == Account("telegram:7", "Alice", "CCAS", "worker",
                                                        True, "2026-01-01")
    assert [(k.user_id, k.pending) for k in storage.links(1)] == [("55", False)]
    assert storage.load_session("telegram-case", "1") == {}
