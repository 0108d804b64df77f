"""Backup and restore, and the CLI's clear answers to a broken database (issue 11)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from intake_bot import i18n
from intake_bot.cases import SYSTEM_ACCOUNT
from intake_bot.cli import main as cli_main
from intake_bot.documents import render as doc_render
from intake_bot.storage import sqlite as sqlite_module
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_cases import ALICE
from tests.test_retention import sqlite_service


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("INTAKE_DATA_DIR", str(folder))
    old = os.umask(0o022)
    yield folder
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_a_consistent_private_copy_taken_while_the_bot_runs(data, tmp_path, capsys):
    running = sqlite_service(data)  # the bot, with its connection open
    case = running.create_case(ALICE)
    destination = tmp_path / "backups" / "intake-1.sqlite"
    assert cli_main(["backup", str(destination)]) == 0
    assert str(destination) in capsys.readouterr().out
    assert mode(destination) == 0o600
    copy = SqliteStorage(destination)
    assert [c.id for c in copy.list_cases()] == [case.id]
    copy.close()
    running.close()


def test_restore_checks_the_file_keeps_the_previous_database_and_says_so(data, tmp_path, capsys):
    service = sqlite_service(data)
    kept = service.create_case(ALICE)
    service.close()
    assert cli_main(["backup", str(tmp_path / "b.sqlite")]) == 0
    service = sqlite_service(data)
    service.create_case(ALICE)  # made after the backup
    service.close()
    capsys.readouterr()
    assert cli_main(["restore", str(tmp_path / "b.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "intake.sqlite.bak" in out and "v" in out
    assert (data / "intake.sqlite.bak").exists() and mode(data / "intake.sqlite.bak") == 0o600
    assert mode(data / "intake.sqlite") == 0o600
    service = sqlite_service(data)
    assert [c.id for c in service.cases(SYSTEM_ACCOUNT)] == [kept.id]
    service.close()
    before = SqliteStorage(data / "intake.sqlite.bak")
    assert len(before.list_cases()) == 2  # what the WAL held was checkpointed into it first
    before.close()


@pytest.mark.parametrize("content", [b"garbage" * 1000, b""], ids=["garbage", "empty"])
def test_restore_refuses_a_file_that_is_not_an_intake_bot_database(data, tmp_path, capsys, content):
    service = sqlite_service(data)
    service.create_case(ALICE)
    service.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    assert cli_main(["restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (data / "intake.sqlite.bak").exists()


def test_restore_refuses_an_unknown_schema_version(data, tmp_path, capsys):
    SqliteStorage(tmp_path / "future.sqlite").close()
    with sqlite3.connect(tmp_path / "future.sqlite") as conn:
        conn.execute("insert into schema_migrations values (99, '2030-01-01')")
    conn.close()
    assert cli_main(["restore", str(tmp_path / "future.sqlite")]) == 2
    assert "v99" in capsys.readouterr().err


def test_restore_refuses_a_database_in_use(data, tmp_path, capsys):
    running = sqlite_service(data)
    running.backup(tmp_path / "b.sqlite")
    assert cli_main(["restore", str(tmp_path / "b.sqlite")]) == 2
    assert "ouverte par un autre programme" in capsys.readouterr().err
    running.close()


def test_a_corrupt_database_is_one_french_line_exit_2(data, capsys):
    data.mkdir()
    (data / "intake.sqlite").write_bytes(os.urandom(8192))
    assert cli_main(["cases"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(data / "intake.sqlite") in err
    assert "intake-bot restore" in err


def test_a_locked_database_is_one_french_line_exit_2(data, capsys, monkeypatch):
    SqliteStorage(data / "intake.sqlite").close()
    holder = sqlite3.connect(data / "intake.sqlite", isolation_level=None)
    holder.execute("begin exclusive")  # a backup or another program writing
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite_module.sqlite3, "connect",
                        lambda *a, **k: connect(*a, **{**k, "timeout": 0.05}))
    try:
        assert cli_main(["add-worker", "--telegram-id", "7", "--name", "N",
                         "--organisation", "O"]) == 2
    finally:
        holder.execute("rollback")
        holder.close()
    err = capsys.readouterr().err
    assert "verrouillée" in err and err.count("\n") == 1


def test_an_unknown_case_reference_is_one_french_line_exit_2(data, capsys):
    assert cli_main(["erase", "D-000999"]) == 2
    err = capsys.readouterr().err
    assert "D-000999" in err and err.count("\n") == 1


def test_missing_catalogs_are_named_with_their_fix(data, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "nowhere")
    assert cli_main(["cases"]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "nowhere" / "ar" / "LC_MESSAGES" / "intake_bot.mo") in err
    assert "make catalogs" in err and "Traceback" not in err


def test_missing_templates_are_named_with_their_fix(data, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(doc_render, "TEMPLATE_DIR", tmp_path / "nowhere")
    assert cli_main(["run", "--console", "--locale", "fr", "--role", "household"]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "nowhere" / "diagnostic_social.docx") in err
    assert "scripts/build_templates.py" in err
