"""Drills: the bot under faults (kill -9, hostile input, a full or read-only disk), each run end
to end and checked: nothing lost, nothing done twice, every person answered.

    .venv/bin/python -m drills [--quick]      (``make drill``)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """What one drill did and what went wrong (an empty ``failures`` is a pass)."""

    name: str
    faults: int = 0
    households: int = 0
    completed: int = 0
    answers_lost: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No failure and nothing lost."""
        return not self.failures and not self.answers_lost

    def fail(self, reason: str) -> None:
        """Record a failure (the first few are printed)."""
        self.failures.append(reason)
