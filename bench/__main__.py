"""``make bench``: print a table of measured figures, each the median of several runs.

    .venv/bin/python -m bench [--quick]
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import documents, engine, memory, startup
from bench.stats import Figure


def machine() -> str:
    """What the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    return (f"{date.today().isoformat()}, {model}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def engine_figures(runs: int) -> list[Figure]:
    results = [engine.run_once() for _ in range(runs)]
    return [Figure("engine: time per answered question, p50", tuple(r[0] for r in results), "ms"),
            Figure("engine: time per answered question, p99", tuple(r[1] for r in results), "ms",
                   target=1.0)]


def document_figures(runs: int) -> list[Figure]:
    medians = tuple(documents.benchmark(repeats=5)["median"] * 1e3 for _ in range(runs))
    return [Figure("documents: both .docx for a complete case", medians, "ms", target=150)]


def memory_figures(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "intake.sqlite"
        memory.fill(path)
        peaks = tuple(memory.peak_rss_mib(path) for _ in range(runs))
    return [Figure(f"memory: peak RSS, {memory.STORED:,} cases, {memory.IN_PROGRESS:,} in progress",
                   peaks, "MiB", target=200)]


def startup_figures(runs: int) -> list[Figure]:
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as directory:
            seconds.append(startup.console_ready_seconds(Path(directory)))
    return [Figure("start-up: console, launch to first question", tuple(seconds), "s", target=2.0)]


def main(argv: list[str]) -> int:
    """Run every benchmark and print the table."""
    runs = 2 if "--quick" in argv else 5
    started = time.perf_counter()
    figures = (engine_figures(runs) + document_figures(runs) + memory_figures(min(runs, 3))
               + startup_figures(runs))
    print(f"intake-bot benchmark — {machine()}")
    print("| figure | median | spread (min–max) | runs | target | |")
    print("| --- | --- | --- | --- | --- | --- |")
    for figure in figures:
        print(figure.row())
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
