"""Memory: peak RSS of a bot process working over 10,000 stored cases and 1,000 interviews in
progress (each in-progress interview gets an answer, the case list is read). The process is set
up as ``intake-bot run`` sets up the Telegram bot: python-telegram-bot, aiohttp, the documents'
libraries and langdetect's profiles (61 MiB of them) are in memory.

The database is filled with raw SQL (a complete case's state and answer history copied), then a
separate process does the work and reports its own peak RSS, so the filling is not counted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from intake_bot.storage.sqlite import open_database

STORED, IN_PROGRESS = 10_000, 1_000


def fill(path: Path, stored: int = STORED, in_progress: int = IN_PROGRESS) -> None:
    """Create ``stored`` complete cases, the first ``in_progress`` of them cut halfway."""
    from bench.documents import complete_case

    casework, case_id = complete_case()
    state = casework.storage.load_state(case_id)
    history = casework.storage.answer_history(case_id)
    half = dict(list(state["answers"].items())[: len(state["answers"]) // 2])
    db = open_database(path)
    db.execute("begin")
    for number in range(1, stored + 1):
        partial = number <= in_progress
        current = {**state, "answers": half} if partial else state
        db.execute("insert into cases (id, created_at, created_by, status, locale, label) "
                   "values (?, '2026-11-01T09:00:00+00:00', 'bench', ?, 'fr', '')",
                   [number, "household_answering" if partial else "ready_for_review"])
        db.execute("insert into interviews (case_id, state, version, updated_at) values (?, ?, 1, '')",
                   [number, json.dumps(current, ensure_ascii=False)])
        events = history[: len(half)] if partial else history
        db.conn.executemany(
            "insert into answers (case_id, path, value, skipped, given_by, given_at, lang, raw) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            [(number, e.path, json.dumps(e.record["value"]), int(e.record["skipped"]), e.record["by"],
              e.record["at"], e.record["lang"], e.record["raw"]) for e in events])
    db.execute("commit")
    db.conn.close()


def work(path: Path, in_progress: int = IN_PROGRESS) -> int:
    """In this process, set up as ``intake-bot run`` sets up the Telegram bot (application,
    language profiles): answer one question of each in-progress case; return peak RSS (KiB)."""
    from intake_bot.cases import open_service
    from intake_bot.channels.telegram.app import CORE, build_application, settle_memory
    from intake_bot.config import Settings
    from intake_bot.engine.reader import Reply
    from intake_bot.storage.sqlite import SqliteStorage

    settings = Settings(telegram_token="123456:MEMORY-bench")
    application = build_application(settings, open_service(settings, SqliteStorage(path)))
    settle_memory()
    casework = application.bot_data[CORE].service.casework
    for case_id in range(1, in_progress + 1):
        if not casework.answer(case_id, Reply(skip=True), "worker", "fr").accepted:
            casework.answer(case_id, Reply(text="1"), "worker", "fr")  # a question one cannot skip
    assert len(casework.storage.list_cases()) == STORED
    return peak_rss_kib()


def peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM). Not ru_maxrss: Linux carries that one over
    fork+exec, so a child would report its parent's peak."""
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


def peak_rss_mib(path: Path) -> float:
    """Peak RSS, in MiB, of a fresh process doing :func:`work` on the filled database."""
    output = subprocess.run([sys.executable, "-m", "bench.memory", str(path)], check=True,
                            capture_output=True, text=True).stdout
    return int(output.strip()) / 1024


if __name__ == "__main__":
    print(work(Path(sys.argv[1])))
