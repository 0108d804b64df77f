"""The tests cannot reach anything but 127.0.0.1 (tests/conftest.py)."""

from __future__ import annotations

import socket

import pytest

from intake_bot.translation import LibreTranslateTranslator
from tests.conftest import ForbiddenNetworkAccess


def test_guard_refuses_other_addresses():
    with pytest.raises(ForbiddenNetworkAccess):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(ForbiddenNetworkAccess):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(ForbiddenNetworkAccess):
        LibreTranslateTranslator("http://192.0.2.1:5000", timeout=0.1).translate("hola", "es")
    with socket.socket() as sock, pytest.raises(ForbiddenNetworkAccess):
        sock.connect_ex(("93.184.216.34", 443))
