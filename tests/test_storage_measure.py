"""The storage contract of the measure's tables (issue 13), on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from intake_bot.storage.base import FollowUpEntry
from intake_bot.storage.migrations import MIGRATIONS
from intake_bot.storage.postgres_migrations import MIGRATIONS as PG_MIGRATIONS
from tests.test_storage import durable, storage  # noqa: F401 - the fixtures, per store


def test_a_measure_record_is_replaced_whole_and_listed(storage):  # noqa: F811
    case = storage.create_case(created_by="w")
    assert storage.get_measure(case.id) is None
    storage.save_measure(case.id, {"decision": {"result": "adjourned"}})
    storage.save_measure(case.id, {"decision": {"result": "accepted"}, "purpose": "staying"})
    assert storage.get_measure(case.id) == {"decision": {"result": "accepted"}, "purpose": "staying"}
    assert storage.measures() == {case.id: storage.get_measure(case.id)}


def test_the_follow_up_log_is_kept_by_date_with_its_author(storage):  # noqa: F811
    case = storage.create_case(created_by="w")
    other = storage.create_case(created_by="w")
    late = storage.add_follow_up(FollowUpEntry(case.id, "visit", "2027-01-10", "Visite 🏠", "telegram:1"))
    early = storage.add_follow_up(FollowUpEntry(case.id, "incident", "2027-01-02", "Retard",
                                                "telegram:1", "payment"))
    storage.add_follow_up(FollowUpEntry(other.id, "call", "2027-01-05"))
    assert late.id is not None and late.at
    assert [(e.on, e.kind, e.detail, e.by) for e in storage.follow_ups(case.id)] == [
        ("2027-01-02", "incident", "payment", "telegram:1"),
        ("2027-01-10", "visit", "", "telegram:1")]
    assert storage.follow_ups(case.id)[1].note == "Visite 🏠" and early.id != late.id
    assert len(storage.follow_ups()) == 3


def test_a_reminder_is_claimed_once(storage):  # noqa: F811
    case = storage.create_case(created_by="w")
    assert storage.claim_reminder("1:no_contact::2027-01-01", case.id, "2027-01-09T09:00")
    assert not storage.claim_reminder("1:no_contact::2027-01-01", case.id, "2027-01-09T10:00")
    assert storage.sent_reminders(case.id) == ["1:no_contact::2027-01-01"]


def test_erasure_empties_the_measure_log_and_reminders(storage):  # noqa: F811
    case = storage.create_case(created_by="w")
    kept = storage.create_case(created_by="w")
    for each in (case, kept):
        storage.save_measure(each.id, {"purpose": "access"})
        storage.add_follow_up(FollowUpEntry(each.id, "call", "2027-01-05", "Appel"))
        storage.claim_reminder(f"{each.id}:x", each.id, "2027-01-09")
    storage.erase_case(case.id, "w")
    assert storage.get_measure(case.id) is None and storage.follow_ups(case.id) == []
    assert storage.sent_reminders(case.id) == []
    assert storage.get_measure(kept.id) and storage.follow_ups(kept.id)
    assert storage.sent_reminders(kept.id) == [f"{kept.id}:x"]


def test_a_failed_block_keeps_no_follow_up(durable):  # noqa: F811
    case = durable.create_case(created_by="w")
    try:
        with durable.atomic():
            durable.add_follow_up(FollowUpEntry(case.id, "call", "2027-01-05"))
            durable.claim_reminder("k", case.id, "2027-01-05")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert durable.follow_ups(case.id) == [] and durable.claim_reminder("k", case.id, "x")


def test_the_measure_migrations_have_their_assigned_versions():
    assert dict(MIGRATIONS)[8].__name__ == "_v8_measure"
    assert dict(PG_MIGRATIONS)[7].__name__ == "_v7_measure"
