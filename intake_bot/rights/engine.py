"""openfisca-france, inside the worker process only: load the model, find the commune, simulate.

Nothing here is imported by the bot's own process (openfisca takes seconds and ~200 MiB).
"""

from __future__ import annotations

import csv
import importlib.resources
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

from intake_bot.rights.mapping import months
from intake_bot.rights.report import BENEFITS

HOUSING_KINDS = ("apl", "als", "alf")


@lru_cache(maxsize=1)
def tax_benefit_system():
    """The French tax-benefit system (loaded once per process)."""
    from openfisca_france import FranceTaxBenefitSystem

    return FranceTaxBenefitSystem()


def model_version() -> str:
    """The installed openfisca-france version."""
    from importlib.metadata import version

    return version("openfisca-france")


def _normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    short = {"SAINT": "ST", "SAINTE": "STE"}
    return " ".join(short.get(w, w) for w in words)


@lru_cache(maxsize=1)
def _communes() -> dict[str, list[tuple[str, str, int]]]:
    """Department -> [(INSEE code, normalised name, housing aid zone)] from openfisca's table."""
    table: dict[str, list[tuple[str, str, int]]] = {}
    source = importlib.resources.files("openfisca_france").joinpath("assets/apl/20110914_zonage.csv")
    with source.open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["DEP"], []).append(
                (row["CODGEO"], _normalise(row["LIBCOM_2014"]), int(row["Zonage"][0])))
    return table


def _departments(postcode: str) -> list[str]:
    if postcode.startswith("97"):
        return [postcode[:3]]
    if postcode.startswith("20"):
        return ["2A", "2B"]
    return [postcode[:2]]


def commune_code(postcode: str | None, commune: str | None) -> str | None:
    """The INSEE code of the home's commune from its postcode and name, or None.

    Without a matching name, a department whose communes all share one housing aid zone still
    gives a code of that zone (the zone is all the estimate needs)."""
    if not postcode or len(postcode) != 5 or not postcode.isdigit():
        return None
    candidates = [c for dep in _departments(postcode) for c in _communes().get(dep, [])]
    if commune:
        wanted = _normalise(commune)
        named = [code for code, name, _zone in candidates if name == wanted]
        if named:
            return named[0]
    zones = {zone for _code, _name, zone in candidates}
    return candidates[0][0] if len(zones) == 1 else None


def _rounded(value: float) -> str:
    return f"{max(value, 0.0):.2f}"


def simulate(request: dict[str, Any]) -> dict[str, Any]:
    """Amounts per benefit (strings of euros, 2 decimals) for ``request``: ``situation``,
    ``month`` (YYYY-MM), ``postcode``, ``commune``, ``skip`` (benefits not to estimate)."""
    from openfisca_core.simulation_builder import SimulationBuilder

    situation, month = request["situation"], request["month"]
    reasons: dict[str, str] = dict(request.get("skip") or {})
    depcom = commune_code(request.get("postcode"), request.get("commune"))
    menage = situation["menages"]["menage"]
    if depcom:
        first = date.fromisoformat(month + "-01")
        menage["depcom"] = {period: depcom for period in months(first)}
    elif "aide_logement" not in reasons and "loyer" in menage:
        reasons["aide_logement"] = "commune"
    simulation = SimulationBuilder().build_from_entities(tax_benefit_system(), situation)
    famille_ids = list(simulation.populations["famille"].ids)
    person_ids = list(simulation.persons.ids)
    claimant = famille_ids.index("famille")
    parents = situation["familles"]["famille"]["parents"]
    amounts: dict[str, str | None] = {}
    for code, variable, _budget in BENEFITS:
        if code in reasons:
            amounts[code] = None
        elif variable == "aah":
            values = simulation.calculate(variable, month)
            amounts[code] = _rounded(sum(float(values[person_ids.index(p)]) for p in parents))
        else:
            amounts[code] = _rounded(float(simulation.calculate(variable, month)[claimant]))
    kinds = {}
    if amounts.get("aide_logement") not in (None, "0.00"):
        for kind in HOUSING_KINDS:
            if float(simulation.calculate(kind, month)[claimant]) > 0:
                kinds["aide_logement"] = kind
    return {"amounts": amounts, "kinds": kinds, "reasons": reasons, "model_version": model_version()}
