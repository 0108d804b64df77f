"""The bot's side of the rights check: a worker process started on demand and reused, a
background thread that talks to it, and a cache per version of the answers.

``RightsChecker.report`` never blocks unless asked to: with ``wait=0`` it returns a cached
report, or ``pending`` after handing the request to its thread (the door asks again later).
Nothing here imports openfisca; if the worker cannot start or fails, the report says
``unavailable`` and nothing else in the bot changes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from intake_bot.rights import mapping
from intake_bot.rights.report import (
    BENEFITS, INCOMPLETE, PENDING, READY, UNAVAILABLE, Estimate, RightsReport, compare,
)

WORKER_MODULE = "intake_bot.rights.worker"
START_TIMEOUT = 120.0  # seconds: loading openfisca takes 2-6 s on a quiet machine
REQUEST_TIMEOUT = 120.0
CACHE_SIZE = 256
#: Resource types the model does not take as inputs (said in the report's notes).
IGNORED_TYPES = frozenset({"other", "asylum_seeker_allowance", "paje"})


class RightsUnavailable(Exception):
    """The worker cannot answer; ``permanent`` when it could not even start (not installed)."""

    def __init__(self, detail: str, permanent: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent


class WorkerProcess:
    """One ``python -m <module>`` child speaking JSON lines, started on first use, reused."""

    def __init__(self, module: str = WORKER_MODULE, python: str = sys.executable,
                 start_timeout: float = START_TIMEOUT, timeout: float = REQUEST_TIMEOUT) -> None:
        self.module, self.python = module, python
        self.start_timeout, self.timeout = start_timeout, timeout
        self.process: subprocess.Popen | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.model_version: str | None = None
        self.peak_mib: float | None = None
        self._lock = threading.Lock()
        self._next_id = 0

    @property
    def requests(self) -> int:
        """How many requests were sent to a worker process so far."""
        return self._next_id

    def _start(self) -> None:
        self.lines = queue.Queue()
        self.process = subprocess.Popen(
            [self.python, "-m", self.module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)
        threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True).start()
        hello = self._message(self.start_timeout)
        if not hello.get("ready"):
            self.close()
            raise RightsUnavailable(hello.get("error") or "worker not ready", permanent=True)
        self.model_version = hello.get("model_version")

    @staticmethod
    def _read(process: subprocess.Popen, lines: queue.Queue) -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def _message(self, timeout: float) -> dict[str, Any]:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                self.close()
                raise RightsUnavailable("worker timed out") from None
            if line is None:
                status = self.process.wait() if self.process else None
                self.process = None
                raise RightsUnavailable(f"worker exited (status {status})", permanent=status == 1)
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue  # something printed on stdout by a library: not ours

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer (blocking: call it off the event loop)."""
        with self._lock:
            if self.process is None or self.process.poll() is not None:
                self._start()
            self._next_id += 1
            try:
                self.process.stdin.write(json.dumps({**payload, "id": self._next_id}) + "\n")
                self.process.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                self.close()
                raise RightsUnavailable(f"worker gone: {exc}") from None
            answer = self._message(self.timeout)
            if not answer.get("ok"):
                raise RightsUnavailable(answer.get("error") or "worker error")
            self.peak_mib = answer.get("peak_mib")
            return answer

    def close(self) -> None:
        """Stop the child (it exits when its stdin closes)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class RightsChecker:
    """Rights reports from answers, computed in a worker process, cached per answers version."""

    def __init__(self, worker: WorkerProcess | None = None) -> None:
        self.worker = worker or WorkerProcess()
        self.cache: OrderedDict[str, Estimate] = OrderedDict()
        self.running: dict[str, Future] = {}
        self.unavailable: str | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rights")
        self._lock = threading.Lock()

    def report(self, answers: Mapping[str, Any], today: date, wait: float | None = None) -> RightsReport:
        """The report for these answers: ``wait`` None blocks until computed, a number of
        seconds waits at most that long (0: never), then says ``pending``."""
        month = mapping.legislation_month(answers, today)
        early = _early_report(answers, month)
        if early is not None:
            return early
        payload, notes = request_for(answers, month)
        key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        with self._lock:
            estimate = self.cache.get(key)
            if estimate is None and self.unavailable:
                return RightsReport(UNAVAILABLE, month, notes=notes, detail=self.unavailable)
            future = None if estimate else self.running.get(key)
            if estimate is None and future is None:
                future = self._executor.submit(self._compute, key, payload)
                self.running[key] = future
        if estimate is None:
            try:
                estimate = future.result(timeout=wait)
            except FutureTimeout:
                return RightsReport(PENDING, month, notes=notes)
            except RightsUnavailable as exc:
                return RightsReport(UNAVAILABLE, month, notes=notes, detail=exc.detail)
        declared = mapping.declared(answers)
        return RightsReport(READY, month, compare(estimate.amounts, declared, estimate.reasons,
                                                  estimate.kinds),
                            notes, estimate.model_version)

    def cached(self, answers: Mapping[str, Any], today: date) -> RightsReport | None:
        """The report for these answers only if it needs no computing (already computed, or
        needing no simulation), else None; never starts the worker process nor a request
        (for document generation, which must neither wait nor load openfisca)."""
        month = mapping.legislation_month(answers, today)
        early = _early_report(answers, month)
        if early is not None:
            return early
        payload, notes = request_for(answers, month)
        key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        with self._lock:
            estimate = self.cache.get(key)
        if estimate is None:
            return None
        return RightsReport(READY, month, compare(estimate.amounts, mapping.declared(answers),
                                                  estimate.reasons, estimate.kinds),
                            notes, estimate.model_version)

    def _compute(self, key: str, payload: dict[str, Any]) -> Estimate:
        try:
            answer = self.worker.request(payload)
        except RightsUnavailable as exc:
            with self._lock:
                self.running.pop(key, None)
                if exc.permanent:
                    self.unavailable = exc.detail
            raise
        estimate = Estimate({k: _amount(v) for k, v in answer["amounts"].items()},
                            answer.get("kinds") or {}, answer.get("reasons") or {},
                            answer.get("model_version"))
        with self._lock:
            self.running.pop(key, None)
            self.cache[key] = estimate
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return estimate

    def close(self) -> None:
        """Stop the worker process and the thread."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.worker.close()


