"""Start-up: from launching ``intake-bot run`` to its first prompt (console) or its first
getUpdates call (Telegram, against the fake Bot API)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

from intake_bot.storage.sqlite import SqliteStorage


def console_ready_seconds(data_dir: Path) -> float:
    """Seconds from process launch until the console shows its first question prompt."""
    case_id = SqliteStorage(data_dir / "intake.sqlite").create_case("bench").id
    env = {**os.environ, "INTAKE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "intake_bot", "run", "--locale", "fr", "--role",
                                "household", "--case", str(case_id)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = b""
    while not out.endswith(b"> "):
        ready, _, _ = select.select([process.stdout], [], [], 30)
        if not ready:
            process.kill()
            raise RuntimeError("no prompt within 30 s")
        out += os.read(process.stdout.fileno(), 65536)
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


def telegram_ready_seconds(data_dir: Path) -> float:
    """Seconds from launching ``intake-bot run`` (Telegram, pointed at the fake Bot API) until its
    first getUpdates call reaches the fake server."""
    from bench.botapi import ObservedBotApi, launch_bot

    api = ObservedBotApi().start()
    try:
        started = time.perf_counter()
        process = launch_bot(api, data_dir)
        try:
            if not api.polled.wait(30):
                raise RuntimeError("no getUpdates within 30 s")
            return time.perf_counter() - started
        finally:
            process.kill()
            process.wait()
    finally:
        api.stop()
