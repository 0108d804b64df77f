"""Bot under load: the real ``intake-bot run`` (python-telegram-bot + SqliteStorage) polling the
fake Bot API, with N households answering at once.

Each household is linked to its case by storage calls before the bot starts (not measured), its
interview already answered up to its own starting point (spread over the whole questionnaire),
then sends ``/start`` and answers as fast as replies come back (closed loop): its next update is
queued as soon as the reply showing its next question arrives. The answers come from one script
recorded in-process from the harness's scripted person (first button, typed words).

Measured: updates handled per second (from the first update served to the last reply), and for
each update the time from getUpdates returning it to the bot's first text reply (send or edit) for
that chat reaching the fake server. The bot runs on CPU 0, this process and the server on CPU 1.

    .venv/bin/python -m bench.load [--households 200] [--updates 20] [--runs 3]

prints one JSON line per run. ``--updates`` is per household, ``/start`` included, at most the
bot's flood limit (20 updates a person in 10 s), else a closed-loop household would be throttled.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import heapq
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.botapi import ECHO_BOT, ObservedBotApi, launch_bot
from bench.stats import percentile

HOUSEHOLDS = int(os.environ.get("INTAKE_BENCH_HOUSEHOLDS") or 200)
UPDATES = 20  # the default FloodGate: 20 updates per person in 10 s
FIRST_USER = 700_000_000
RUN_TIMEOUT = 120.0
CASE = "{case}"  # in a recorded button's data, where the case id goes (a|{case}|ref|code)
PINNED = len(os.sched_getaffinity(0)) >= 2 and {0, 1} <= os.sched_getaffinity(0)  # before we pin


@dataclass(frozen=True)
class Step:
    """One update of the script: shown only once the question ``label`` is on screen (with the
    button ``data`` to tap, for a tap, its case id left as ``{case}``); ``text`` to type
    otherwise. ``before``: the interview state just before it (JSON text), to start a household
    there."""

    label: str
    data: str | None = None
    text: str | None = None
    before: str = "{}"

    def button(self, case_id: int) -> str:
        """The button data to tap in the chat of case ``case_id``."""
        return self.data.replace(CASE, str(case_id), 1)

    @property
    def resumable(self) -> bool:
        """Whether a household can start here (not on the confirm of a multiple choice,
        whose toggles live in the chat session, not in the state)."""
        return not (self.data or "").startswith("c|")


def household_script() -> list[Step]:
    """The updates a scripted household sends from ``/start`` to its last answer."""
    return asyncio.run(_record_script())


async def _record_script() -> list[Step]:
    from intake_bot.presentation import question_label
    from intake_bot.storage.memory import MemoryStorage
    from tests.telegram.fake_bot_api import FakeBotApi
    from tests.telegram.harness import RunningBot, answer_current
    from tests.telegram.updates import User

    steps: list[Step] = []
    storage, user = MemoryStorage(), User(FIRST_USER - 1, "Script", "fr")
    case_id = link_households(storage, [user.id])[0]

    class Recorder(RunningBot):
        async def send(self, *updates: dict) -> None:
            question = self.casework.current(case_id, "household")
            label = question_label(question.slot, "fr") if question else ""
            before = json.dumps(storage.load_state(case_id))
            steps.extend(Step(label, _case_free(u.get("callback_query", {}).get("data"), case_id),
                              u.get("message", {}).get("text"), before) for u in updates)
            await super().send(*updates)

    api = FakeBotApi().start()
    bot = await Recorder(api, storage).start()
    try:
        await bot.say(user, "/start")
        while bot.casework.current(case_id, "household") is not None:
            await answer_current(bot, user, case_id)
    finally:
        await bot.stop()
        api.stop()
    return [Step("", None, "/start")] + steps[1:]


def _case_free(data: str | None, case_id: int) -> str | None:
    """Button data with the case id (the field after the kind) left as ``{case}``."""
    if data is None:
        return None
    kind, _, rest = data.partition("|")
    number, _, tail = rest.partition("|")
    if number != str(case_id):
        raise ValueError(f"{data!r}: no case id {case_id} after the kind")
    return "|".join([kind, CASE, tail]) if tail else f"{kind}|{CASE}"


def link_households(storage, user_ids: list[int], states: list[str] | None = None,
                    organisation: str = "", worker: str = "") -> list[int]:
    """One case per Telegram user (French, ``household_answering``: as once its household
    opened its invitation), the user linked to it as its household, with the interview state
    given for it (JSON text; default: not started); case ids. ``organisation`` and ``worker``
    (an account id): whose case it is (default: nobody's)."""
    from intake_bot.storage.base import Link, utc_now

    with storage.atomic():
        cases = [storage.create_case("bench", organisation, worker, "fr", "household_answering").id
                 for _ in user_ids]
        for n, (user_id, case_id) in enumerate(zip(user_ids, cases)):
            storage.save_link(Link("telegram", str(user_id), case_id, utc_now()))
            if states and states[n] != "{}":
                storage.save_state(case_id, json.loads(states[n]))
    return cases


def scripts(script: list[Step], households: int, updates: int) -> list[list[Step]]:
    """Each household's updates: ``/start`` then ``updates - 1`` answers of the script, from
    starting points spread over the whole interview (late questions weigh more: the state is
    bigger), so the load is that of households at every stage, not only at its beginning."""
    starts = [n for n in range(1, len(script) - updates + 2) if script[n].resumable]
    chosen = [starts[n * len(starts) // households] for n in range(households)]
    return [[Step(script[k].label, None, "/start", script[k].before)] + script[k:k + updates - 1]
            for k in chosen]


@dataclass
class Household:
    """One simulated person: where it is in the script and the update awaiting its reply."""

    user: object
    steps: list[Step]
    case_id: int = 0
    position: int = 0
    waiting: int | None = None
    replied: bool = False


class Pacer:
    """Calls ``send(item)`` when each item's time comes (one thread, a heap of due times)."""

    def __init__(self, send) -> None:
        self.send, self.due, self.cond = send, [], threading.Condition()
        threading.Thread(target=self._run, daemon=True).start()

    def after(self, seconds: float, item) -> None:
        """``send(item)`` in ``seconds``."""
        with self.cond:
            heapq.heappush(self.due, (time.monotonic() + seconds, id(item), item))
            self.cond.notify()

    def _run(self) -> None:
        while True:
            with self.cond:
                while not self.due or self.due[0][0] > time.monotonic():
                    self.cond.wait(self.due[0][0] - time.monotonic() if self.due else None)
                _, _, item = heapq.heappop(self.due)
            self.send(item)


@dataclass
class Load:
    """The closed loop: every text reply may let its household send the next update."""

    households: dict[int, Household]
    api: ObservedBotApi = None
    latencies: list[float] = field(default_factory=list)
    first_served: float | None = None
    last_reply: float = 0.0
    active: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    think: float | None = None  # mean seconds a person takes to answer; None: no pause
    echo: bool = False  # the reference bot: any reply lets the household send its next text
    rng: random.Random = field(default_factory=lambda: random.Random(20261122))

    def __post_init__(self) -> None:
        self.api = ObservedBotApi(on_reply=self.on_reply)
        self.active = len(self.households)
        self.pacer = Pacer(self._send_paced)

    def start(self) -> None:
        """Every household sends its first update: all at once, or spread over one think time."""
        from tests.telegram.updates import message

        with self.lock:
            updates = [(h, self._sent(h, message(h.steps[0].text, h.user)))
                       for h in self.households.values()]
        if self.think is None:
            self.api.enqueue(*(update for _, update in updates))
            return
        for item in updates:
            self.pacer.after(self.rng.uniform(0.0, self.think), item)

    def _sent(self, household: Household, update: dict) -> dict:
        household.position += 1
        household.waiting, household.replied = update["update_id"], False
        return update

    def on_reply(self, chat_id: int, shown: dict, at: float) -> None:
        """A text reached the chat: time it, then answer it if it shows the next question
        (at once, or after a think time when the load is paced)."""
        with self.lock:
            household = self.households.get(chat_id)
            if household is None or household.waiting is None:
                return
            if not household.replied:
                self._record(household, at)
            update = self._next_update(household, shown)
            if update is None:
                return
            if self.think is None:  # under the lock: update ids reach the server in order
                self.api.enqueue(update)
            else:
                self.pacer.after(self.think * self.rng.uniform(0.8, 1.2), (household, update))

    def _send_paced(self, item: tuple) -> None:
        """Send a paced update, numbered now: Telegram numbers updates as they arrive."""
        from tests.telegram.updates import next_update_id

        household, update = item
        with self.lock:
            update = {**update, "update_id": next_update_id()}
            household.waiting = update["update_id"]
            self.api.enqueue(update)

    def _record(self, household: Household, at: float) -> None:
        served = self.api.served[household.waiting]
        self.first_served = served if self.first_served is None else min(self.first_served, served)
        self.latencies.append(at - served)
        self.last_reply = max(self.last_reply, at)
        household.replied = True
        if household.position >= len(household.steps):
            household.waiting = None
            self.active -= 1
            if not self.active:
                self.done.set()

    def _next_update(self, household: Household, shown: dict) -> dict | None:
        from tests.telegram.harness import buttons
        from tests.telegram.updates import callback, message

        if household.waiting is None or not household.replied:
            return None
        step = household.steps[household.position]
        if self.echo:  # same households, same pace, same number of updates: texts only
            return self._sent(household, message(step.text or step.label[:40], household.user))
        if step.label not in (shown.get("text") or ""):
            return None
        if step.data is None:
            return self._sent(household, message(step.text, household.user))
        data = step.button(household.case_id)
        if data not in {tap for _, tap in buttons(shown)}:
            return None
        return self._sent(household, callback(data, household.user, shown["message_id"]))


def run_once(households: int, updates: int, script: list[Step], rate: float | None = None,
             echo: bool = False) -> dict:
    """One run with a fresh database and bot process: updates/s, p50 and p99 latency (ms).

    ``rate`` (updates/s offered by all households together) makes each person pause before
    answering, about ``households / rate`` seconds; without it they answer at once (saturation).
    ``echo`` runs the reference instead: the bare python-telegram-bot echo bot, same load.
    """
    from intake_bot.storage.sqlite import SqliteStorage
    from tests.telegram.updates import User

    users = [User(FIRST_USER + n, f"H{n}", "fr") for n in range(households)]
    planned = scripts(script, households, updates)
    with tempfile.TemporaryDirectory() as directory:
        cases = [0] * households
        if not echo:
            storage = SqliteStorage(Path(directory) / "intake.sqlite")
            cases = link_households(storage, [u.id for u in users],
                                    [steps[0].before for steps in planned])
            storage.close()
        think = households / rate if rate else None
        load = Load({u.id: Household(u, steps, case) for u, steps, case in zip(users, planned, cases)},
                    think=think, echo=echo)
        load.api.start()
        bot = launch_bot(load.api, Path(directory), cpu=0 if PINNED else None,
                         log=Path(directory) / "bot.log",
                         **({"command": ECHO_BOT} if echo else {}))
        try:
            load.api.wait_polled(60)
            cpu = cpu_seconds(bot.pid), time.process_time()
            gc.collect()
            gc.disable()  # a collection here would hold replies unread and count against the bot
            load.start()
            if not load.done.wait(RUN_TIMEOUT):
                raise TimeoutError(f"{load.active} household(s) still waiting after {RUN_TIMEOUT:.0f} s")
            cpu = cpu_seconds(bot.pid) - cpu[0], time.process_time() - cpu[1]
        finally:
            gc.enable()
            stop(bot)
            load.api.stop()
        return summary(load, *cpu)


def stop(process) -> None:
    """End the bot process (SIGTERM, then SIGKILL if it lingers)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except Exception:  # noqa: BLE001 - a stuck shutdown must not hang the benchmark
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(load: Load, bot_cpu: float, generator_cpu: float) -> dict:
    """The figures of a finished run (CPU shares: how busy the bot and this process were)."""
    handled = len(load.latencies)
    seconds = load.last_reply - load.first_served
    return {"updates": handled, "seconds": round(seconds, 3), "updates_per_s": handled / seconds,
            "p50_ms": percentile(load.latencies, 0.5) * 1e3,
            "p99_ms": percentile(load.latencies, 0.99) * 1e3, "pinned": PINNED,
            "bot_cpu_share": round(bot_cpu / seconds, 3),
            "bot_cpu_ms_per_update": round(bot_cpu / handled * 1e3, 3),
            "generator_cpu_share": round(generator_cpu / seconds, 3)}


def main(argv: list[str]) -> int:
    """Run the load ``--runs`` times and print each run's figures as a JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--households", type=int, default=HOUSEHOLDS)
    parser.add_argument("--updates", type=int, default=UPDATES, help="per household, /start included")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=float, default=None,
                        help="updates/s offered (people pause between answers); default: saturate")
    parser.add_argument("--echo", action="store_true",
                        help="load the reference echo bot (bench/echo_bot.py) instead")
    args = parser.parse_args(argv)
    if PINNED:
        os.sched_setaffinity(0, {1})  # before any thread starts: they all inherit it
    script = household_script()
    for _ in range(args.runs):
        print(json.dumps(run_once(args.households, min(args.updates, len(script)), script, args.rate,
                                  args.echo)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
