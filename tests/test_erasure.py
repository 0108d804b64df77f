"""Erasure that erases (issue 11): nothing of an erased household left in the database file, its
WAL or the data folder; what stays is anonymous; the files are private whatever the umask."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from intake_bot.cases import open_service
from intake_bot.config import Settings
from intake_bot.storage import sqlite as sqlite_module
from intake_bot.storage.base import Account
from intake_bot.storage.sqlite import SqliteStorage, open_database
from tests.scripted import SINGLE_MOTHER
from tests.test_cases import ALICE, CLARA, answer_all

MARKER = "Qzxwvmarqueur"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
SCRIPT = {**SINGLE_MOTHER, "first_name": MARKER, "last_name": MARKER + "ova",
          "members.first_name": [MARKER + "a", MARKER + "b"]}


def marker_count(folder: Path) -> dict[str, int]:
    """How many times MARKER is in each file under ``folder`` (raw bytes, UTF-8 and UTF-16)."""
    needles = [MARKER.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return {str(path.relative_to(folder)): sum(path.read_bytes().count(n) for n in needles)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def sqlite_service(data_dir: Path):
    service = open_service(Settings(data_dir=data_dir), clock=lambda: NOW)
    for account in (ALICE, CLARA):
        service.save_account(account.id, account.name, account.organisation, account.role)
    return service


def answered_case(service, display: str = f"{MARKER} (@{MARKER})"):
    """A case whose household answered everything with MARKER in its names, and a second
    account waiting to be linked (its display name audited)."""
    case = service.create_case(ALICE)
    issued = service.invite(ALICE, case.id)
    assert service.redeem("telegram", "100", issued.token, display, "fr").result == "linked"
    link = service.household("telegram", "100")
    answer_all(service, link, case.id, "household", script=SCRIPT)
    answer_all(service, ALICE, case.id, "worker", script=SCRIPT)
    second = service.invite(ALICE, case.id)
    assert service.redeem("telegram", "200", second.token, display, "fr").result == "pending"
    return case


def test_erased_marker_is_found_nowhere_in_the_data_folder(tmp_path):
    data = tmp_path / "data"
    service = sqlite_service(data)
    case = answered_case(service)
    service.documents(ALICE, case.id)
    assert sum(marker_count(data).values()) > 0  # the check can see the marker
    service.erase(CLARA, case.id)
    # The bot is still running: its WAL is where an erased name stayed until shutdown.
    assert marker_count(data) == {name: 0 for name in marker_count(data)}
    assert (data / "intake.sqlite").exists()
    service.close()
    assert sum(marker_count(data).values()) == 0


def test_secure_delete_is_set_by_the_project_not_by_how_sqlite_was_compiled(tmp_path, monkeypatch):
    connect = sqlite3.connect

    def compiled_without_secure_delete(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.execute("pragma secure_delete = off")
        return conn

    monkeypatch.setattr(sqlite_module.sqlite3, "connect", compiled_without_secure_delete)
    db = open_database(tmp_path / "x.sqlite")
    assert db.execute("pragma secure_delete").fetchone()[0] == 1
    db.conn.close()


def test_after_erasure_the_case_and_its_audit_name_no_household(tmp_path):
    service = sqlite_service(tmp_path / "data")
    case = answered_case(service, display="Amina (@amina)")
    service.erase(ALICE, case.id)
    row = service.store.get_case(case.id)
    assert (row.status, row.created_by, row.worker, row.label) == ("erased", "", "", "")
    assert len(row.created_at) == len("2026-11") and row.objectives is None
    audit = service.store.audit_log(case.id)
    text = repr(audit)
    for personal in ("telegram:100", "telegram:200", "Amina", "@amina"):
        assert personal not in text
    assert "household" in {line["actor"] for line in audit}
    assert ALICE.id in {line["actor"] for line in audit}  # staff stay accountable
    assert service.load_session("telegram", "100") == {}
    service.close()


def test_an_erased_case_keeps_its_figures_for_indicators(tmp_path):
    service = sqlite_service(tmp_path / "data")
    case = answered_case(service)
    service.erase(ALICE, case.id)
    [line] = [a for a in service.store.audit_log(case.id) if a["action"] == "case.indicators"]
    kept = line["details"]
    assert kept["reason"] == "request" and kept["measure"] == "asll"
    assert kept["persons"] == 3 and kept["children"] == 2 and kept["answers"] > 20
    assert kept["household_type"] and kept["erased"] == NOW.isoformat()[:7]
    assert MARKER not in repr(kept)
    service.close()


def test_the_household_session_is_forgotten_on_erasure():
    from intake_bot.storage.memory import MemoryStorage

    store = MemoryStorage()
    store.save_account(ALICE)
    service = open_service(Settings(), store=store, clock=lambda: NOW)
    case = service.create_case(ALICE)
    issued = service.invite(ALICE, case.id)
    service.redeem("telegram", "100", issued.token, "Amina", "fr")
    service.save_session("telegram", "100", {"mode": "interview", "case_id": case.id})
    service.erase(ALICE, case.id)
    assert service.load_session("telegram", "100") == {}
    assert all("Amina" not in repr(line) for line in store.audit_log(case.id))


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_0700_and_every_file_0600_whatever_the_umask(tmp_path, umask_022):
    data = tmp_path / "data"
    store = SqliteStorage(data / "intake.sqlite")
    store.save_account(Account("telegram:1", "A", "CCAS"))
    assert (data / "intake.sqlite-wal").exists()
    assert mode(data) == 0o700
    assert {p.name: mode(p) for p in data.iterdir()} == {p.name: 0o600 for p in data.iterdir()}
    store.backup(data / "backup.sqlite")
    assert mode(data / "backup.sqlite") == 0o600
    store.close()


def test_an_existing_open_folder_and_file_are_made_private(tmp_path, umask_022):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    sqlite3.connect(data / "intake.sqlite").close()
    os.chmod(data / "intake.sqlite", 0o644)
    SqliteStorage(data / "intake.sqlite").close()
    assert mode(data) == 0o700 and mode(data / "intake.sqlite") == 0o600


def test_a_shared_folder_like_tmp_is_left_open_to_others(tmp_path, umask_022):
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    SqliteStorage(shared / "intake.sqlite").close()
    assert mode(shared) == 0o1777 and mode(shared / "intake.sqlite") == 0o600
