"""Start-up: from launching ``intake-bot run`` (console) to its first prompt."""

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
