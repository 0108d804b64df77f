"""No chat waits for another's documents (issue 16): the case's data is read in the update's
transaction; the build reads no store, so it runs in a worker process; its outcome is audited
afterwards."""

from __future__ import annotations

import asyncio
import pickle

from intake_bot.cases import SYSTEM_ACCOUNT, open_service
from intake_bot.channels.telegram._offloop import Builders
from intake_bot.config import Settings
from intake_bot.documents import DocumentError
from intake_bot.engine.reader import Reply
from intake_bot.storage.sqlite import SqliteStorage

from bench.documents import complete_case_answers


def complete_case(tmp_path):
    """A case service on SQLite holding one complete case; the service and the case id."""
    service = open_service(Settings(), SqliteStorage(tmp_path / "intake.sqlite"))
    case = service.store.create_case("worker", status="ready_for_review")
    for path, value in complete_case_answers():
        reply = Reply(codes=value, path=path) if isinstance(value, tuple) else Reply(text=value, path=path)
        assert service.casework.answer(case.id, reply, "worker", "fr", witnessed=True).accepted
    return service, case.id


def fail() -> None:
    """Work that fails as a document can."""
    raise DocumentError("hors des bornes")


def test_what_is_gathered_holds_no_store_and_builds_alone(tmp_path) -> None:
    service, case_id = complete_case(tmp_path)
    gathered = service.gather_documents(SYSTEM_ACCOUNT, case_id)
    copy = pickle.loads(pickle.dumps(gathered))  # an SQLite connection would not pickle
    service.close()
    built = copy.build()
    assert [d.kind for d in built] == ["diagnostic", "contract"]
    assert all(d.content.startswith(b"PK") for d in built)


def test_the_build_is_audited_once_recorded(tmp_path) -> None:
    service, case_id = complete_case(tmp_path)
    gathered = service.gather_documents(SYSTEM_ACCOUNT, case_id)
    assert not [e for e in service.store.audit_log(case_id) if e["action"] == "document.generate"]
    builders = Builders()
    built = asyncio.run(builders.run(gathered.build))
    builders.reset()
    service.record_documents(SYSTEM_ACCOUNT, gathered, built)
    audited = [e for e in service.store.audit_log(case_id) if e["action"] == "document.generate"]
    assert len(audited) == 2
    assert service.store.get_case(case_id).status == "documents_generated"


def test_an_error_in_the_worker_process_comes_back_as_a_value() -> None:
    builders = Builders()
    outcome = asyncio.run(builders.run(fail))
    builders.reset()
    assert isinstance(outcome, DocumentError)
    assert str(outcome) == "hors des bornes"


def test_a_builder_process_yields_the_cpu_from_its_first_instant() -> None:
    """A new worker process imports the document libraries (a second of CPU): at the bot's
    priority that start-up slowed the households' replies on a busy core (reply p99 1.7x)."""
    import os

    builders = Builders(processes=1)

    async def started() -> list[int]:
        future = asyncio.get_running_loop().run_in_executor(builders._executor(), os.getpid)
        pids = list(builders._pool._processes)  # started by the submission, still importing
        policies = [os.sched_getscheduler(pid) for pid in pids]
        await future
        return policies

    try:
        assert asyncio.run(started()) == [os.SCHED_IDLE]
    finally:
        builders.reset()
