"""Issue 15, worker commands: objectives a worker edits keep the household situations they
were proposed for (arrears, debts…), in every store."""

from __future__ import annotations

import pytest

from intake_bot.cases import open_service
from intake_bot.documents.objectives import Objective, is_private
from intake_bot.storage.memory import MemoryStorage
from intake_bot.storage.sqlite import SqliteStorage
from tests.test_cases import ALICE, NOW, SETTINGS, complete


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def service(request, tmp_path):
    """A case service on each store."""
    if request.param == "memory":
        store = MemoryStorage()
    elif request.param == "sqlite":
        store = SqliteStorage(tmp_path / "s.sqlite")
    else:
        from intake_bot.storage.postgres import PostgresStorage
        store = PostgresStorage(request.getfixturevalue("postgres_url"))
    store.save_account(ALICE)
    yield open_service(SETTINGS, store=store, clock=lambda: NOW)
    store.close()


def test_edited_objectives_keep_their_situations(service):
    """Before: the store kept code, text and freins only; an objective proposed for rent
    arrears lost them once the worker edited the list, and with them its privacy."""
    case, _ = complete(service)
    proposed = service.objectives(ALICE, case.id)
    debt = [o for o in proposed if "rent_arrears" in o.situations]
    assert debt, proposed
    edited = proposed + [Objective("french", "Cours de français au centre social")]
    service.set_objectives(ALICE, case.id, edited)
    assert service.objectives(ALICE, case.id) == edited
    kept = [o for o in service.objectives(ALICE, case.id) if o.code == debt[0].code]
    assert kept[0].situations == debt[0].situations and is_private(kept[0])
