"""The bot's HTTP client: python-telegram-bot's ``BaseRequest`` over aiohttp.

python-telegram-bot's default client (httpx) spends more CPU per request than the rest of an
update's handling together; aiohttp, with its C HTTP parser, roughly halves it (``make bench``,
bot under load). Same contract as ``HTTPXRequest``, but parameters sent as JSON (multipart when
there are files), ``TimedOut`` on a timeout and ``NetworkError`` on any other transport error.
"""

from __future__ import annotations

import asyncio
import functools
import urllib.parse
import urllib.request

import aiohttp
import orjson
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

TIMEOUTS = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 1.0}  # HTTPXRequest's defaults
MEDIA_WRITE_TIMEOUT = 20.0
JSON_HEADERS = {"Content-Type": "application/json"}
_DEFAULT = type(BaseRequest.DEFAULT_NONE)  # "no timeout given for this call": use ours


class AiohttpRequest(BaseRequest):
    """Requests to the Bot API on one aiohttp session with a bounded keep-alive pool. Proxies
    come from the environment (HTTPS_PROXY, NO_PROXY...), as with python-telegram-bot's default
    client; they are looked up once per host, not per request (aiohttp's ``trust_env`` reads
    ~/.netrc in a thread on every request, a third of a reply's cost)."""

    def __init__(self, connection_pool_size: int = 256, read_timeout: float | None = TIMEOUTS["read"]) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The read timeout used when a call gives none."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (on the running loop)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size), headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        """Send one request; the status code and the body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        body, headers = _body(request_data)
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout,
                                isinstance(body, aiohttp.FormData))
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout,
                                             proxy=proxy_for(*_scheme_and_host(url))) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc

    def _timeout(self, read, write, connect, pool, has_files: bool) -> aiohttp.ClientTimeout:
        read = self._read_timeout if isinstance(read, _DEFAULT) else read
        write = (MEDIA_WRITE_TIMEOUT if has_files else TIMEOUTS["write"]) if isinstance(write, _DEFAULT) else write
        connect = TIMEOUTS["connect"] if isinstance(connect, _DEFAULT) else connect
        pool = TIMEOUTS["pool"] if isinstance(pool, _DEFAULT) else pool
        # aiohttp has no write timeout: the total bounds a stalled upload as well as a slow answer.
        total = None if read is None else read + (write or 0.0) + (connect or 0.0) + (pool or 0.0)
        waiting = None if connect is None else connect + (pool or 0.0)
        return aiohttp.ClientTimeout(total=total, connect=waiting, sock_connect=connect, sock_read=read)


@functools.lru_cache(maxsize=64)
def proxy_for(scheme: str, host: str) -> str | None:
    """The proxy the environment sets for ``scheme://host`` (None: go direct, or NO_PROXY)."""
    proxy = urllib.request.getproxies().get(scheme)
    return None if proxy is None or urllib.request.proxy_bypass(host) else proxy


def _scheme_and_host(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname or ""


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, dict | None]:
    """The request body and its headers: the parameters as one JSON object (the Bot API takes
    application/json; orjson writes a question with its keyboard in 1 us, form-encoding it
    takes 57 us), or a multipart form when files are sent."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return orjson.dumps(request_data.parameters), JSON_HEADERS
    form = aiohttp.FormData(quote_fields=False)  # names as UTF-8, as httpx and Telegram do
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None
