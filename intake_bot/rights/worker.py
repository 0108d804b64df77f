"""The rights worker process: ``python -m intake_bot.rights.worker`` speaks JSON lines.

On start it loads openfisca-france and writes ``{"ready": true, "model_version": …}`` (or
``{"ready": false, "error": …}`` and exits). Then, for each request line
``{"id": n, "situation": …, "month": "YYYY-MM", …}`` it writes
``{"id": n, "ok": true, "amounts": …}`` or ``{"id": n, "ok": false, "error": …}``.
"""

from __future__ import annotations

import json
import resource
import sys
from typing import Any, TextIO


def _write(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def serve(inp: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Load the model, then answer requests until stdin closes; the exit status."""
    try:
        from intake_bot.rights import engine

        engine.tax_benefit_system()
        _write(out, {"ready": True, "model_version": engine.model_version()})
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable", said to the bot
        _write(out, {"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    for line in inp:
        if not line.strip():
            continue
        request: dict[str, Any] = {}
        try:
            request = json.loads(line)
            result = engine.simulate(request)
            _write(out, {"id": request.get("id"), "ok": True, "peak_mib": _memory_mib(), **result})
        except Exception as exc:  # noqa: BLE001 - one bad situation must not kill the worker
            _write(out, {"id": request.get("id"), "ok": False, "error": f"{type(exc).__name__}: {exc}"})
    return 0


if __name__ == "__main__":
    sys.exit(serve())
