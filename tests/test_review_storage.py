"""The storage contract of reviews (issue 13), held by the in-memory twin, SQLite and PostgreSQL."""

from __future__ import annotations

from intake_bot.engine.state import new_state
from intake_bot.storage.base import AnswerEvent
from intake_bot.storage.migrations import schema_version
from intake_bot.storage.sqlite import open_database
from tests.test_storage import RECORD, durable, storage  # noqa: F401 (fixtures)

CONTEXT = {"objectives": ["Accès et installation", "Santé"],
           "freins": [["health", "Santé"]]}


def test_a_new_review_has_an_empty_interview_and_its_context(storage):
    case = storage.create_case(created_by="w")
    review = storage.create_review(case.id, "intermediate", "telegram:1", CONTEXT)
    again = storage.get_review(review.id)
    assert again == review
    assert (again.case_id, again.kind, again.started_by) == (case.id, "intermediate", "telegram:1")
    assert again.context == CONTEXT and again.state == new_state()
    assert again.completed_at is None and storage.get_review(review.id + 1000) is None


def test_review_answers_keep_their_provenance_and_history(storage):
    case = storage.create_case(created_by="w")
    review = storage.create_review(case.id, "final", "w", CONTEXT)
    state = new_state()
    for value in ("کمک خوب بود", "۱۲۰۰٫۵۰ <b>{{ x }}</b> 🙂"):
        record = {**RECORD, "value": value}
        state = {**state, "answers": {"review_what_helped": record}}
        storage.save_review_state(review.id, state, AnswerEvent("review_what_helped", record))
    assert storage.get_review(review.id).state == state
    history = storage.review_history(review.id)
    assert [e.record["value"] for e in history] == ["کمک خوب بود", "۱۲۰۰٫۵۰ <b>{{ x }}</b> 🙂"]
    assert history[0].record["lang"] == "fa_AF" and history[0].record["by"] == "household"


def test_reviews_of_a_case_in_order_and_completion(storage):
    case = storage.create_case(created_by="w")
    other = storage.create_case(created_by="w")
    first = storage.create_review(case.id, "intermediate", "w", CONTEXT)
    storage.create_review(other.id, "intermediate", "w", CONTEXT)
    second = storage.create_review(case.id, "final", "w", {})
    assert [r.id for r in storage.reviews(case.id)] == [first.id, second.id]
    done = storage.complete_review(first.id, "2026-11-25T10:00:00.000+00:00", "telegram:1")
    assert (done.completed_at, done.completed_by) == ("2026-11-25T10:00:00.000+00:00", "telegram:1")
    assert storage.get_review(first.id).completed_at == done.completed_at


def test_erasing_reviews_leaves_other_cases_alone(storage):
    case = storage.create_case(created_by="w")
    other = storage.create_case(created_by="w")
    review = storage.create_review(case.id, "intermediate", "w", CONTEXT)
    kept = storage.create_review(other.id, "intermediate", "w", CONTEXT)
    storage.save_review_state(review.id, new_state(), AnswerEvent("x", RECORD))
    storage.save_review_state(kept.id, new_state(), AnswerEvent("x", RECORD))
    with storage.atomic():
        storage.erase_reviews(case.id)
    assert storage.reviews(case.id) == [] and storage.get_review(review.id) is None
    assert storage.review_history(review.id) == []
    assert storage.get_review(kept.id) is not None and len(storage.review_history(kept.id)) == 1


def test_a_review_write_rolls_back_with_its_transaction(storage):
    case = storage.create_case(created_by="w")
    review = storage.create_review(case.id, "intermediate", "w", CONTEXT)
    try:
        with storage.atomic():
            storage.save_review_state(review.id, {**new_state(), "cursor": "x"},
                                      AnswerEvent("x", RECORD))
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert storage.get_review(review.id).state == new_state()
    assert storage.review_history(review.id) == []


def test_the_sqlite_schema_has_the_review_tables_at_version_10(tmp_path):
    db = open_database(tmp_path / "s.sqlite")
    assert schema_version(db) >= 10
    assert {"reviews", "review_answers"} <= set(db.table_names())


def test_reviews_are_copied_to_postgresql_and_back_in_a_backup(tmp_path, request):
    """``intake-bot migrate-store`` and a PostgreSQL store's backup carry the reviews (parents
    before children: reviews, then their answers)."""
    from intake_bot.storage.postgres import PostgresStorage
    from intake_bot.storage.sqlite import SqliteStorage
    from intake_bot.storage.transfer import copy_sqlite_to_postgres

    source = SqliteStorage(tmp_path / "source.sqlite")
    case = source.create_case(created_by="w")
    review = source.create_review(case.id, "final", "w", CONTEXT)
    source.save_review_state(review.id, {**new_state(), "cursor": "x"}, AnswerEvent("x", RECORD))
    source.close()
    url = request.getfixturevalue("postgres_url")
    copy_sqlite_to_postgres(tmp_path / "source.sqlite", url)
    target = PostgresStorage(url)
    assert target.get_review(review.id).state["cursor"] == "x"
    assert target.review_history(review.id)[0].record == RECORD
    assert target.create_review(case.id, "intermediate", "w", {}).id == review.id + 1
    target.backup(tmp_path / "copy.sqlite")
    target.close()
    copy = SqliteStorage(tmp_path / "copy.sqlite")
    assert [r.kind for r in copy.reviews(case.id)] == ["final", "intermediate"]
    copy.close()
