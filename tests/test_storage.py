"""The storage contract, held by the in-memory twin, SQLite and PostgreSQL alike."""

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


def _open(kind, request, tmp_path):
    if kind == "memory":
        return MemoryStorage()
    if kind == "sqlite":
        return SqliteStorage(tmp_path / "s.sqlite")
    from intake_bot.storage.postgres import PostgresStorage
    return PostgresStorage(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def storage(request, tmp_path):
    """Each contract test runs on the three stores (PostgreSQL: a new database of the session's
    server)."""
    store = _open(request.param, request, tmp_path)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def durable(request, tmp_path):
    """The stores behind a database engine (not the in-memory twin)."""
    store = _open(request.param, request, tmp_path)
    yield store
    store.close()


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


def test_a_failed_save_leaves_state_and_history_untouched(durable):
    storage = durable
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


def test_a_committed_answer_is_visible_to_another_postgres_connection(postgres_url):
    import psycopg

    from intake_bot.storage.postgres import PostgresStorage

    writer = PostgresStorage(postgres_url)
    case = writer.create_case(created_by="w")
    with writer.atomic():
        writer.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}},
                          AnswerEvent("rent", RECORD))
        with psycopg.connect(postgres_url) as reader:  # not before the outer commit
            assert reader.execute("select count(*) from answers").fetchone()[0] == 0
    with psycopg.connect(postgres_url) as reader:
        assert reader.execute("select raw from answers").fetchone()[0] == RECORD["raw"]
    writer.close()


def test_an_atomic_block_that_fails_writes_nothing(durable):
    case = durable.create_case(created_by="w")
    with pytest.raises(RuntimeError):
        with durable.atomic():
            durable.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}},
                               AnswerEvent("rent", RECORD))
            durable.claim_update(7)
            raise RuntimeError("the reply could not be sent")
    assert durable.answer_history(case.id) == [] and durable.claim_update(7) is True


def test_postgres_migrations_run_once_even_from_two_instances_at_once(postgres_url):
    from concurrent.futures import ThreadPoolExecutor

    from intake_bot.storage import postgres_migrations
    from intake_bot.storage.postgres import PostgresStorage

    with ThreadPoolExecutor(2) as pool:  # two instances starting together on an empty database
        stores = list(pool.map(lambda _: PostgresStorage(postgres_url), range(2)))
    rows = stores[0]._all("select version from schema_migrations order by version", [])
    assert [r["version"] for r in rows] == [v for v, _ in postgres_migrations.MIGRATIONS]
    for store in stores:
        store.close()


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


# --- moving an SQLite file into PostgreSQL (issue 16) -----------------------------------------

def _everything(store) -> dict:
    """Every record a store gives back, through the storage interface only."""
    cases = store.list_cases()
    return {"cases": cases, "accounts": store.list_accounts(), "audit": store.audit_log(),
            **{c.id: (store.load_state(c.id), store.answer_history(c.id), store.people(c.id),
                      store.invitations(c.id), store.links(c.id)) for c in cases},
            "session": store.load_session("telegram", "5")}


def _filled_sqlite(path):
    store = SqliteStorage(path)
    store.save_account(Account("telegram:7", "Alice", "CCAS", "coordinator"))
    first = store.create_case("telegram:7", organisation="CCAS", worker="telegram:7", locale="fa_AF")
    store.save_state(first.id, {**new_state(), "answers": {"rent": RECORD}},
                     AnswerEvent("rent", {**RECORD, "witnessed": True}),
                     [Person(0, "applicant", "Amina", extra={"nationality": "AF"})])
    store.update_case(first.id, objectives=(ObjectiveRecord("french", "Cours", ("lang",)),),
                      documents_outdated=True)
    store.save_invitation(Invitation("h1", first.id, "telegram:7", "2026-01-01", "2026-01-15",
                                     used_at="2026-01-02", used_by="telegram:55"))
    store.save_link(Link("telegram", "55", first.id, "2026-01-02", display="Amina"))
    store.erase_case(store.create_case("telegram:7").id, "telegram:7")
    store.save_session("telegram", "5", {"mode": "interview", "case": first.id})
    store.claim_update(41)
    return store


