"""A fake LibreTranslate server on 127.0.0.1 that tests own."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

SLOW_SECONDS = 2.0


class FakeLibreTranslate(ThreadingHTTPServer):
    """Answers POST /translate with ``"[<target>] " + q``; ``mode`` makes it misbehave."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"  # ok | error | slow | malformed | missing | bad_request
        self.requests: list[tuple[str, dict]] = []
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeLibreTranslate

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output quiet
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        payload = json.loads(raw or b"{}")
        self.server.requests.append((self.path, payload))
        mode = self.server.mode
        if self.path != "/translate":
            self._send(404, b'{"error": "not found"}')
        elif mode == "error":
            self._send(500, b'{"error": "boom"}')
        elif mode == "bad_request":
            self._send(400, b'{"error": "ps is not supported"}')
        elif mode == "malformed":
            self._send(200, b'{"translatedText": "[fr] ')
        elif mode == "missing":
            self._send(200, b'{"detectedLanguage": {"language": "es"}}')
        else:
            if mode == "slow":
                self.server.release.wait(SLOW_SECONDS)
            answer = {"translatedText": f"[{payload.get('target')}] {payload.get('q')}"}
            self._send(200, json.dumps(answer).encode())



@contextmanager
def running_libretranslate() -> Iterator[FakeLibreTranslate]:
    """A started fake server, shut down on exit."""
    fake = FakeLibreTranslate()
    thread = threading.Thread(target=fake.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        fake.shutdown()
        fake.server_close()
        thread.join(timeout=5)
