"""Summaries of repeated measurements: each figure is the median of runs, with its spread."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` (0..1) of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass(frozen=True)
class Figure:
    """One benchmark line: the median over runs, the min and max, a unit and a target."""

    name: str
    runs: tuple[float, ...]
    unit: str
    target: float | None = None
    higher_is_better: bool = False

    @property
    def median(self) -> float:
        """Median of the runs."""
        return statistics.median(self.runs)

    @property
    def met(self) -> bool | None:
        """Whether the median meets the target (None without a target)."""
        if self.target is None:
            return None
        return self.median >= self.target if self.higher_is_better else self.median <= self.target

    def row(self) -> str:
        """A line of the printed table."""
        target = "" if self.target is None else f"{'≥' if self.higher_is_better else '<'} {self.target:g}"
        verdict = {None: "", True: "ok", False: "MISSED"}[self.met]
        spread = f"{min(self.runs):.3g}–{max(self.runs):.3g}"
        return (f"| {self.name} | {self.median:.3g} {self.unit} | {spread} | {len(self.runs)} | "
                f"{target} {self.unit if target else ''} | {verdict} |")