def test_migrate_store_copies_an_sqlite_file_into_postgres(tmp_path, postgres_url, monkeypatch,
                                                           capsys):
    from intake_bot import cli
    from intake_bot.storage.postgres import PostgresStorage

    source = _filled_sqlite(tmp_path / "intake.sqlite")
    expected = _everything(source)
    source.close()
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    assert cli.main(["migrate-store"]) == 0
    assert "cases\t2" in capsys.readouterr().out
    target = PostgresStorage(postgres_url)
    assert _everything(target) == expected
    assert target.claim_update(41) is False  # a duplicate stays a duplicate after the move
    assert target.create_case("w").id == 3  # numbering goes on where SQLite stopped
    target.close()
    assert cli.main(["migrate-store"]) == 2  # a second copy would mix two stores: refused
    assert "nothing copied" in capsys.readouterr().err


def test_migrate_store_refuses_a_database_with_accounts_only(tmp_path, postgres_url, capsys,
                                                             monkeypatch):
    from intake_bot import cli
    from intake_bot.storage.postgres import PostgresStorage

    _filled_sqlite(tmp_path / "intake.sqlite").close()
    target = PostgresStorage(postgres_url)
    target.save_account(Account("telegram:7", "Alice", "CCAS"))  # someone ran add-worker first
    target.close()
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    assert cli.main(["migrate-store", "--from", str(tmp_path / "intake.sqlite")]) == 2
    assert "accounts" in capsys.readouterr().err


def test_migrate_store_without_a_postgres_url_or_file_says_why(tmp_path, monkeypatch, capsys):
    from intake_bot import cli

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path))
    SqliteStorage(tmp_path / "intake.sqlite").close()
    assert cli.main(["migrate-store"]) == 2
    assert "DATABASE_URL" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    assert cli.main(["migrate-store", "--from", str(tmp_path / "missing.sqlite")]) == 2


def test_database_url_selects_postgres_and_sqlite_stays_the_default(tmp_path, postgres_url):
    from intake_bot.cases import open_store
    from intake_bot.config import Settings
    from intake_bot.storage.postgres import PostgresStorage

    default = open_store(Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path)}))
    assert isinstance(default, SqliteStorage) and (tmp_path / "intake.sqlite").exists()
    default.close()
    chosen = open_store(Settings.from_env({"INTAKE_DATA_DIR": str(tmp_path),
                                           "DATABASE_URL": postgres_url}))
    assert isinstance(chosen, PostgresStorage)
    chosen.close()
    with pytest.raises(ValueError):
        open_store(Settings.from_env({"DATABASE_URL": "mysql://x@127.0.0.1/db"}))


# --- issue 11's store methods, on every store --------------------------------------------------

def test_replies_kept_for_later_come_back_in_order_until_dropped(storage):
    first, second = storage.queue_reply(5, '{"text": "a"}'), storage.queue_reply(6, '{"text": "b"}')
    assert [(r.id, r.chat_id, r.payload) for r in storage.queued_replies()] == \
        [(first, 5, '{"text": "a"}'), (second, 6, '{"text": "b"}')]
    storage.drop_reply(first)
    assert [r.id for r in storage.queued_replies()] == [second]


def test_messages_shown_in_a_chat_are_taken_once(storage):
    storage.remember_messages(5, [10, 11], "2026-01-01T00:00:00.000+00:00")
    storage.remember_messages(5, [12], "2026-02-01T00:00:00.000+00:00")
    assert storage.take_messages(5, "2026-01-15") == [12]
    assert storage.take_messages(5, "2026-01-01") == []


def test_messages_too_old_to_delete_are_forgotten(storage):
    storage.remember_messages(5, [10], "2026-01-01T00:00:00.000+00:00")
    storage.remember_messages(5, [12], "2026-02-01T00:00:00.000+00:00")
    storage.forget_messages("2026-01-15")
    assert storage.take_messages(5, "2000-01-01") == [12]


