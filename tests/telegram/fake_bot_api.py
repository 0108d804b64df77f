"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

Serves ``/bot<token>/<method>`` like api.telegram.org: getUpdates long-polls a queue the test fills
(honouring ``offset``), and every call is recorded with its decoded parameters. Messages the bot
sends or edits are kept per chat, so a test can read "the last thing the person sees".
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_ID = 777000111
BOT_USERNAME = "intake_test_bot"
JSON_KEYS = {"chat_id", "message_id", "reply_markup", "commands", "scope", "offset", "limit",
             "timeout", "allowed_updates", "show_alert", "drop_pending_updates"}


@dataclass
class Call:
    """One request the bot made: method name and decoded parameters (files as bytes)."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotApi:
    """The fake server: start(), enqueue updates, read calls and chat messages, stop()."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[int, dict[int, dict]] = {}  # chat id -> message id -> message
        self.fail_next: dict[str, tuple[int, dict]] = {}  # method -> (http status, body) once
        self.down: int | None = None  # every method but getUpdates answers this status (outage)
        self.hanging = threading.Event()  # every method but getUpdates hangs, then fails unread
        self._updates: list[dict] = []
        self._offset = 0
        self._next_message_id = 1000
        self._cond = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> "FakeBotApi":
        """Listen on a free port of 127.0.0.1 in a background thread."""
        handler = type("Handler", (_Handler,), {"api": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and wake any long poll."""
        with self._cond:
            self._cond.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # --- what the test does -------------------------------------------------------------

    def enqueue(self, *updates: dict) -> None:
        """Make updates available to getUpdates (all in one batch)."""
        with self._cond:
            self._updates.extend(updates)
            self._cond.notify_all()

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Recorded calls of ``method`` (to ``chat_id`` when given)."""
        with self._cond:
            return [c for c in self.calls if c.method == method
                    and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def chat(self, chat_id: int) -> list[dict]:
        """The bot's messages in a chat, oldest first, as they look now (after edits)."""
        with self._cond:
            return [dict(m) for _, m in sorted(self.messages.get(chat_id, {}).items())]

    def last(self, chat_id: int) -> dict:
        """The bot's latest message in a chat."""
        return self.chat(chat_id)[-1]

    # --- the API ------------------------------------------------------------------------

    def dispatch(self, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        """The HTTP status and JSON body answering one call."""
        with self._cond:
            if method.lower() != "getupdates":  # method names are case-insensitive, as at Telegram
                self.calls.append(Call(method, params))
            if method in self.fail_next:
                return self.fail_next.pop(method)
            outage = self.down if method.lower() != "getupdates" else None
        if method.lower() != "getupdates" and self.hanging.is_set():
            while self.hanging.is_set():  # a black hole: the request is never processed
                time.sleep(0.05)
            return 503, {"ok": False, "error_code": 503, "description": "Service Unavailable"}
        if outage:
            return outage, {"ok": False, "error_code": outage, "description": "Internal Server Error"}
        name = "_api_" + method.lower()
        if not hasattr(self, name):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return getattr(self, name)(params)

    def _api_getme(self, params):
        return 200, {"ok": True, "result": {"id": BOT_ID, "is_bot": True, "first_name": "Intake",
                                            "username": BOT_USERNAME, "can_join_groups": True,
                                            "can_read_all_group_messages": False,
                                            "supports_inline_queries": False}}

    def _api_getupdates(self, params):
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + wait
        with self._cond:
            self._offset = max(self._offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= self._offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            batch = [u for u in self._updates if u["update_id"] >= self._offset][:100]
        return 200, {"ok": True, "result": batch}

    def _new_message(self, chat_id: int, **content) -> dict:
        with self._cond:
            self._next_message_id += 1
            message = {"message_id": self._next_message_id, "date": int(time.time()),
                       "chat": {"id": chat_id, "type": "private"},
                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "Intake",
                                "username": BOT_USERNAME}, **content}
            self.messages.setdefault(chat_id, {})[message["message_id"]] = message
            return message

    def _api_sendmessage(self, params):
        content = {"text": params["text"]}
        if params.get("reply_markup"):
            content["reply_markup"] = params["reply_markup"]
        return 200, {"ok": True, "result": self._new_message(params["chat_id"], **content)}

    def _api_sendphoto(self, params):
        photo = [{"file_id": "photo-file-id", "file_unique_id": "photo-unique", "width": 400,
                  "height": 400, "file_size": len(params.get("photo") or b"")}]
        content = {"photo": photo, "caption": params.get("caption", "")}
        return 200, {"ok": True, "result": self._new_message(params["chat_id"], **content)}

    def _api_senddocument(self, params):
        document = {"file_id": "doc-file-id", "file_unique_id": "doc-unique",
                    "file_name": params.get("document_filename") or "document"}
        content = {"document": document, "caption": params.get("caption", "")}
        return 200, {"ok": True, "result": self._new_message(params["chat_id"], **content)}

    def _edit(self, params, changes: dict, markup: dict | None):
        with self._cond:
            message = self.messages.get(params["chat_id"], {}).get(params["message_id"])
            if message is None:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message to edit not found"}
            before = dict(message)
            message.update(changes)
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            if message == before:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message is not modified"}
            return 200, {"ok": True, "result": dict(message)}

    def _api_editmessagetext(self, params):
        return self._edit(params, {"text": params["text"]}, params.get("reply_markup"))

    def _api_editmessagereplymarkup(self, params):
        return self._edit(params, {}, params.get("reply_markup"))

    def _api_deletemessage(self, params):
        with self._cond:
            if self.messages.get(params["chat_id"], {}).pop(params["message_id"], None) is None:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message to delete not found"}
        return 200, {"ok": True, "result": True}

    def _ok(self, params):
        return 200, {"ok": True, "result": True}

    _api_answercallbackquery = _api_setmycommands = _api_deletewebhook = _api_close = _ok
    _api_logout = _api_setwebhook = _ok

    def _api_getwebhookinfo(self, params):
        return 200, {"ok": True, "result": {"url": "", "has_custom_certificate": False,
                                            "pending_update_count": 0}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait out delayed ACKs (40 ms a call)
    api: FakeBotApi

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    do_GET = do_POST

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        _, _, rest = self.path.partition("/bot")
        method = rest.split("/", 1)[1].split("?", 1)[0] if "/" in rest else ""
        status, payload = self.api.dispatch(method, _decode(self.headers.get("Content-Type", ""), body))
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _decode(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("multipart/form-data"):
        raw = _multipart(content_type, body)
    elif content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    else:
        raw = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    return {k: json.loads(v) if k in JSON_KEYS and isinstance(v, str) else v for k, v in raw.items()}


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    fields = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        fields[name] = payload if part.get_filename() else payload.decode()
        if part.get_filename():
            fields[name + "_filename"] = part.get_filename()
    return fields
