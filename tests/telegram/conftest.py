"""Fixtures of the Telegram tests: the fake Bot API server and a storage with one worker.

The network guard (127.0.0.1 only) is tests/conftest.py's, for every test.
"""

from __future__ import annotations

import pytest

from intake_bot.storage.base import Account
from intake_bot.storage.memory import MemoryStorage
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.harness import WORKER


@pytest.fixture
def api():
    """A fake Bot API server on 127.0.0.1, stopped after the test."""
    server = FakeBotApi().start()
    yield server
    server.stop()


@pytest.fixture
def storage():
    """In-memory storage where WORKER is a registered worker."""
    memory = MemoryStorage()
    memory.save_account(Account(f"telegram:{WORKER.id}", "Alice", "CCAS", "worker"))
    return memory
