"""Fixtures for every test: no network but 127.0.0.1, and the fake servers tests own."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Iterator

import pytest

from tests.fakes.libretranslate import FakeLibreTranslate, running_libretranslate
from tests.postgres_server import create_database, postgres_bin, throwaway_postgres

LOOPBACK = ("127.0.0.1", "localhost", "::1", b"127.0.0.1", b"localhost")


class ForbiddenNetworkAccess(RuntimeError):
    """A test tried to reach an address other than 127.0.0.1 (not an OSError, so httpx does not
    turn it into a ConnectError that the translator would swallow)."""


def _host(address: object) -> object:
    return address[0] if isinstance(address, tuple) else address


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections and name lookups to anything but 127.0.0.1; ignore proxy settings."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in LOOPBACK:
            raise ForbiddenNetworkAccess(f"connect to {address!r}")
        return real_connect(sock, address)

    real_connect_ex = socket.socket.connect_ex

    def connect_ex(sock: socket.socket, address: object) -> int:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in LOOPBACK:
            raise ForbiddenNetworkAccess(f"connect to {address!r}")
        return real_connect_ex(sock, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host not in LOOPBACK:
            raise ForbiddenNetworkAccess(f"name lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def server() -> Iterator[FakeLibreTranslate]:
    """A fake LibreTranslate server on 127.0.0.1."""
    with running_libretranslate() as fake:
        yield fake


# --- a throwaway PostgreSQL server for the whole session (issue 16) ---------------------------

@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Start one PostgreSQL cluster in a temporary folder on a free 127.0.0.1 port; yield the
    server's URL without a database name.

    Without PostgreSQL installed the PostgreSQL tests are skipped on a developer's machine but
    fail in CI (``CI`` set): CI installs it in .ci/run, so a missing server there is a broken
    setup that must not pass silently. PostgreSQL refuses to run as root: as root, the cluster
    belongs to the ``postgres`` account that Debian's package creates, and runs through runuser.
    """
    if postgres_bin() is None:
        message = "PostgreSQL (initdb) not found: install Debian's `postgresql` package"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run every storage test)", pytrace=False)
        pytest.skip(message)
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """The URL of a new, empty database on the session's PostgreSQL server."""
    return create_database(postgres_server, f"t_{uuid.uuid4().hex[:16]}")
