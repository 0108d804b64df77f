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


HEADER = ("| figure | ratio (spread) | measured | reference, same run | runs | target | |\n"
          "| --- | --- | --- | --- | --- | --- | --- |")


@dataclass(frozen=True)
class Figure:
    """One benchmark line: a measure over runs and the same runs of a reference measured beside
    it; the target is on their ratio (run by run, then the median), which holds across machines
    where absolute times do not."""

    name: str
    runs: tuple[float, ...]
    unit: str
    reference: tuple[float, ...]
    reference_name: str
    target: float | None = None
    higher_is_better: bool = False

    @property
    def median(self) -> float:
        """Median of the runs."""
        return statistics.median(self.runs)

    @property
    def ratios(self) -> tuple[float, ...]:
        """Each run divided by the reference of the same run."""
        return tuple(r / ref for r, ref in zip(self.runs, self.reference))

    @property
    def ratio(self) -> float:
        """Median of the per-run ratios."""
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool | None:
        """Whether the median ratio meets the target (None without a target)."""
        if self.target is None:
            return None
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def row(self) -> str:
        """A line of the printed table: ratio first, then the absolute figures."""
        target = "" if self.target is None else f"{'≥' if self.higher_is_better else '≤'} {self.target:g}×"
        verdict = {None: "", True: "ok", False: "MISSED"}[self.met]
        spread = f"{min(self.ratios):.3g}–{max(self.ratios):.3g}"
        reference = f"{statistics.median(self.reference):.3g} {self.unit} ({self.reference_name})"
        return (f"| {self.name} | {self.ratio:.3g}× ({spread}) | {self.median:.3g} {self.unit} | "
                f"{reference} | {len(self.runs)} | {target} | {verdict} |")
