"""The rights check (issue 17): cold and warm time of one check, and the worker's memory.

    .venv/bin/python -m bench.rights [--runs N]

Cold: a new checker, so the worker process starts (loads openfisca-france) and simulates.
Warm: another version of the answers on the running worker (a new simulation).
Cached: the same answers again (no simulation). Memory: the worker process's peak RSS.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from decimal import Decimal

from intake_bot.rights import READY, RightsChecker

TODAY = date(2026, 12, 3)


def household(salary: int) -> dict:
    """A couple with three children, one salary, private rent in Lyon."""
    child = lambda year: {"relation": "child", "birth_date": date(year, 9, 1), "lives_here": "permanent"}  # noqa: E731
    return {"diagnostic_date": date(2026, 9, 15), "birth_date": date(1985, 1, 1),
            "family_status": "married", "employment": "cdi",
            "members": [{"relation": "partner", "birth_date": date(1987, 1, 1), "lives_here": "permanent"},
                        child(2015), child(2018), child(2021)],
            "current_housing": "private_tenant", "home_postcode": "69008", "home_commune": "Lyon",
            "resources": [{"type": "salary", "amount": Decimal(salary), "owner": "applicant"}],
            "charges": [{"type": "rent", "amount": Decimal(750)}]}


def measure_once() -> dict[str, float]:
    """One cold, one warm and one cached check in a fresh checker (its own worker process)."""
    checker = RightsChecker()
    try:
        started = time.perf_counter()
        assert checker.report(household(1500), TODAY).status == READY
        cold = time.perf_counter() - started
        started = time.perf_counter()
        assert checker.report(household(1600), TODAY).status == READY
        warm = time.perf_counter() - started
        started = time.perf_counter()
        checker.report(household(1600), TODAY)
        cached = time.perf_counter() - started
        return {"cold_s": cold, "warm_s": warm, "cached_ms": cached * 1e3,
                "worker_peak_mib": checker.worker.peak_mib or 0.0}
    finally:
        checker.close()


def measure(runs: int) -> list[dict[str, float]]:
    """``runs`` measurements, each in a fresh worker process."""
    return [measure_once() for _ in range(runs)]


def main(argv: list[str]) -> int:
    """Print the median (min–max) of each figure."""
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    results = measure(runs)
    for key in ("cold_s", "warm_s", "cached_ms", "worker_peak_mib"):
        values = [r[key] for r in results]
        print(f"{key}: {statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f}), {runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
