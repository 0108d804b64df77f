"""Issue 15, the CLI: ``intake-bot documents --months N --start YYYY-MM-DD`` sets the contract's
duration (within the measure's bounds) and start before the documents are made."""

from __future__ import annotations

from datetime import date

from intake_bot.cli import main as cli_main
from intake_bot.storage.sqlite import SqliteStorage

from tests.test_documents_signable import cli_case


def stored_case(tmp_path, reference: str):
    """The case as the CLI left it in its SQLite file."""
    store = SqliteStorage(tmp_path / "data" / "intake.sqlite")
    try:
        return next(c for c in store.list_cases() if c.reference == reference)
    finally:
        store.close()


def test_months_within_the_bounds_makes_the_contract(tmp_path, monkeypatch):
    """AVDL allows 3 to 12 months; 18 recommended. Before: no way to choose from the CLI."""
    reference = cli_case(tmp_path, monkeypatch, duration="18")
    out = tmp_path / "out"
    assert cli_main(["documents", reference, "--out", str(out), "--months", "12",
                     "--start", "2027-02-01"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        f"contrat_accompagnement_{reference}.docx", f"diagnostic_social_{reference}.docx"]
    case = stored_case(tmp_path, reference)
    assert case.contract_months == 12 and case.contract_start == date(2027, 2, 1).isoformat()


def test_months_outside_the_bounds_names_them_and_writes_nothing(tmp_path, monkeypatch, capsys):
    reference = cli_case(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert cli_main(["documents", reference, "--out", str(out), "--months", "13",
                     "--start", "2027-02-01"]) == 2
    err = capsys.readouterr().err
    assert "de 3 à 12 mois" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    case = stored_case(tmp_path, reference)
    assert case.contract_months is None and case.contract_start is None
