"""No chat waits for another's documents (issue 16): the households' reply p99 while five
workers ask for both documents of a complete case over and over, against the same load without
them (same run, same bot, same machine).

The bot is the real ``intake-bot run`` polling the fake Bot API (bench/load.py's closed loop,
paced). Each worker taps « documents » on their own complete case, and taps again as soon as the
bot says the documents were sent: five builds are always asked for while the households answer.

    .venv/bin/python -m bench.busy_documents [--households 100] [--rate 100] [--runs 1]

prints one JSON line per run: ``p99_ms`` (with workers), ``quiet_p99_ms`` (without), their ratio
and how many document pairs were sent meanwhile.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bench import load
from bench.botapi import launch_bot

WORKERS = 5
HOUSEHOLDS = 100
RATE = 100.0  # updates/s offered by all the households together
FIRST_WORKER = 690_000_000
ORGANISATION = "Bench"


def add_workers(storage, user_ids: list[int]) -> list[int]:
    """A worker account per Telegram user, each following one complete case; the case ids."""
    from bench.documents import complete_case_answers
    from intake_bot.casework import Casework
    from intake_bot.engine.reader import Reply
    from intake_bot.storage.base import Account

    casework, cases = Casework(storage), []
    for user_id in user_ids:
        account = storage.save_account(Account(f"telegram:{user_id}", f"W{user_id}", ORGANISATION))
        case = storage.create_case(account.id, ORGANISATION, account.id, "ar", "ready_for_review")
        for path, value in complete_case_answers():
            reply = (Reply(codes=value, path=path) if isinstance(value, tuple)
                     else Reply(text=value, path=path))
            casework.answer(case.id, reply, "worker", "fr", witnessed=True)
        cases.append(case.id)
    return cases


@dataclass
class BusyLoad(load.Load):
    """The households' closed loop, and workers asking for documents again once they came."""

    workers: dict[int, int] = field(default_factory=dict)  # chat -> case id
    sent_text: str = ""
    document_pairs: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)

    def ask_documents(self, chat_id: int) -> None:
        """The worker of ``chat_id`` taps « documents » on their case."""
        from intake_bot.channels.telegram._callbacks import Documents
        from tests.telegram.updates import User, callback

        if not self.stopping.is_set():
            user = User(chat_id, f"W{chat_id}", "fr")
            self.api.enqueue(callback(Documents(self.workers[chat_id]).pack(), user, 1))

    def on_reply(self, chat_id: int, shown: dict, at: float) -> None:
        """A worker's documents arrived: ask again; else the households' loop."""
        if chat_id not in self.workers:
            super().on_reply(chat_id, shown, at)
            if self.done.is_set():
                self.stopping.set()
            return
        if self.sent_text.split("{", 1)[0][:20] in (shown.get("text") or ""):
            with self.lock:
                self.document_pairs += 1
            self.ask_documents(chat_id)


def quick_multipart(content_type: str, body: bytes) -> dict:
    """The fields of a multipart body, cut at its boundaries (bytes.split, in C). The fake Bot
    API's own parser (the email package, pure Python) spent tens of milliseconds on each
    document in the load generator's process, which then timed the households' replies late:
    a cost of the test double, not of the bot."""
    boundary = b"--" + content_type.split("boundary=", 1)[1].strip('"').encode()
    fields: dict = {}
    for part in body.split(boundary)[1:-1]:
        head, _, payload = part[2:-2].partition(b"\r\n\r\n")  # CRLF after and before
        disposition = next((line for line in head.split(b"\r\n")
                            if line.lower().startswith(b"content-disposition")), b"")
        name = disposition.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        if b'filename="' in disposition:
            fields[name] = payload
            fields[name + "_filename"] = disposition.split(b'filename="', 1)[1].split(b'"', 1)[0].decode()
        else:
            fields[name] = payload.decode()
    return fields


def run_once(households: int, updates: int, script, rate: float, workers: int) -> dict:
    """One run in a fresh database and bot process: the households' reply p50/p99 (ms), with
    ``workers`` workers asking for documents all along."""
    from intake_bot.i18n import render
    from intake_bot.storage.sqlite import SqliteStorage
    from tests.telegram.updates import User

    users = [User(load.FIRST_USER + n, f"H{n}", "fr") for n in range(households)]
    planned = load.scripts(script, households, updates)
    with tempfile.TemporaryDirectory() as directory:
        storage = SqliteStorage(Path(directory) / "intake.sqlite")
        cases = load.link_households(storage, [u.id for u in users], [s[0].before for s in planned])
        staff = [FIRST_WORKER + n for n in range(workers)]
        staff_cases = add_workers(storage, staff)
        storage.close()
        busy = BusyLoad({u.id: load.Household(u, steps, case)
                         for u, steps, case in zip(users, planned, cases)},
                        think=households / rate, workers=dict(zip(staff, staff_cases)),
                        sent_text=render("tg.w.documents_sent", "fr", reference="{"))
        busy.api.start()
        bot = launch_bot(busy.api, Path(directory), cpu=0 if load.PINNED else None,
                         log=Path(directory) / "bot.log")
        try:
            busy.api.wait_polled(60)
            for chat in busy.workers:
                busy.ask_documents(chat)
            gc.collect()
            gc.disable()
            busy.start()
            if not busy.done.wait(load.RUN_TIMEOUT):
                raise TimeoutError(f"{busy.active} household(s) still waiting")
            busy.stopping.set()
        finally:
            gc.enable()
            load.stop(bot)
            busy.api.stop()
        return {"p50_ms": load.percentile(busy.latencies, 0.5) * 1e3,
                "p99_ms": load.percentile(busy.latencies, 0.99) * 1e3,
                "updates": len(busy.latencies), "document_pairs": busy.document_pairs}


def measure(households: int, rate: float, updates: int = load.UPDATES) -> dict:
    """One run without workers, then one with WORKERS: both p99s and their ratio."""
    script = load.household_script()
    updates = min(updates, len(script))
    quiet = run_once(households, updates, script, rate, 0)
    busy = run_once(households, updates, script, rate, WORKERS)
    return {"p99_ms": busy["p99_ms"], "quiet_p99_ms": quiet["p99_ms"],
            "ratio": busy["p99_ms"] / quiet["p99_ms"], "p50_ms": busy["p50_ms"],
            "quiet_p50_ms": quiet["p50_ms"], "document_pairs": busy["document_pairs"],
            "pinned": load.PINNED}


def main(argv: list[str]) -> int:
    """Print one JSON line per run."""
    from tests.telegram import fake_bot_api

    fake_bot_api._multipart = quick_multipart
    parser = argparse.ArgumentParser(prog="python -m bench.busy_documents")
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    if load.PINNED:
        os.sched_setaffinity(0, {1})
    for _ in range(args.runs):
        print(json.dumps(measure(args.households, args.rate)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
