"""The core stays pure: the engine and the questionnaire import no channel, storage or network."""

from __future__ import annotations

import ast
import pathlib

import intake_bot

PACKAGE = pathlib.Path(intake_bot.__file__).resolve().parent
PURE = ("engine", "questionnaire")
FORBIDDEN = ("telegram", "sqlite3", "sqlite_utils", "httpx", "intake_bot.storage",
             "intake_bot.channels", "intake_bot.casework", "docxtpl", "socket", "subprocess")


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_engine_and_questionnaire_import_no_edge():
    offending = {}
    for package in PURE:
        for path in (PACKAGE / package).rglob("*.py"):
            bad = {m for m in imported_modules(path) if m.startswith(FORBIDDEN)}
            if bad:
                offending[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offending == {}


def test_the_engine_never_calls_eval_or_exec():
    for path in (PACKAGE / "engine").rglob("*.py"):
        calls = {n.func.id for n in ast.walk(ast.parse(path.read_text("utf-8")))
                 if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"eval", "exec", "compile"}, path
