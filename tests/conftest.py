"""Fixtures for every test: no network but 127.0.0.1, and the fake servers tests own."""

from __future__ import annotations

import socket
from typing import Iterator

import pytest

from tests.fakes.libretranslate import FakeLibreTranslate, running_libretranslate

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
