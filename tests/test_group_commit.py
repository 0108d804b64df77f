"""Issue 16, group commit in SQLite: the transactions of the updates handled at one moment share
one commit (one disk flush). Each is durable only once its group is committed; a failing
update is undone alone; any other write commits the group first; a lost commit is reported to
every update of the group."""

from __future__ import annotations

import sqlite3

import pytest

from intake_bot.storage.sqlite import SqliteStorage


def processed(path) -> set[int]:
    """The update ids committed, as another connection (another process) sees them."""
    with sqlite3.connect(path) as other:
        return {row[0] for row in other.execute("select update_id from processed_updates")}


def outcome(group) -> list:
    """The outcomes the group reports to a listener (None: committed)."""
    seen: list = []
    group.when_ended(seen.append)
    return seen


@pytest.fixture
def store(tmp_path):
    storage = SqliteStorage(tmp_path / "intake.sqlite")
    yield storage
    storage.close()


def test_updates_of_one_moment_are_durable_together_once_the_group_is_committed(store, tmp_path):
    with store.atomic_in_group():
        store.claim_update(1)
    group = store.open_group()
    with store.atomic_in_group():
        store.claim_update(2)
    assert store.open_group() is group
    seen = outcome(group)
    assert processed(tmp_path / "intake.sqlite") == set() and seen == []  # nothing durable yet
    store.commit_group(group)
    assert processed(tmp_path / "intake.sqlite") == {1, 2}
    assert seen == [None] and store.open_group() is None


def test_a_failing_update_is_undone_alone(store, tmp_path):
    with store.atomic_in_group():
        store.claim_update(1)
    with pytest.raises(RuntimeError):
        with store.atomic_in_group():
            store.claim_update(2)
            raise RuntimeError("a bug while handling the second update")
    store.commit_group(store.open_group())
    assert processed(tmp_path / "intake.sqlite") == {1}


def test_a_write_outside_the_group_commits_the_group_first(store, tmp_path):
    with store.atomic_in_group():
        store.claim_update(1)
    seen = outcome(store.open_group())
    store.queue_reply(42, "{}")  # the courier keeping a reply: committed at once
    assert seen == [None] and processed(tmp_path / "intake.sqlite") == {1}
    assert [r.chat_id for r in store.queued_replies()] == [42]


def test_closing_the_store_commits_the_open_group(tmp_path):
    store = SqliteStorage(tmp_path / "intake.sqlite")
    with store.atomic_in_group():
        store.claim_update(7)
    store.close()
    assert processed(tmp_path / "intake.sqlite") == {7}


class CommitFails:
    """The store's database, whose next commit fails as a full or failing disk makes it fail."""

    def __init__(self, db) -> None:
        self.db, self.failed = db, False

    def execute(self, sql, *args):
        if sql == "commit" and not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("disk I/O error")
        return self.db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_a_lost_commit_is_reported_to_every_update_of_the_group(store, tmp_path):
    with store.atomic_in_group():
        store.claim_update(1)
    with store.atomic_in_group():
        store.claim_update(2)
    group = store.open_group()
    seen = outcome(group)
    store.db = CommitFails(store.db)
    store.commit_group(group)  # never raises: the updates are told through the group
    assert len(seen) == 1 and "disk I/O error" in str(seen[0])
    assert processed(tmp_path / "intake.sqlite") == set()
    assert store.claim_update(1) and store.claim_update(2)  # rolled back: the store goes on
    assert processed(tmp_path / "intake.sqlite") == {1, 2}


def test_the_log_is_folded_into_the_file_beside_the_commits_not_in_them(tmp_path):
    import time

    store = SqliteStorage(tmp_path / "intake.sqlite")
    store.checkpoint_aside(True)
    try:
        assert store.db.execute("pragma wal_autocheckpoint").fetchone()[0] == 0  # never in a commit
        size = (tmp_path / "intake.sqlite").stat().st_size
        for n in range(300):
            store.queue_reply(n, "x" * 4000)  # ~300 pages, in the log only
        deadline = time.monotonic() + 10
        while (tmp_path / "intake.sqlite").stat().st_size == size and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (tmp_path / "intake.sqlite").stat().st_size > size  # folded by the thread
    finally:
        store.close()
    assert store._checkpointer is None