def test_a_case_keeps_its_contract_period(storage):
    case = storage.create_case("w")
    assert (case.contract_start, case.contract_months) == (None, None)
    storage.update_case(case.id, contract_start="2026-03-01", contract_months=6)
    again = storage.get_case(case.id)
    assert (again.contract_start, again.contract_months) == ("2026-03-01", 6)


def test_an_erased_case_is_anonymised_and_leaves_the_activity_list(storage):
    case = storage.create_case("telegram:7", worker="telegram:7")
    other = storage.create_case("telegram:7")
    storage.audit("telegram:55", "case.link", case.id, display="Amina (@amina)", by="telegram:55")
    storage.erase_case(case.id, "telegram:55")
    storage.anonymise_erased(case.id, {"telegram:55"})
    erased = storage.get_case(case.id)
    assert (len(erased.created_at), erased.created_by, erased.worker) == (7, "", "")
    link_line = [a for a in storage.audit_log(case.id) if a["action"] == "case.link"][0]
    assert (link_line["actor"], link_line["details"]) == ("household", {"by": "household"})
    assert set(storage.activity()) == {other.id}


def test_a_nul_character_never_fails_a_write(storage):
    case = storage.create_case("w")
    record = {**RECORD, "raw": "Ami\x00na"}
    storage.save_state(case.id, {**new_state(), "answers": {"first_name": record}},
                       AnswerEvent("first_name", record))
    assert storage.load_state(case.id)["answers"]["first_name"]["raw"] == "Ami\x00na"  # JSON
    assert storage.answer_history(case.id)[0].record["raw"] in ("Ami\x00na", "Ami\ufffdna")


def test_a_backup_is_an_sqlite_file_with_everything(durable, tmp_path):
    from intake_bot.storage.sqlite import check_database

    filled = _filled_sqlite(tmp_path / "source.sqlite")
    if isinstance(durable, SqliteStorage):
        durable.close()
        durable = filled
    else:
        filled.close()
        from intake_bot.storage.transfer import copy_sqlite_to_postgres
        copy_sqlite_to_postgres(tmp_path / "source.sqlite", durable.url)
    expected = _everything(durable)
    durable.backup(tmp_path / "backup" / "copy.sqlite")
    assert check_database(tmp_path / "backup" / "copy.sqlite")[1] == 2
    assert (tmp_path / "backup" / "copy.sqlite").stat().st_mode & 0o777 == 0o600
    copy = SqliteStorage(tmp_path / "backup" / "copy.sqlite")
    assert _everything(copy) == expected
    copy.close()


# --- several processes on one PostgreSQL (issue 16) --------------------------------------------

def test_an_invitation_is_used_once_and_never_once_revoked(storage):
    case = storage.create_case("w")
    storage.save_invitation(Invitation("h1", case.id, "w", "2026-01-01", "2026-01-15"))
    storage.save_invitation(Invitation("h2", case.id, "w", "2026-01-01", "2026-01-15",
                                       revoked_at="2026-01-02"))
    assert storage.use_invitation("h1", "2026-01-03", "telegram:5") is True
    assert storage.use_invitation("h1", "2026-01-03", "telegram:6") is False
    assert storage.get_invitation("h1").used_by == "telegram:5"
    assert storage.use_invitation("h2", "2026-01-03", "telegram:5") is False
    assert storage.use_invitation("missing", "2026-01-03", "telegram:5") is False