def _early_report(answers: Mapping[str, Any], month: date) -> RightsReport | None:
    """A report that needs no simulation: no resources answered, or a residence status that
    closes every benefit covered."""
    if mapping.declared(answers) is None:
        return RightsReport(INCOMPLETE, month, notes=("resources",))
    if answers.get("residence_status") in mapping.NO_RIGHTS_STATUSES:
        zero = {code: Decimal("0.00") for code, _variable, _budget in BENEFITS}
        return RightsReport(READY, month, compare(zero, mapping.declared(answers)),
                            ("residence_status",))
    return None


def request_for(answers: Mapping[str, Any], month: date) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The worker request for ``answers`` (situation, month, commune, benefits not to
    estimate and why) and the notes on what the answers do not tell."""
    skip: dict[str, str] = {}
    housing = answers.get("current_housing")
    if housing is None:
        skip["aide_logement"] = "housing"
    elif housing in mapping.RENTING and mapping.rent(answers) is None:
        skip["aide_logement"] = "rent"
    recognition = answers.get("disability_recognition") or ()
    if "aah" not in recognition:
        skip["aah"] = "mdph_pending" if "mdph_pending" in recognition else "aah_recognition"
    notes = []
    if answers.get("residence_status") in mapping.PERMIT_AGE_UNKNOWN:
        notes.append("permit_age")
    declared = mapping.declared(answers) or {}
    if any(kind in IGNORED_TYPES for kind in declared):
        notes.append("ignored_resources")
    if housing == "private_tenant":
        notes.append("unfurnished")
    if answers.get("pregnancy") is True:
        notes.append("pregnancy")
    if any(isinstance(r, Mapping) and r.get("owner") == "other_member"
           for r in answers.get("resources") or ()):
        notes.append("other_member")
    payload = {"situation": mapping.situation(answers, month), "month": month.strftime("%Y-%m"),
               "postcode": _text(answers.get("home_postcode")),
               "commune": _text(answers.get("home_commune")), "skip": skip}
    return payload, tuple(notes)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


_DEFAULT: RightsChecker | None = None
_DEFAULT_LOCK = threading.Lock()


def default_checker() -> RightsChecker:
    """The process's shared checker (worker module from RIGHTS_WORKER_MODULE, default ours)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = RightsChecker(WorkerProcess(os.environ.get("RIGHTS_WORKER_MODULE",
                                                                  WORKER_MODULE)))
            atexit.register(_DEFAULT.close)
        return _DEFAULT
