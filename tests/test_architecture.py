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


DOORS = [*(PACKAGE / "channels").rglob("*.py"), *(PACKAGE / "web").rglob("*.py"), PACKAGE / "cli.py"]


def test_doors_never_import_the_storage():
    """Channels and the CLI reach cases only through the case service (intake_bot.cases)."""
    offending = {str(p.relative_to(PACKAGE)): sorted(m for m in imported_modules(p)
                                                     if m.startswith("intake_bot.storage"))
                 for p in DOORS}
    assert {k: v for k, v in offending.items() if v} == {}


def test_doors_never_reach_the_store_through_an_object():
    """Not even as ``service.store`` or ``casework.storage``: an attribute is an import too."""
    reached = {}
    for path in DOORS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        if names & {"storage", "store"}:
            reached[str(path.relative_to(PACKAGE))] = sorted(names & {"storage", "store"})
    assert reached == {}


def test_the_case_service_is_the_only_writer_of_case_statuses():
    """Statuses are moved by the case service's status machine; nothing else names them in
    an update."""
    writers = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name in ("cases", "storage"):
            continue
        text = path.read_text(encoding="utf-8")
        if "update_case(" in text and "status=" in text:
            writers.append(str(path.relative_to(PACKAGE)))
    assert writers == []