def test_two_processes_redeeming_one_invitation_at_once_one_wins(postgres_url):
    """The second waits on the first's row lock, then finds the invitation used (a read
    followed by a write would let both win under read committed)."""
    from concurrent.futures import ThreadPoolExecutor

    from intake_bot.storage.postgres import PostgresStorage

    first, second = PostgresStorage(postgres_url), PostgresStorage(postgres_url)
    case = first.create_case("w")
    first.save_invitation(Invitation("h1", case.id, "w", "2026-01-01", "2026-01-15"))
    with ThreadPoolExecutor(1) as pool:
        with first.atomic():
            assert first.use_invitation("h1", "2026-01-03", "telegram:5") is True
            late = pool.submit(second.use_invitation, "h1", "2026-01-03", "telegram:6")
        assert late.result() is False
    assert second.get_invitation("h1").used_by == "telegram:5"
    first.close()
    second.close()


def test_a_broken_postgres_connection_is_replaced_on_the_next_call(postgres_url):
    """A fail-over or a restarted server: the call that meets the break fails (and its
    transaction is rolled back), the next one works on a new connection."""
    import psycopg

    from intake_bot.storage.postgres import PostgresStorage

    store = PostgresStorage(postgres_url)
    case = store.create_case("w")
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("select pg_terminate_backend(%s)", [store.conn.info.backend_pid])
    with pytest.raises(psycopg.OperationalError):
        store.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}},
                         AnswerEvent("rent", RECORD))
    store.save_state(case.id, {**new_state(), "answers": {"rent": RECORD}},
                     AnswerEvent("rent", RECORD))
    assert [e.path for e in store.answer_history(case.id)] == ["rent"]
    store.close()


def test_a_chat_held_by_one_process_waits_for_its_commit_in_another(postgres_url):
    """Two instances, one chat: the second's transaction starts only once the first's is
    committed, so it sees what the first wrote (the session), never an older state."""
    from concurrent.futures import ThreadPoolExecutor

    from intake_bot.storage.postgres import PostgresStorage

    first, second = PostgresStorage(postgres_url), PostgresStorage(postgres_url)

    def next_update() -> dict:
        with second.atomic():
            second.lock_chat(700_000_001)
            return second.load_session("telegram", "700000001")

    with ThreadPoolExecutor(1) as pool:
        with first.atomic():
            first.lock_chat(700_000_001)
            first.save_session("telegram", "700000001", {"step": 2})
            seen = pool.submit(next_update)
        assert seen.result() == {"step": 2}
    with first.atomic():  # another chat is never held up (the lock is per chat, per transaction)
        first.lock_chat(700_000_001)
        with second.atomic():
            second.lock_chat(700_000_002)
    first.close()
    second.close()


def test_a_job_lease_is_held_by_one_process_until_it_lapses(postgres_url):
    from intake_bot.storage.postgres import PostgresStorage

    first, second = PostgresStorage(postgres_url), PostgresStorage(postgres_url)
    assert first.hold_lease("retention", 3600) is True
    assert second.hold_lease("retention", 3600) is False  # the other instance skips the job
    assert first.hold_lease("retention", 3600) is True  # its holder renews it
    assert second.hold_lease("reminders", 3600) is True  # one lease per job
    first.hold_lease("retention", -1)  # as if its holder had died a while ago: lapsed
    assert second.hold_lease("retention", 3600) is True
    assert first.hold_lease("retention", 3600) is False
    first.close()
    second.close()


def test_a_store_for_one_process_always_holds_its_leases(storage):
    assert storage.hold_lease("retention", 3600) and storage.hold_lease("retention", 3600)


def test_the_newest_debian_postgresql_is_found_off_path(tmp_path, monkeypatch):
    """Debian's `postgresql` package puts initdb in /usr/lib/postgresql/N/bin, not on PATH."""
    from tests import postgres_server

    for version in ("9", "13", "15"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "initdb").touch()
    monkeypatch.setattr(postgres_server.shutil, "which", lambda name: None)
    monkeypatch.setattr(postgres_server, "POSTGRES_BINARIES", (str(tmp_path / "*" / "bin"),))
    assert postgres_server.postgres_bin() == tmp_path / "15" / "bin"
    monkeypatch.setattr(postgres_server, "POSTGRES_BINARIES", (str(tmp_path / "none" / "bin"),))
    assert postgres_server.postgres_bin() is None
