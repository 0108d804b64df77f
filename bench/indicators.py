"""Indicators (issue 12): the figures of a year over 10,000 cases stored in SQLite, as a
coordinator asks for them (the case service, the database's GROUP BY, the tables built).

The cases are stored through the store (each with its facts, as the case service leaves them
after the answers of a complete household), spread over the year, with varied levels,
measures, freins and household types; half of them have the delay from invitation to the
household's answers. Filling is not timed.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from intake_bot.storage.base import Account, CaseFacts

CASES = 10_000
ORGANISATION = "CCAS"
COORDINATOR = Account("bench:coordinator", "Coordination", ORGANISATION, "coordinator")
MEASURES = ("asll", "avdl", "avdl_dalo", "iml", "ccapex_diagnostic")
FREINS = ("health", "budget_management", "overindebtedness", "learning_french",
          "housing_instability", "no_rental_experience", "residence_right")
TYPES = ("single_woman", "single_man", "woman_with_children", "couple_with_children")


def template() -> tuple[tuple[str, str], ...]:
    """The facts of a complete household (bench/documents.py's case)."""
    from bench.documents import complete_case
    from intake_bot.engine import interview
    from intake_bot.indicators.facts import case_facts

    casework, case_id = complete_case()
    state = casework.storage.load_state(case_id)
    answers = interview.relevant_answers(casework.flow, state, casework.today()).context
    return case_facts(answers, state, date(2026, 1, 1), ORGANISATION).items


def varied(items: tuple[tuple[str, str], ...], number: int) -> CaseFacts:
    """The template's facts made the ``number``-th case's: its day of 2026, measure, level,
    household type and two freins."""
    measure = MEASURES[number % len(MEASURES)]
    changed = {"measure": [measure], "level": [f"level_{number % 3 + 1}"],
               "household_type": [TYPES[number % len(TYPES)]],
               "frein": [FREINS[number % len(FREINS)], FREINS[(number * 3 + 1) % len(FREINS)]]}
    kept = [(k, v) for k, v in items if k not in changed]
    items = tuple(sorted({*kept, *((k, v) for k, values in changed.items() for v in values)}))
    day = date(2026, 1, 1) + timedelta(days=number * 37 % 365)
    return CaseFacts(day.isoformat(), measure, ORGANISATION, items)


def fill(store, cases: int = CASES) -> None:
    """``cases`` cases of the organisation, each with its facts, in one transaction."""
    items = template()
    with store.atomic():
        store.save_account(COORDINATOR)
        for number in range(cases):
            case = store.create_case("bench", ORGANISATION, "bench", "fr", "ready_for_review")
            store.save_facts(case.id, varied(items, number))
            if number % 2:
                store.note_fact(case.id, "household_hours", str(number % 200))


def year_ms(service, repeats: int = 5) -> float:
    """Median milliseconds for the indicators of 2026, as the coordinator."""
    from intake_bot.indicators import Period

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        found = service.indicators(COORDINATOR, Period.year(2026))
        times.append(time.perf_counter() - started)
    assert found.table("levels").total == CASES, found.table("levels")
    return statistics.median(times) * 1e3


def measure_runs(runs: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(indicators ms, reference unit ms) of each run, on one filled SQLite file."""
    from bench import reference
    from intake_bot.cases import open_service
    from intake_bot.config import Settings
    from intake_bot.storage.sqlite import SqliteStorage

    measured, units = [], []
    with tempfile.TemporaryDirectory() as directory:
        store = SqliteStorage(Path(directory) / "intake.sqlite")
        fill(store)
        service = open_service(Settings(), store=store)
        for _ in range(runs):
            units.append(reference.unit_ms())
            measured.append(year_ms(service))
        store.close()
    return tuple(measured), tuple(units)


if __name__ == "__main__":
    ms, unit = measure_runs(1)
    print(f"indicators of a year, {CASES:,} cases: {ms[0]:.1f} ms; reference unit {unit[0]:.4f} ms; "
          f"ratio {ms[0] / unit[0]:.0f}")
