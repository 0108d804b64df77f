"""Objectives of the support contract, proposed from the freins the worker retained.

The objective themes are those of diagnostic.md §9 (004:2164-2199). Each theme has, in
intake_bot.messages, a title (``doc.objective.<theme>``) and the commitments of the household
(``.household``) and of the service (``.service``): the « engagements réciproques ».

FREIN_THEMES reads 001 §2.2.1, where each frein comes with what the support does about it:
absence d'expérience locative -> « accès et installation »; surendettement -> negotiate a
« plan d'apurement » and review the budget (« gestion administrative et financière »); droit
au séjour -> administrative steps; épisode d'expulsion -> vigilance on rent payment
(« prévention des impayés »); entretien, animaux, voisinage, instabilité locative -> « occupation
et modes d'habiter »; adhésion incertaine -> « lien social »; santé, conduite addictive ->
« santé »; insertion, instabilité professionnelle -> « insertion professionnelle ».

PRIVATE_THEMES and PRIVATE_FREINS: what a landlord who signs the contract must not read
(health, debts, residence status). An objective of a private theme, or proposed for a private
frein, is agreed between the household and the service only (:func:`is_private`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from intake_bot.engine.derived import residence_right_at_risk

THEMES: tuple[str, ...] = (
    "access_installation", "occupation", "admin_finance", "social_link", "arrears_prevention",
    "housing_search", "repayment_plan", "health", "employment", "french", "access_rights",
)

FREIN_THEMES: dict[str, tuple[str, ...]] = {
    "social_professional_integration": ("employment",),
    "health": ("health",),
    "job_instability": ("employment",),
    "learning_french": ("french",),
    "budget_management": ("admin_finance",),
    "income_instability": ("admin_finance",),
    "overindebtedness": ("repayment_plan", "admin_finance"),
    "addictive_behaviour": ("health",),
    "eviction_episode": ("arrears_prevention",),
    "housing_instability": ("occupation",),
    "no_rental_experience": ("access_installation",),
    "many_animals": ("occupation",),
    "poor_home_upkeep": ("occupation",),
    "neighbour_disturbance": ("occupation",),
    "uncertain_adhesion": ("social_link",),
    "residence_right": ("admin_finance",),
}

#: Objective themes never shown to a landlord: they reveal health or debts.
PRIVATE_THEMES = frozenset({"health", "repayment_plan", "access_rights"})
#: Freins never shown to a landlord, nor the objectives proposed for them.
PRIVATE_FREINS = frozenset({"health", "addictive_behaviour", "overindebtedness", "residence_right"})

#: Current housing codes of a household that already holds (or sub-lets) a dwelling.
HOUSED = frozenset({"social_tenant", "private_tenant", "subtenant"})


#: Situations of the household (not freins) that call for an objective, and its theme
#: (001 §2.2.1, 004 §9): rent arrears -> plan d'apurement and FSL; other debts or a
#: surendettement file -> plan d'apurement et dettes; a residence permit expiring within
#: 3 months -> its renewal; a social-housing application -> renewed every year.
SITUATION_THEMES: dict[str, str] = {
    "rent_arrears": "repayment_plan",
    "debts": "repayment_plan",
    "overindebtedness_file": "repayment_plan",
    "permit_expiring": "admin_finance",
    "housing_application_renewal": "housing_search",
    "no_housing_application": "housing_search",
}
#: Situations never shown to a landlord: they reveal debts or residence status.
PRIVATE_SITUATIONS = frozenset({"rent_arrears", "debts", "overindebtedness_file", "permit_expiring"})
#: Issue 17: « accès aux droits » is proposed when the rights check flags a benefit as possibly
#: not claimed (objectives_for); it is private, as it reveals the household's resources.
#: Surendettement answers meaning a Banque de France file exists.
OVERINDEBTEDNESS_FILED = frozenset({"in_progress", "plan_agreed"})


@dataclass(frozen=True)
class Objective:
    """One objective of the contract: a theme code, and optionally the actions agreed in the
    worker's own words (which replace the standard commitments of the theme), the freins and
    the situations it was proposed for (SITUATION_THEMES)."""

    code: str
    text: str | None = None
    freins: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    translation: str | None = None  # ``text`` machine-translated into ``translation_locale``
    translation_locale: str | None = None

    def __post_init__(self) -> None:
        if self.code not in THEMES:
            raise ValueError(f"unknown objective theme {self.code!r}; one of {', '.join(THEMES)}")


def propose_objectives(freins: Iterable[str] | None, current_housing: str | None) -> list[Objective]:
    """Objectives for the retained ``freins``, in theme order, each naming its freins.

    A household not yet housed also gets « recherche de logement » (it is why it is
    supported). With no frein at all, the support still has one objective: « prévention des
    impayés » for a household in its dwelling, « accès et installation » otherwise.
    """
    sources: dict[str, list[str]] = {}
    for frein in freins or ():
        for theme in FREIN_THEMES.get(frein, ()):
            sources.setdefault(theme, []).append(frein)
    housed = current_housing in HOUSED
    if not housed and current_housing is not None:
        sources.setdefault("housing_search", [])
    if not sources:
        sources["arrears_prevention" if housed else "access_installation"] = []
    return [Objective(theme, None, tuple(sources[theme])) for theme in THEMES if theme in sources]


def situations(answers: Mapping[str, Any], today: date) -> tuple[str, ...]:
    """The situations of SITUATION_THEMES the answers show, in table order."""
    debts = [d for d in answers.get("debts") or () if isinstance(d, Mapping)]
    landlord_debt = any(d.get("creditor") == "landlord" for d in debts)
    expiry = answers.get("residence_permit_expiry")
    found = {
        "rent_arrears": answers.get("rent_arrears") is True or landlord_debt,
        "debts": any(d.get("creditor") != "landlord" for d in debts),
        "overindebtedness_file": answers.get("overindebtedness") in OVERINDEBTEDNESS_FILED,
        "permit_expiring": isinstance(expiry, date) and residence_right_at_risk(expiry, today),
        "housing_application_renewal": answers.get("social_housing_application") is True,
        "no_housing_application": (answers.get("social_housing_application") is False
                                   and answers.get("current_housing") not in HOUSED),
    }
    return tuple(code for code in SITUATION_THEMES if found[code])


def objectives_for(answers: Mapping[str, Any], today: date,
                   flagged_benefits: Iterable[str] = ()) -> list[Objective]:
    """Objectives proposed from the freins the worker retained and from the household's
    situations (arrears, debts, an expiring permit, a social-housing application…), in theme
    order, each naming the freins and situations it answers. ``flagged_benefits``: the benefit
    codes the rights check flags as possibly not claimed; any -> « accès aux droits »."""
    proposed = {o.code: o for o in propose_objectives(answers.get("freins"), answers.get("current_housing"))}
    found: dict[str, list[str]] = {}
    for situation in situations(answers, today):
        found.setdefault(SITUATION_THEMES[situation], []).append(situation)
    if any(True for _code in flagged_benefits):
        found["access_rights"] = []
    result = []
    for theme in THEMES:
        if theme in proposed or theme in found:
            freins = proposed[theme].freins if theme in proposed else ()
            result.append(Objective(theme, None, freins, tuple(found.get(theme, ()))))
    return result


def is_private(objective: Objective) -> bool:
    """True when ``objective`` reveals health, debts or residence status: its theme is private,
    or one of the freins or situations it was proposed for is."""
    return (objective.code in PRIVATE_THEMES or not PRIVATE_FREINS.isdisjoint(objective.freins)
            or not PRIVATE_SITUATIONS.isdisjoint(objective.situations))
