"""Several bot instances on one PostgreSQL database (issue 16): what two connections racing
for the same thing get. Each test opens two stores (two connections, as two processes would)."""

from __future__ import annotations

import threading

import psycopg
import pytest

from intake_bot.cases import open_service
from intake_bot.channels.telegram._polling import POLLING_LEASE, Leadership
from intake_bot.config import Settings
from intake_bot.storage.base import Invitation
from intake_bot.storage.postgres import PostgresStorage


@pytest.fixture
def two_stores(postgres_url: str):
    """Two stores on one database, as two instances have."""
    first, second = PostgresStorage(postgres_url), PostgresStorage(postgres_url)
    yield first, second
    first.close()
    second.close()


def race(*calls):
    """Run ``calls`` at once, each in its own thread, released together; their results."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(n, call):
        start.wait()
        results[n] = call()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_an_invitation_raced_by_two_instances_is_used_once(two_stores) -> None:
    first, second = two_stores
    case = first.create_case("w")
    first.save_invitation(Invitation("h1", case.id, "w", "2026-01-01", "2099-01-15"))
    results = race(lambda: first.use_invitation("h1", "2026-01-02", "telegram:1"),
                   lambda: second.use_invitation("h1", "2026-01-02", "telegram:2"))
    assert sorted(results) == [False, True]
    winner = "telegram:1" if results[0] else "telegram:2"
    assert second.get_invitation("h1").used_by == winner


def test_an_update_raced_by_two_instances_is_claimed_once(two_stores) -> None:
    first, second = two_stores
    results = race(lambda: first.claim_update(77), lambda: second.claim_update(77))
    assert sorted(results) == [False, True]


def test_a_chat_held_by_one_instance_waits_for_its_commit_in_the_other(two_stores) -> None:
    first, second = two_stores
    second.limit_waits(0.2)
    with first.atomic():
        first.lock_chat(42)
        with pytest.raises(psycopg.errors.LockNotAvailable):
            with second.atomic():
                second.lock_chat(42)
        with second.atomic():
            second.lock_chat(43)  # another chat: not held
    with second.atomic():
        second.lock_chat(42)  # released by the commit


def test_a_job_lease_has_one_holder_until_it_lapses(two_stores) -> None:
    first, second = two_stores
    assert first.hold_lease("retention", 60)
    assert not second.hold_lease("retention", 60)
    assert first.hold_lease("retention", 60)  # renewed by its holder
    first.hold_lease("retention", -1)  # as if its holder had died a while ago
    assert second.hold_lease("retention", 60)
    assert not first.hold_lease("retention", 60)


def test_only_one_instance_polls_and_another_takes_over(postgres_url: str) -> None:
    services = [open_service(Settings(database_url=postgres_url)) for _ in range(2)]
    try:
        leader, standby = (Leadership(s, seconds=60) for s in services)
        assert leader.renew()
        assert not standby.renew()
        assert leader.renew()
        services[0].hold_lease(POLLING_LEASE, -1)  # the leader died: its lease lapsed
        assert standby.renew()
        assert not Leadership(services[0], seconds=60).renew()
    finally:
        for service in services:
            service.close()
