"""The tests' fake Bot API, observed: when each update was served (by getUpdates, or pushed to
a webhook), and a callback on every text the bot sends or edits (so a load generator or a drill
reacts in the server thread, without polling the recorded calls).

Also starts ``intake-bot run`` against it: the real command, in a subprocess, optionally pinned to
one CPU, long polling or behind a webhook that :class:`WebhookPusher` feeds as Telegram would.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from intake_bot.channels.telegram._webhook import SECRET_HEADER
from tests.telegram.fake_bot_api import FakeBotApi

TOKEN = "123456:BENCH-token"
WEBHOOK_SECRET = "drill-webhook-secret"
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
        if body["result"]:
            self.mark_served(body["result"])
        return status, body

    def mark_served(self, batch: list[dict]) -> None:
        """``batch`` is being served (by getUpdates or pushed): time it, tell ``on_serve``."""
        now = time.monotonic()
        with self._cond:
            for update in batch:
                self.served.setdefault(update["update_id"], now)
                self.serves[update["update_id"]] = self.serves.get(update["update_id"], 0) + 1
        if self.on_serve:
            self.on_serve(batch, now)

    # --- webhook mode: Telegram pushes instead of being polled ------------------------------

    def next_unacknowledged(self, timeout: float) -> dict | None:
        """The oldest update not acknowledged yet (waiting up to ``timeout`` for one)."""
        with self._cond:
            self._cond.wait_for(lambda: any(u["update_id"] >= self._offset for u in self._updates), timeout)
            pending = [u for u in self._updates if u["update_id"] >= self._offset]
        return min(pending, key=lambda u: u["update_id"]) if pending else None

    def acknowledge(self, update_id: int) -> None:
        """The bot answered 200 for ``update_id``: Telegram forgets it (and all before it)."""
        with self._cond:
            self._offset = max(self._offset, update_id + 1)
            self._updates = [u for u in self._updates if u["update_id"] >= self._offset]

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


class WebhookPusher:
    """Telegram's side of a webhook: POSTs each update to the bot, one at a time and in order,
    with the secret header, and forgets it only once the bot answered 200; a refused, cut or
    failed request is tried again (the bot may be dead and starting again)."""

    def __init__(self, api: ObservedBotApi, port: int, secret: str = WEBHOOK_SECRET) -> None:
        self.api, self.port, self.secret = api, port, secret
        self.attempts_failed = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        """The webhook URL the bot registers (and listens on)."""
        return f"http://127.0.0.1:{self.port}/telegram/hook"

    def start(self) -> "WebhookPusher":
        """Start pushing."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop pushing."""
        self._stopped.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopped.is_set():
            update = self.api.next_unacknowledged(timeout=0.2)
            if update is None:
                continue
            self.api.mark_served([update])
            if self._post(update) == 200:
                self.api.acknowledge(update["update_id"])
            else:
                self.attempts_failed += 1
                time.sleep(0.05)

    def _post(self, update: dict) -> int | None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", "/telegram/hook", json.dumps(update).encode(),
                               {"Content-Type": "application/json", SECRET_HEADER: self.secret})
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()


def bot_environment(api: FakeBotApi, data_dir: Path, webhook: WebhookPusher | None = None) -> dict[str, str]:
    """Environment of ``intake-bot run`` talking to ``api`` with its database under ``data_dir``:
    long polling, or behind ``webhook``."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
           "INTAKE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    for name in ("TELEGRAM_WEBHOOK_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                 "https_proxy", "all_proxy"):
        env.pop(name, None)
    if webhook is not None:
        env.update({"TELEGRAM_WEBHOOK_URL": webhook.url, "TELEGRAM_WEBHOOK_SECRET": webhook.secret,
                    "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1", "TELEGRAM_WEBHOOK_PORT": str(webhook.port)})
    return env


ECHO_BOT = ("-m", "bench.echo_bot")  # the load figures' reference (bench/echo_bot.py)


def launch_bot(api: FakeBotApi, data_dir: Path, cpu: int | None = None, log: Path | None = None,
               webhook: WebhookPusher | None = None,
               command: tuple[str, ...] = ("-m", "intake_bot", "run")) -> subprocess.Popen:
    """Start ``python -m intake_bot run`` (or ``command``) against ``api``: long polling, or
    behind ``webhook``."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, *command], stdin=subprocess.DEVNULL,
                               stdout=out, stderr=subprocess.STDOUT,
                               env=bot_environment(api, data_dir, webhook))
    if log:
        out.close()
    if cpu is not None:
        os.sched_setaffinity(process.pid, {cpu})
    return process


def two_cpus() -> bool:
    """Whether the bot and the load generator can each have a CPU of their own."""
    return len(os.sched_getaffinity(0)) >= 2 and {0, 1} <= os.sched_getaffinity(0)
