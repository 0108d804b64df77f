"""The tests' fake Bot API, observed: when each update was served by getUpdates, and a callback
on every text the bot sends or edits (so a load generator or a drill reacts in the server thread,
without polling the recorded calls).

Also starts ``intake-bot run`` against it: the real command, in a subprocess, optionally pinned to
one CPU.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:BENCH-token"
REPLIES = frozenset({"sendMessage", "editMessageText"})
Reply = Callable[[int, dict, float], None]  # (chat id, the message as it now is, when)


class ObservedBotApi(FakeBotApi):
    """FakeBotApi that timestamps served updates and reports each text reply as it arrives."""

    def __init__(self, on_reply: Reply | None = None) -> None:
        super().__init__()
        self.on_reply = on_reply
        self.served: dict[int, float] = {}  # update id -> first time getUpdates returned it
        self.serves: dict[int, int] = {}  # update id -> how many times it was served
        self.on_serve: Callable[[list[dict], float], None] | None = None
        self.polled = threading.Event()  # set by every getUpdates call (clear it to wait again)
        self.broken_requests = 0  # requests cut short (a killed bot's last ones)

    def start(self) -> "ObservedBotApi":
        """Listen; a request cut short by a killed client is counted, not printed."""
        super().start()
        self._server.handle_error = self._broken
        return self

    def _broken(self, request, client_address) -> None:
        self.broken_requests += 1

    def _api_getupdates(self, params):
        self.polled.set()
        status, body = super()._api_getupdates(params)
        now = time.monotonic()
        with self._cond:
            for update in body["result"]:
                self.served.setdefault(update["update_id"], now)
                self.serves[update["update_id"]] = self.serves.get(update["update_id"], 0) + 1
        if self.on_serve and body["result"]:
            self.on_serve(body["result"], now)
        return status, body

    def dispatch(self, method, params):
        """Answer the call; then, for a text the bot sent or edited, tell ``on_reply``."""
        status, body = super().dispatch(method, params)
        if method in REPLIES and status == 200 and self.on_reply is not None:
            self.on_reply(int(params["chat_id"]), body["result"], time.monotonic())
        return status, body

    def wait_polled(self, timeout: float) -> None:
        """Wait for the next getUpdates call (raises TimeoutError)."""
        self.polled.clear()
        if not self.polled.wait(timeout):
            raise TimeoutError(f"no getUpdates within {timeout:.0f} s")


def bot_environment(api: FakeBotApi, data_dir: Path) -> dict[str, str]:
    """Environment of ``intake-bot run`` polling ``api`` with its database under ``data_dir``."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
           "INTAKE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    for name in ("TELEGRAM_WEBHOOK_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                 "https_proxy", "all_proxy"):
        env.pop(name, None)
    return env


def launch_bot(api: FakeBotApi, data_dir: Path, cpu: int | None = None,
               log: Path | None = None) -> subprocess.Popen:
    """Start ``python -m intake_bot run`` (Telegram, long polling) against ``api``."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "intake_bot", "run"], stdin=subprocess.DEVNULL,
                               stdout=out, stderr=subprocess.STDOUT, env=bot_environment(api, data_dir))
    if log:
        out.close()
    if cpu is not None:
        os.sched_setaffinity(process.pid, {cpu})
    return process


def two_cpus() -> bool:
    """Whether the bot and the load generator can each have a CPU of their own."""
    return len(os.sched_getaffinity(0)) >= 2 and {0, 1} <= os.sched_getaffinity(0)
