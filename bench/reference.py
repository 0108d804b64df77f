"""The fixed pure-Python reference workload the engine and document figures are divided by.

One unit is a small, unchanging mix of what the engine and the document builder do (dicts and
JSON, string formatting and regular expressions, Decimal arithmetic, sorting), about a tenth of
a millisecond on the development machine. It never changes with the code, so a ratio to it
moves only when the code does, and a slower machine slows both sides alike.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from decimal import Decimal

WORDS = re.compile(r"[A-Za-zÀ-ÿ]+")
ROWS = [{"path": f"members[{n % 5}].field_{n}", "value": f"{n * 37 % 1000},{n % 100:02d} €",
         "lang": ("fr", "ar", "fa_AF")[n % 3]} for n in range(40)]


def unit() -> int:
    """One unit of reference work; returns a checksum so nothing is optimised away."""
    text = json.dumps(ROWS, ensure_ascii=False)
    rows = json.loads(text)
    total = sum(Decimal(r["value"].split(" ")[0].replace(",", ".")) for r in rows)
    words = WORDS.findall(" ".join(f"Le ménage {r['path']} répond {r['value']}" for r in rows))
    ordered = sorted(rows, key=lambda r: (r["lang"], r["path"]))
    return len(words) + len(ordered) + int(total)


def unit_ms(repeats: int = 2000) -> float:
    """Median milliseconds of one unit, over batches of ``repeats // 20`` units."""
    batch = max(1, repeats // 20)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        for _ in range(batch):
            unit()
        times.append((time.perf_counter() - started) / batch)
    return statistics.median(times) * 1e3


if __name__ == "__main__":
    print(f"{unit_ms():.4f} ms per reference unit")
