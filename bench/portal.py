"""The staff portal (issue 12): the case list and a case page with 10,000 stored cases in SQLite,
served by the portal's aiohttp application to a signed-in coordinator (the whole request: session,
case service, database, template), p50 and p99 of each.

Every case has the interview of a complete household (bench/documents.py's), its measure answer
and its applicant, spread over five measures and two workers. Filling is not timed.

    .venv/bin/python -m bench.portal
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

from bench.stats import percentile
from intake_bot.storage.base import Account, AnswerEvent, Person

CASES = 10_000
REQUESTS = 200
ORGANISATION = "CCAS"
COORDINATOR = Account("email:bench@ccas.example", "Coordination", ORGANISATION, "coordinator")
WORKERS = ("telegram:1", "telegram:2")
MEASURES = ("asll", "avdl", "avdl_dalo", "iml", "ccapex_diagnostic")
NAMES = ("Haddad", "Martin", "Nguyen", "Diallo", "Kovalenko", "Ahmadi", "Bernard")


def fill(store, cases: int = CASES) -> None:
    """``cases`` complete cases of one organisation, in one transaction."""
    from bench.documents import complete_case

    casework, case_id = complete_case()
    state = casework.storage.load_state(case_id)
    measure = next(a for a in casework.storage.answer_history(case_id) if a.path == "measure")
    with store.atomic():
        store.save_account(COORDINATOR)
        for number in range(cases):
            case = store.create_case("bench", ORGANISATION, WORKERS[number % 2], "fr",
                                     "ready_for_review")
            answer = AnswerEvent("measure", {**measure.record, "value": MEASURES[number % 5]})
            store.save_state(case.id, state, answer,
                             [Person(0, "applicant", "Amina", f"{NAMES[number % 7]}{number}")])


async def _timed(client, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        async with client.get(path) as response:
            await response.read()
            assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - started) * 1e3)
    return times


async def _measure(service, requests: int) -> dict[str, list[float]]:
    from aiohttp.test_utils import TestClient, TestServer

    from intake_bot.web import create_app

    client = TestClient(TestServer(create_app(service)))
    await client.start_server()
    try:
        session = service.open_web_session(service.account(COORDINATOR.id), "bench")
        client.session.cookie_jar.update_cookies({"portail_session": session.cookie})
        pick = random.Random(12)
        pages = CASES // 20
        lists = [f"/dossiers?page={pick.randint(1, pages)}" for _ in range(requests)]
        filtered = [f"/dossiers?mesure={pick.choice(MEASURES)}&q={pick.choice(NAMES).lower()}"
                    for _ in range(requests)]
        cases = [f"/dossiers/D-{pick.randint(1, CASES):06d}" for _ in range(requests)]
        await _timed(client, lists[:10] + cases[:10])  # warm the templates and the page cache
        return {"list": await _timed(client, lists), "search": await _timed(client, filtered),
                "case": await _timed(client, cases)}
    finally:
        await client.close()


def measure_runs(runs: int, requests: int = REQUESTS) -> tuple[dict[str, list[tuple]], tuple]:
    """Per run: p50 and p99 (ms) of each page kind, and the reference unit (ms) of the run."""
    from bench import reference
    from intake_bot.cases import open_service
    from intake_bot.config import Settings
    from intake_bot.storage.sqlite import SqliteStorage

    results: dict[str, list[tuple]] = {"list": [], "search": [], "case": []}
    units = []
    with tempfile.TemporaryDirectory() as directory:
        store = SqliteStorage(Path(directory) / "intake.sqlite")
        fill(store)
        service = open_service(Settings(web_enabled=False), store=store)
        for _ in range(runs):
            units.append(reference.unit_ms())
            times = asyncio.run(_measure(service, requests))
            for kind, values in times.items():
                results[kind].append((percentile(values, 0.5), percentile(values, 0.99)))
        store.close()
    return results, tuple(units)


if __name__ == "__main__":
    measured, unit = measure_runs(1, 100)
    for kind, [(p50, p99)] in measured.items():
        print(f"{kind}: p50 {p50:.1f} ms, p99 {p99:.1f} ms (reference unit {unit[0]:.4f} ms)")
