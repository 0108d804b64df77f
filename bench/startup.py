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


def telegram_ready_seconds(data_dir: Path, echo: bool = False) -> float:
    """Seconds from launching ``intake-bot run`` (Telegram, pointed at the fake Bot API), or the
    reference echo bot with ``echo``, until its first getUpdates call reaches the fake server."""
    return _ready(data_dir, echo)[0]


def echo_ready_seconds(data_dir: Path) -> float:
    """The start-up reference: the bare python-telegram-bot echo bot, launch to getUpdates."""
    return telegram_ready_seconds(data_dir, echo=True)


def echo_peak_rss_mib(data_dir: Path) -> float:
    """The memory reference: peak RSS of the echo bot once it polls."""
    return _ready(data_dir, True)[1]


def _ready(data_dir: Path, echo: bool) -> tuple[float, float]:
    from bench.botapi import ECHO_BOT, ObservedBotApi, launch_bot

    api = ObservedBotApi().start()
    try:
        started = time.perf_counter()
        process = launch_bot(api, data_dir, **({"command": ECHO_BOT} if echo else {}))
        try:
            if not api.polled.wait(30):
                raise RuntimeError("no getUpdates within 30 s")
            elapsed = time.perf_counter() - started
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = next(int(line.split()[1]) for line in status.splitlines()
                        if line.startswith("VmHWM"))
            return elapsed, peak / 1024
        finally:
            process.kill()
            process.wait()
    finally:
        api.stop()
