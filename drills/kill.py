"""Kill -9: the real ``intake-bot run`` talking to the fake Bot API (long polling, or behind a
webhook the fake pushes to as Telegram does) while households answer, killed (SIGKILL) at random
moments and started again.

Each household answers its whole part, one update at a time: the next one once the reply showing
its next question arrived. After a kill, a household still waiting for a reply does what a person
would: nothing if its update is still held at Telegram (it will be served again); ``/start`` if
the bot had committed it but its reply was lost with the process. An update Telegram was told it
could forget (confirmed by getUpdates, or answered 200) but that was never committed is a
failure: the person would have to answer again (python-telegram-bot's own Updater and webhook
server both do this). Half the kills also make Telegram serve recent updates again.

Checked at the end: every case ``ready_for_review``; every answer stored once (no duplicate
(case, path) in ``answers``) and as typed; no update replied to by two processes, and no answer
replied to twice.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from bench.botapi import ObservedBotApi, WebhookPusher, launch_bot
from drills import Report
from drills.consistency import inconsistencies
from drills.people import answer_update, households, link_households
from intake_bot.casework import Casework
from intake_bot.i18n import render
from intake_bot.storage.sqlite import SqliteStorage
from tests.telegram.harness import free_port, prefill
from tests.telegram.updates import message, next_update_id

SETTLE = 0.1  # after a kill: lets requests the dead process had sent reach the server
READY_TIMEOUT = 30.0
PACE, WINDOW = 18, 10.3  # at most 18 updates a person in 10.3 s: under the bot's flood gate (20/10 s)


class ReplayingBotApi(ObservedBotApi):
    """Can forget that the latest batches were confirmed, as Telegram does when the confirming
    getUpdates never reached it: they are served again to the next process."""

    def __init__(self, on_reply) -> None:
        super().__init__(on_reply)
        self.batches: list[tuple[float, list[dict]]] = []

    def mark_served(self, batch: list[dict]) -> None:
        with self._cond:
            self.batches.append((time.monotonic(), batch))
        super().mark_served(batch)

    def replay(self, seconds: float) -> int:
        """Serve again every update served in the last ``seconds``; how many."""
        since = time.monotonic() - seconds
        with self._cond:
            again = {u["update_id"]: u for at, batch in self.batches if at >= since for u in batch}
            if again:
                queued = {u["update_id"]: u for u in self._updates}
                self._updates = [u for _, u in sorted({**queued, **again}.items())]
                self._offset = min(self._offset, min(again))
            return len(again)


@dataclass
class Person:
    """One household: the update it waits on a reply for, what it answered."""

    user: object
    case_id: int
    waiting: dict | None = None
    queued: bool = False  # whether ``waiting`` reached the server (else a timer holds it)
    toggled: set = field(default_factory=set)
    answered: dict = field(default_factory=dict)  # path -> text typed (None: a button)
    updates: list = field(default_factory=list)  # update ids it sent, in order
    sent_at: deque = field(default_factory=lambda: deque(maxlen=PACE))
    done: bool = False

    def next_slot(self) -> float:
        """When this person may send again without tripping the flood gate."""
        return self.sent_at[0] + WINDOW if len(self.sent_at) == PACE else 0.0


class KillDrill:
    """The fake server, the households reacting to replies, the bot process and its killer."""

    def __init__(self, data_dir: Path, count: int, kills: int, seed: int, left: int | None,
                 webhook: bool = False) -> None:
        self.data_dir, self.kills_wanted, self.rng = data_dir, kills, random.Random(seed)
        self.storage = self.open_storage(data_dir)
        self.casework = Casework(self.storage)
        users = households(count)
        cases = link_households(self.storage, [u.id for u in users])
        if left is not None:
            for case_id in cases:
                prefill(self.casework, case_id, "household", self._left(case_id, left))
        self.people = {u.id: Person(u, c) for u, c in zip(users, cases)}
        self.api = ReplayingBotApi(self.on_reply)
        self.api.on_serve = self.on_serve
        self.pusher = WebhookPusher(self.api, free_port()) if webhook else None
        self.forgotten = 0  # updates Telegram forgot that were never committed (must stay 0)
        self.lock = threading.RLock()
        self.generation, self.kills, self.resumed, self.throttled = 0, 0, 0, 0
        self.replayed = 0
        self.current: dict[int, int] = {}  # chat -> the update of that chat served last
        self.replies: dict[int, list[int]] = {}  # update id -> generation of each text reply
        self.finished = threading.Event()
        self.process = None
        self.between = 0.3  # seconds, at most, after the replies awaited before a kill

    def open_storage(self, data_dir: Path):
        """The store the bot uses (drills/two_instances.py: a PostgreSQL one)."""
        return SqliteStorage(data_dir / "intake.sqlite")

    def committed(self, update_id: int) -> bool:
        """Whether the bot committed update ``update_id``."""
        return bool(self.storage.db.execute("select 1 from processed_updates where update_id = ?",
                                            [update_id]).fetchone())

    def _spacing(self) -> int:
        """At most how many replies between two kills, so that every kill lands before the
        households are done (a faster bot must not make the drill kill less)."""
        questions = sum(self.casework.progress(p.case_id, "household").remaining
                        for p in self.people.values())
        return max(1, questions // (2 * self.kills_wanted))

    def _wait_for_replies(self, count: int, deadline: float) -> None:
        """Until ``count`` more replies reached the households (or they are done)."""
        with self.lock:
            target = sum(len(r) for r in self.replies.values()) + count
        while not self.finished.is_set() and time.monotonic() < deadline:
            with self.lock:
                if sum(len(r) for r in self.replies.values()) >= target:
                    return
            time.sleep(0.005)

    def _left(self, case_id: int, left: int):
        return lambda question: self.casework.progress(case_id, "household").remaining <= left

    # --- the households -----------------------------------------------------------------

    def send(self, person: Person, update: dict, at: float | None = None) -> None:
        """``person`` sends ``update`` as soon as (or once ``at`` is reached and) the flood
        gate allows, and waits for its reply. Call under the lock."""
        person.waiting, person.queued = update, False
        delay = max(person.next_slot(), at or 0.0) - time.monotonic()
        if delay <= 0:
            self._enqueue(person, update)
        else:
            threading.Timer(delay, self._enqueue_later, (person, update)).start()

    def _enqueue_later(self, person: Person, update: dict) -> None:
        with self.lock:
            if person.waiting is update:
                self._enqueue(person, update)

    def _enqueue(self, person: Person, update: dict) -> None:
        update = {**update, "update_id": next_update_id()}  # ids reach the server in order
        person.waiting, person.queued = update, True
        person.updates.append(update["update_id"])
        person.sent_at.append(time.monotonic())
        self.api.enqueue(update)

    def on_serve(self, batch: list[dict], at: float) -> None:
        """getUpdates returned ``batch``: later replies in those chats are theirs."""
        with self.lock:
            for update in batch:
                self.current[_chat_of(update)] = update["update_id"]

    def on_reply(self, chat_id: int, shown: dict, at: float) -> None:
        """A text reached a chat: note whose reply it is; answer it if it shows a question."""
        with self.lock:
            update_id = self.current.get(chat_id)
            self.replies.setdefault(update_id, []).append(self.generation)
            person = self.people.get(chat_id)
            if person is None or person.waiting is None or not person.queued:
                return
            if shown.get("text") == render("tg.slow_down", "fr"):
                self.throttled += 1  # its update was dropped: send it again once allowed
                self.send(person, person.waiting, time.monotonic() + WINDOW)
                return
            self._react(person, shown)

    def _react(self, person: Person, shown: dict) -> None:
        question = self.casework.current(person.case_id, "household")
        if question is None:
            person.waiting, person.queued, person.done = None, False, True
            if all(p.done for p in self.people.values()):
                self.finished.set()
            return
        from intake_bot.presentation import question_label

        if question_label(question.slot, "fr") not in (shown.get("text") or ""):
            return  # not the whole reply yet
        update = answer_update(question, shown, person.user, person.toggled, self.casework.today())
        if not update.get("callback_query", {}).get("data", "").startswith("t|"):
            person.answered[question.path] = update.get("message", {}).get("text")
        self.send(person, update)

    # --- the bot and its deaths ---------------------------------------------------------

    def start_bot(self) -> None:
        """A new bot process (a new generation of replies)."""
        with self.lock:
            self.generation += 1
        self.process = launch_bot(self.api, self.data_dir, log=self.data_dir / "bot.log",
                                  webhook=self.pusher)

    def kill(self) -> None:
        """SIGKILL the bot; then un-stick the households whose reply died with it."""
        self._sigkill(self.process, reply_lost=True)

    def _sigkill(self, process, reply_lost: bool) -> None:
        """SIGKILL ``process``; half the time Telegram serves recent updates again; with
        ``reply_lost`` (it was the one answering), the households waiting on it react."""
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.kills += 1
        time.sleep(SETTLE)
        if self.rng.random() < 0.5:
            self.replayed += self.api.replay(self.rng.uniform(0.0, 1.0))
        if reply_lost:
            with self.lock:
                for person in self.people.values():
                    if person.waiting is not None and person.queued:
                        self._after_kill(person)

    def _after_kill(self, person: Person) -> None:
        update_id = person.waiting["update_id"]
        if self.committed(update_id):
            self.resumed += 1  # committed, reply lost: the person asks to see where they are
            self.send(person, message("/start", person.user))
        elif update_id < self.api._offset:
            self.forgotten += 1  # Telegram forgot it, never committed: the person must answer again
            self.send(person, person.waiting)

    def run(self, timeout: float) -> None:
        """Start everyone, kill the bot ``kills`` times at random moments, let it finish."""
        self.api.start()
        if self.pusher:
            self.pusher.start()
        self.start_bot()
        deadline = self._kill_at_random_moments(timeout, lambda: (self.kill(), self.start_bot()))
        self.finished.wait(max(0.0, deadline - time.monotonic()))
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=READY_TIMEOUT)
        if self.pusher:
            self.pusher.stop()
        self.api.stop()

    def _kill_at_random_moments(self, timeout: float, kill) -> float:
        """Everyone sends ``/start``; ``kill()`` is called ``kills`` times, each after a random
        number of replies and a random moment (mid-request too). Returns the deadline."""
        with self.lock:
            for person in self.people.values():
                self.send(person, message("/start", person.user))
        deadline = time.monotonic() + timeout
        spacing = self._spacing()
        while self.kills < self.kills_wanted and not self.finished.is_set():
            self._wait_for_replies(self.rng.randint(1, spacing), deadline)
            time.sleep(self.rng.uniform(0.0, self.between))
            kill()
        return deadline


def _chat_of(update: dict) -> int | None:
    body = update.get("message") or update.get("edited_message") or {}
    if "callback_query" in update:
        return update["callback_query"]["from"]["id"]
    return body.get("chat", {}).get("id")


# --- the checks ----------------------------------------------------------------------------

def check(drill: KillDrill, report: Report) -> None:
    """Every household done, each answer stored once and as typed, no reply sent twice."""
    storage = drill.storage
    report.faults = drill.kills
    report.households = len(drill.people)
    for person in drill.people.values():
        status = storage.get_case(person.case_id).status
        report.completed += status == "ready_for_review"
        if status != "ready_for_review":
            report.fail(f"case {person.case_id}: {status}, waiting on {person.waiting}")
        report.answers_lost += _lost(storage, person)
    duplicates = storage.db.execute("select case_id, path, count(*) from answers group by case_id, path "
                                    "having count(*) > 1").fetchall()
    for case_id, path, count in duplicates:
        report.fail(f"case {case_id}: {path} stored {count} times")
    _check_replies(drill, report)
    if drill.forgotten:
        report.fail(f"{drill.forgotten} updates acknowledged to Telegram but never committed")
    for problem in inconsistencies(storage):
        report.fail(problem)
    report.notes.append(f"{drill.resumed} replies lost with a killed process (person sent /start), "
                        f"{drill.forgotten} updates acknowledged but never committed, "
                        f"{drill.throttled} slowed down by the flood gate, {drill.replayed} updates "
                        f"served again after a kill ({_ignored(drill)} ignored as already processed), "
                        f"{drill.api.broken_requests} requests cut short by a kill")


def _ignored(drill: KillDrill) -> int:
    log = drill.data_dir / "bot.log"
    return log.read_text(errors="replace").count("duplicate update") if log.exists() else 0


def _lost(storage: SqliteStorage, person: Person) -> int:
    answers = storage.load_state(person.case_id)["answers"]
    return sum(1 for path, text in person.answered.items()
               if path not in answers or (text is not None and answers[path].get("raw") != text))


def _check_replies(drill: KillDrill, report: Report) -> None:
    last = {p.updates[-1] for p in drill.people.values() if p.updates}
    for person in drill.people.values():
        for update_id in person.updates:
            generations = drill.replies.get(update_id, [])
            if len(set(generations)) > 1:
                report.fail(f"update {update_id} answered by {len(set(generations))} processes")
            elif len(generations) > 1 and update_id not in last:
                report.fail(f"update {update_id} got {len(generations)} replies")


def run(data_dir: Path, households: int = 50, kills: int = 20, seed: int = 20261122,
        timeout: float = 300.0, left: int | None = None, between: float = 0.3,
        webhook: bool = False) -> Report:
    """The drill, in ``data_dir``; its report. ``left``: answer only that many questions in the
    chat (the others are answered in setup); ``between``: most seconds from the replies awaited
    to a kill; ``webhook``: the bot behind a webhook instead of long polling."""
    report = Report("kill -9, webhook" if webhook else "kill -9, long polling")
    drill = KillDrill(data_dir, households, kills, seed, left, webhook)
    drill.between = between
    drill.run(timeout)
    check(drill, report)
    if drill.kills < kills:
        report.fail(f"only {drill.kills} kills (households finished first)")
    return report
