"""Retention (issue 11): a case without activity for RETENTION_MONTHS is erased, by
``intake-bot purge`` and by a daily job of the running bot; "activity" is defined in
intake_bot/cases/retention.py and the README."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

import pytest

from intake_bot.cases import SYSTEM_ACCOUNT, CaseNotFound, open_service
from intake_bot.cases.retention import months_before
from intake_bot.cli import main as cli_main
from intake_bot.config import Settings
from intake_bot.engine.reader import Reply
from tests.test_cases import ALICE, CLARA, joined

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
LONG_AGO = "2024-10-01T09:00:00.000+00:00"  # 25 months before NOW


def sqlite_service(data_dir, clock=lambda: NOW):
    service = open_service(Settings(data_dir=data_dir), clock=clock)
    for account in (ALICE, CLARA):
        service.save_account(account.id, account.name, account.organisation, account.role)
    return service


def backdate(path, case_id: int, when: str = LONG_AGO) -> None:
    """Every trace of activity of a case moved to ``when`` (as if it had been that long)."""
    with sqlite3.connect(path) as conn:
        conn.execute("update cases set created_at = ? where id = ?", [when, case_id])
        conn.execute("update interviews set updated_at = ? where case_id = ?", [when, case_id])
        conn.execute("update answers set given_at = ? where case_id = ?", [when, case_id])
        conn.execute("update audit set at = ? where case_id = ?", [when, case_id])
    conn.close()


@pytest.fixture
def two_cases(tmp_path):
    """An old case (25 months without activity) and a recent one, each with a household."""
    service = sqlite_service(tmp_path)
    old, _ = joined(service, user="100")
    recent, _ = joined(service, user="200")
    backdate(tmp_path / "intake.sqlite", old.id)
    return service, old, recent


def test_purge_erases_an_old_case_and_keeps_a_recent_one(two_cases):
    service, old, recent = two_cases
    purged = service.purge()
    assert [s.reference for s in purged] == [old.reference]
    assert purged[0].last_activity.isoformat() == LONG_AGO[:10]
    with pytest.raises(CaseNotFound):
        service.case(SYSTEM_ACCOUNT, old.id)
    assert service.case(SYSTEM_ACCOUNT, recent.id).status != "erased"
    [line] = [a for a in service.store.audit_log(old.id) if a["action"] == "case.indicators"]
    assert line["details"]["reason"] == "retention"
    assert service.purge() == []


def test_dry_run_erases_nothing(two_cases):
    service, old, _recent = two_cases
    assert [s.reference for s in service.purge(dry_run=True)] == [old.reference]
    assert service.case(SYSTEM_ACCOUNT, old.id).status != "erased"


def test_a_recent_answer_or_audit_line_is_activity(two_cases):
    service, old, _recent = two_cases
    link = service.household("telegram", "100")
    service.answer(link, old.id, Reply(text="1"), "fr")  # the household came back yesterday
    assert service.purge(dry_run=True) == []
    backdate(service.store.path, old.id)
    service.invite(ALICE, old.id)  # an audit line only: a worker sent a new invitation
    assert service.purge(dry_run=True) == []


def test_retention_months_is_a_setting(two_cases, monkeypatch):
    service, old, recent = two_cases
    assert service.purge(dry_run=True, months=26) == []
    assert Settings.from_env({"RETENTION_MONTHS": "6"}).retention_months == 6
    assert Settings.from_env({}).retention_months == 24


def test_cli_purge_prints_references_only(two_cases, monkeypatch, capsys):
    service, old, recent = two_cases
    service.close()
    monkeypatch.setenv("INTAKE_DATA_DIR", str(service.store.path.parent))
    assert cli_main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert old.reference in out and recent.reference not in out and "User 100" not in out
    assert cli_main(["purge"]) == 0
    assert old.reference in capsys.readouterr().out
    assert cli_main(["purge", "--dry-run"]) == 0
    assert old.reference not in capsys.readouterr().out


def test_months_before_keeps_the_day_within_the_month():
    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 11, 25), 24) == datetime(2024, 11, 25)
    assert months_before(datetime(2026, 1, 15), 13) == datetime(2024, 12, 15)


def test_the_bot_runs_the_purge_at_start_then_daily(two_cases):
    from intake_bot.channels.telegram.app import RETENTION_PERIOD, retention_job

    service, old, _recent = two_cases
    waits = []

    async def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(retention_job(service, sleep=sleep))
    assert waits == [RETENTION_PERIOD.total_seconds()] * 2
    assert service.store.get_case(old.id).status == "erased"
