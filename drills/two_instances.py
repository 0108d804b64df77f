"""Two instances on one PostgreSQL database (issue 16): two real ``intake-bot run`` processes
long-polling the fake Bot API with one leader (the ``telegram.polling`` lease), while the
households answer; one of them, chosen at random, killed (SIGKILL) and started again.

The households behave as in drills/kill.py. When the killed process held the polling lease, the
other one takes over within the lease (``LEASE_SECONDS`` here) and Telegram serves it the updates
the dead one had not confirmed; a household whose update was committed but whose reply died with
the process sends ``/start``.

Checked at the end: every case ``ready_for_review``; every answer stored once (no duplicate
(case, path) in ``answers``) and as typed; no update replied to twice; no update confirmed to
Telegram without being committed.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

from bench.botapi import launch_bot
from drills import Report
from drills.kill import KillDrill, _check_replies, _ignored, _lost
from intake_bot.storage.postgres import PostgresStorage
from tests.postgres_server import create_database, postgres_bin, throwaway_postgres

LEASE_SECONDS = 2.0  # the polling lease: a dead leader is replaced within it


@contextmanager
def environment(**values: str):
    """``os.environ`` with ``values`` for the block (the bot processes inherit it)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class TwoInstanceDrill(KillDrill):
    """KillDrill with two bot processes on one PostgreSQL database."""

    def __init__(self, data_dir: Path, url: str, count: int, kills: int, seed: int,
                 left: int | None) -> None:
        self.url = url
        super().__init__(data_dir, count, kills, seed, left)
        self.processes: list = [None, None]
        self.leader_kills = 0
        self.exits = 0  # instances that exited by themselves (restarted)

    def open_storage(self, data_dir: Path):
        return PostgresStorage(self.url)

    def committed(self, update_id: int) -> bool:
        return self.storage._one("select 1 from processed_updates where update_id = %s",
                                 [update_id]) is not None

    def start_instance(self, n: int) -> None:
        """Bot process ``n`` (0 or 1), started (again); a new generation of replies."""
        with self.lock:
            self.generation += 1
        folder = self.data_dir / f"instance-{n}"
        folder.mkdir(exist_ok=True)
        with environment(DATABASE_URL=self.url, INTAKE_POLLING_LEASE_SECONDS=str(LEASE_SECONDS),
                         WEB_ENABLED="0"):
            self.processes[n] = launch_bot(self.api, folder, log=self.data_dir / "bot.log")
        self.process = self.processes[n]

    def restart_exited(self) -> int:
        """Start again an instance that exited by itself (as a process manager would); how
        many were."""
        exited = [n for n, process in enumerate(self.processes) if process.poll() is not None]
        for n in exited:
            self.exits += 1
            self.start_instance(n)
        return len(exited)

    def _leader_pid(self) -> int | None:
        row = self.storage._one("select holder from leases where name = 'telegram.polling'", [])
        return int(row["holder"].split(":")[1]) if row else None

    def kill(self) -> None:
        """SIGKILL one instance at random, start it again; un-stick the households whose
        reply died with it when it was the one polling."""
        n = self.rng.randrange(2)
        victim = self.processes[n]
        if victim.poll() is not None:  # it had exited by itself: start it again instead
            self.restart_exited()
            return
        was_leader = self._leader_pid() == victim.pid
        self._sigkill(victim, reply_lost=was_leader)
        self.leader_kills += was_leader
        self.start_instance(n)

    def run(self, timeout: float) -> None:
        """Start both instances and everyone; kill ``kills`` times; let them finish."""
        self.api.start()
        self.start_instance(0)
        self.start_instance(1)
        deadline = self._kill_at_random_moments(timeout, lambda: (self.restart_exited(), self.kill()))
        while not self.finished.wait(1.0) and time.monotonic() < deadline:
            self.restart_exited()
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)
        self.api.stop()


def check(drill: TwoInstanceDrill, report: Report) -> None:
    """Every household done, each answer stored once and as typed, no reply sent twice."""
    storage = drill.storage
    report.faults, report.households = drill.kills, len(drill.people)
    for person in drill.people.values():
        status = storage.get_case(person.case_id).status
        report.completed += status == "ready_for_review"
        if status != "ready_for_review":
            report.fail(f"case {person.case_id}: {status}, waiting on {person.waiting}")
        report.answers_lost += _lost(storage, person)
    for row in storage._all("select case_id, path, count(*) as n from answers "
                            "group by case_id, path having count(*) > 1", []):
        report.fail(f"case {row['case_id']}: {row['path']} stored {row['n']} times")
    _check_replies(drill, report)
    if drill.forgotten:
        report.fail(f"{drill.forgotten} updates acknowledged to Telegram but never committed")
    report.notes.append(f"{drill.leader_kills} of {drill.kills} kills hit the polling leader, "
                        f"{drill.exits} instances exited by themselves (restarted), "
                        f"{drill.resumed} replies lost with it (person sent /start), "
                        f"{drill.replayed} updates served again ({_ignored(drill)} ignored as "
                        f"already processed), {drill.throttled} slowed down by the flood gate")


def run(data_dir: Path, households: int = 50, kills: int = 20, seed: int = 20261203,
        timeout: float = 600.0, left: int | None = None, between: float = 0.3,
        url: str | None = None) -> Report:
    """The drill in ``data_dir`` on the PostgreSQL database ``url`` (default: a throwaway
    cluster started for it); its report (failed, with a note, without PostgreSQL)."""
    report = Report("two instances, one PostgreSQL, kill -9")
    if url is None:
        if postgres_bin() is None:
            report.fail("PostgreSQL (initdb) not installed: drill not run")
            return report
        with throwaway_postgres() as server:
            return run(data_dir, households, kills, seed, timeout, left, between,
                       create_database(server, "drill"))
    drill = TwoInstanceDrill(data_dir, url, households, kills, seed, left)
    drill.between = between
    try:
        drill.run(timeout)
        check(drill, report)
    finally:
        drill.storage.close()
    if drill.kills < kills:
        report.fail(f"only {drill.kills} kills (households finished first)")
    return report
