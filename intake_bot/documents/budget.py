"""The budget part of the diagnostic: resources, charges and debts tables, totals, ratios.

Amounts come from the derived figures (intake_bot.engine.derived), formatted in French. A
repeated group the household has not answered yet reads « non renseigné » (and so do the totals
that depend on it), which is not the same as « aucune ressource déclarée ».
"""

from __future__ import annotations

from typing import Any

from intake_bot.engine.derived import has_housing_cost, taux_effort
from intake_bot.i18n import render

from intake_bot.documents import formatting as fmt
from intake_bot.documents.sources import CaseData

FRENCH = "fr"
COLUMNS = {
    "resources": ("type", "owner", "amount"),
    "charges": ("type", "amount"),
    "debts": ("creditor", "amount", "repayment_plan", "monthly_repayment"),
}


def budget_context(data: CaseData, with_housing_benefit: bool = True) -> dict[str, Any]:
    """Budget tables and figures of the diagnostic; the taux d'effort divides by the resources
    with the housing benefit or without it (``with_housing_benefit``, a setting)."""
    context: dict[str, Any] = {group: group_rows(data, group) for group in COLUMNS}
    context.update(budget_figures(data, with_housing_benefit))
    base = "with_housing_benefit" if with_housing_benefit else "without_housing_benefit"
    context["taux_effort_base"] = render(f"doc.effort.base.{base}", FRENCH)
    return context


def group_rows(data: CaseData, group: str) -> list[dict[str, str]]:
    """One row of French strings per entry of ``group``; a single explanatory row when the
    group is empty (« aucune … déclarée ») or unanswered (« non renseigné »)."""
    columns = COLUMNS[group]
    if not data.group_answered(group):
        return [dict.fromkeys(columns, fmt.not_given())]
    if not data.entries(group):
        empty = dict.fromkeys(columns, fmt.not_applicable())
        empty[columns[0]] = render(f"doc.budget.no_{group}", FRENCH)
        return [empty]
    return [entry_row(data, group, index) for index in range(data.entries(group))]


def entry_row(data: CaseData, group: str, index: int) -> dict[str, str]:
    """The cells of entry ``index`` of ``group``: « sans objet » for a question not asked."""
    row = {}
    for child in COLUMNS[group]:
        path = data.entry_path(group, index, child)
        if not data.is_relevant(path):
            row[child] = fmt.not_applicable()
        elif group == "resources" and child == "owner":
            row[child] = fmt.coded("doc.owner", data.answers[group][index].get("owner"))
        else:
            row[child] = fmt.record_value(data.child_field(group, child), data.record(path))
    return row


def budget_figures(data: CaseData, with_housing_benefit: bool = True) -> dict[str, str]:
    """Totals, reste à vivre (monthly and per day per consumption unit), taux d'effort
    (« sans objet » for a household paying neither rent nor service charges)."""
    f = data.figures
    known = data.group_answered("resources") and data.group_answered("charges")
    resources = f.total_resources if data.group_answered("resources") else None
    charges = f.total_charges if data.group_answered("charges") else None
    rav = f.reste_a_vivre if known else None
    rav_day = f.reste_a_vivre_per_day_per_unit if known else None
    debts_known = data.group_answered("debts")
    rate = taux_effort(data.answers, with_housing_benefit)
    if known and not has_housing_cost(data.answers):
        effort = render("doc.effort.no_rent", FRENCH)
    elif rate is not None and known:
        effort = fmt.percent(rate)
    else:  # no resources at all: a rate over zero has no meaning
        effort = render("doc.not_computable", FRENCH) if known else fmt.not_given()
    return {
        "total_resources": fmt.money(resources),
        "total_charges": fmt.money(charges),
        "total_repayments": fmt.money(f.total_repayments if debts_known else None),
        "total_debts": fmt.money(f.total_debts if debts_known else None),
        "reste_a_vivre": fmt.money(rav),
        "reste_a_vivre_per_day_per_unit": fmt.money(rav_day),
        "taux_effort": effort,
        "consumption_units": fmt.decimal(f.consumption_units),
        "budget_sentence": render("doc.sentence.budget", FRENCH, rav=fmt.money(rav),
                                  rav_day=fmt.money(rav_day), effort=effort),
    }
