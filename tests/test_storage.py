"""The storage contract, held by the in-memory twin and by SQLite alike."""

from __future__ import annotations

import sqlite3

import pytest

from intake_bot.engine.state import new_state
from intake_bot.storage.base import AnswerEvent, Person
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
