"""The portal's part of the storage contract (issue 12), held by every store: the in-memory
twin, SQLite and PostgreSQL."""

from __future__ import annotations

from intake_bot.engine.state import new_state
from intake_bot.storage.base import (
    AnswerEvent, CaseQuery, Person, SignInToken, StaffCredential, WebSession,
)
from tests.test_storage import storage  # noqa: F401 - the fixture: every store

MEASURE = {"value": "asll", "skipped": False, "by": "worker", "at": "2026-11-22T10:00:00+00:00",
           "lang": "fr", "raw": "1"}


def test_a_credential_is_saved_replaced_and_read(storage):
    assert storage.get_credential("email:a@b.fr") is None
    storage.save_credential(StaffCredential("email:a@b.fr", "$argon2id$x", 2, None))
    storage.save_credential(StaffCredential("email:a@b.fr", "$argon2id$y", 0, "2026-12-01T10:00"))
    assert storage.get_credential("email:a@b.fr") == StaffCredential(
        "email:a@b.fr", "$argon2id$y", 0, "2026-12-01T10:00")


def test_a_sign_in_token_is_used_once(storage):
    token = SignInToken("h" * 64, "telegram:1", "2026-11-25T10:00", "2026-11-25T10:10")
    storage.save_sign_in_token(token)
    used = storage.use_sign_in_token("h" * 64, "2026-11-25T10:01")
    assert used.account_id == "telegram:1" and used.used_at == "2026-11-25T10:01"
    assert storage.use_sign_in_token("h" * 64, "2026-11-25T10:02") is None
    assert storage.use_sign_in_token("unknown", "2026-11-25T10:02") is None


def test_web_sessions_are_kept_renewed_and_deleted(storage):
    for key, account, seen in (("s1", "a", "2026-11-25T10:00"), ("s2", "a", "2026-11-25T11:00"),
                               ("s3", "b", "2026-11-25T09:00")):
        storage.save_web_session(WebSession(key, account, "csrf-" + key, seen, seen))
    storage.save_web_session(WebSession("s1", "a", "csrf-s1", "2026-11-25T10:00", "2026-11-25T12:00"))
    assert storage.get_web_session("s1").seen_at == "2026-11-25T12:00"
    assert storage.delete_web_sessions(seen_before="2026-11-25T10:30") == 1  # s3
    assert storage.delete_web_sessions(id_hash="s2") == 1
    assert storage.delete_web_sessions(account_id="a") == 1
    assert [storage.get_web_session(k) for k in ("s1", "s2", "s3")] == [None, None, None]


def _case(storage, organisation, worker, first, last, measure=None, status="invited"):
    case = storage.create_case("w", organisation=organisation, worker=worker, status=status)
    answer = AnswerEvent("measure", {**MEASURE, "value": measure}) if measure else None
    storage.save_state(case.id, new_state(), answer, [Person(0, "applicant", first, last)])
    return case


def test_the_case_list_is_filtered_counted_and_paged_by_the_store(storage):
    a = _case(storage, "CCAS", "telegram:1", "Amina", "Haddad", "asll")
    b = _case(storage, "CCAS", "telegram:2", "Jean", "Dupont", "avdl", "ready_for_review")
    _case(storage, "Other", "telegram:3", "Amina", "Autre", "asll")
    erased = _case(storage, "CCAS", "telegram:1", "Zoé", "Erased")
    storage.erase_case(erased.id, "w")

    def ids(**query):
        rows, total = storage.find_cases(CaseQuery(**query))
        return [r.case.id for r in rows], total

    assert ids(organisation="CCAS") == ([b.id, a.id], 2)
    assert ids(organisation="CCAS", text="HADD") == ([a.id], 1)
    assert ids(organisation="CCAS", measure="avdl") == ([b.id], 1)
    assert ids(organisation="CCAS", status="ready_for_review") == ([b.id], 1)
    assert ids(organisation="CCAS", worker="telegram:1") == ([a.id], 1)
    assert ids(case_id=a.id) == ([a.id], 1)
    assert ids(text="amina") == ([3, a.id], 2)
    assert ids(organisation="CCAS", limit=1) == ([b.id], 2)
    assert ids(organisation="CCAS", limit=1, offset=1) == ([a.id], 2)
    [row], _ = storage.find_cases(CaseQuery(case_id=a.id))
    assert (row.measure, row.first_name, row.last_name, row.case.worker) == \
        ("asll", "Amina", "Haddad", "telegram:1")
