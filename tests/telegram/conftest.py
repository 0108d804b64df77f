"""Network guard: a test may only connect to 127.0.0.1 (the fake Bot API)."""

from __future__ import annotations

import socket

import pytest

ALLOWED_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _check(address) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(address, tuple) and host not in ALLOWED_HOSTS:
        raise RuntimeError(f"test tried to reach the network: {address!r}")


@pytest.fixture(autouse=True)
def local_network_only(monkeypatch):
    """Any connection to an address other than 127.0.0.1 fails the test."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        _check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        _check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ALLOWED_HOSTS and host is not None:
            raise RuntimeError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
