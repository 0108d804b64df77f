"""From the diagnostic's typed answers to an openfisca-france situation: pure, no openfisca.

Who is who (the CAF's "foyer allocataire" is openfisca's ``famille``):

* the applicant is the reference person of the dwelling (``menage.personne_de_reference``) and
  the claimant of the family (``famille.parents[0]``);
* a present ``partner`` member is the spouse (``conjoint``) and the second parent;
* a present ``child`` member under 25 (or of unknown age) is a dependent child of the family
  (``famille.enfants``, ``menage.enfants``); openfisca applies each benefit's own age limit
  (20 for AF, 21 for housing aid, 25 for RSA); a child in shared custody (``part_time``) has
  ``garde_alternee``;
* every other present member (an adult child of 25+, an ``other_adult``) is neither parent nor
  child of the claimant: each is a family of their own and an ``autre`` of the dwelling;
* members who are ``joining`` (not arrived yet) are left out, as in engine.derived.

Resources are monthly and assumed constant over the past 36 months (openfisca reads the last
3 months for RSA and prime d'activité, the last 12 for housing aid, year N-2 for the means
test of family benefits). A resource line's ``owner`` names the applicant, the partner or
"another member"; the latter goes to the oldest present member who is neither the applicant nor
the partner. Declared benefits are not inputs: openfisca computes them; they are what the
estimate is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from intake_bot.engine.dates import add_months, age_on

#: Age from which a child of the applicant is no longer counted as a dependant of the family
#: (the RSA's limit, the highest of the benefits covered).
DEPENDENT_CHILD_AGE = 25
#: Months of resource history given to openfisca (N-2 means tests read up to 35 months back).
HISTORY_MONTHS = 36

#: Resource type of the budget -> (openfisca monthly net variable, taxable variable or None).
RESOURCE_INPUTS: dict[str, tuple[str, str | None]] = {
    "salary": ("salaire_net", "salaire_imposable"),
    "unemployment_benefit": ("chomage_net", "chomage_imposable"),
    "retirement_pension": ("retraite_nette", "retraite_imposable"),
    "invalidity_pension": ("pensions_invalidite", None),
    "alimony_received": ("pensions_alimentaires_percues", None),
    "daily_allowances": ("indemnites_journalieres", None),
    "grant": ("bourse_enseignement_sup", None),
}
#: Declared resource types that are benefits the model computes itself (not inputs).
COMPUTED_TYPES = frozenset({"rsa", "activity_bonus", "aah", "family_allowances",
                            "family_supplement", "asf", "paje", "housing_benefit"})

#: current_housing -> openfisca statut_occupation_logement.
HOUSING_STATUS: dict[str, str] = {
    "social_tenant": "locataire_hlm",
    "private_tenant": "locataire_vide",
    "subtenant": "locataire_vide",
    "social_residence": "locataire_foyer",
    "family_boarding_house": "locataire_foyer",
    "hosted_family": "loge_gratuitement",
    "alt": "loge_gratuitement",
    "chrs": "sans_domicile", "chu": "sans_domicile", "cada_huda": "sans_domicile",
    "cph": "sans_domicile", "hotel_115": "sans_domicile", "squat": "sans_domicile",
    "street": "sans_domicile", "hospital": "sans_domicile", "prison": "sans_domicile",
}
#: Housing situations where a housing aid can be paid to the household (rent or fee paid).
RENTING = frozenset({"social_tenant", "private_tenant", "subtenant", "social_residence",
                     "family_boarding_house"})

#: employment code -> openfisca ``activite``.
ACTIVITY = {
    "cdi": "actif", "cdd": "actif", "interim": "actif", "part_time": "actif",
    "seasonal": "actif", "apprenticeship": "actif", "training": "inactif",
    "jobseeker_registered": "chomeur", "unemployed_not_registered": "inactif",
    "retired": "retraite", "invalidity_sick_leave": "inactif", "student": "etudiant",
    "other": "inactif",
}
#: Residence statuses that close RSA, prime d'activité, housing aid and family benefits.
NO_RIGHTS_STATUSES = frozenset({"asylum_seeker", "no_permit"})
#: Statuses where the RSA's 5-year permit condition cannot be checked from the answers.
PERMIT_AGE_UNKNOWN = frozenset({"multi_year_card", "temporary_card", "receipt", "aps", "other"})
#: family_status -> openfisca statut_marital of the applicant.
MARITAL = {"single": "celibataire", "married": "marie", "pacs": "pacse", "cohabiting": "celibataire",
           "separated": "marie", "divorced": "divorce", "widowed": "veuf"}
#: Jointly taxed couples (one foyer fiscal).
JOINT_TAX = frozenset({"married", "pacs"})

ZERO = Decimal(0)


@dataclass(frozen=True)
class Person:
    """One present person as openfisca sees them: id, role, birth date, shared custody."""

    id: str
    role: str  # applicant | partner | child | other
    birth_date: date | None
    index: int | None = None  # 0-based index in ``members`` (None for the applicant)
    shared_custody: bool = False


@dataclass(frozen=True)
class Composition:
    """The present household split into the claimant's family and the other people."""

    applicant: Person
    partner: Person | None
    children: tuple[Person, ...]
    others: tuple[Person, ...]

    @property
    def people(self) -> tuple[Person, ...]:
        """Everyone, applicant first."""
        partner = (self.partner,) if self.partner else ()
        return (self.applicant, *partner, *self.children, *self.others)


def _rows(answers: Mapping[str, Any], group: str) -> list[Mapping[str, Any]]:
    value = answers.get(group)
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, (list, tuple)) else []


def composition(answers: Mapping[str, Any], on: date) -> Composition:
    """Who is the reference person, the partner, a dependent child, someone else (see module
    docstring). The first present partner is the partner; a second one is counted as ``other``."""
    applicant = Person("demandeur", "applicant", answers.get("birth_date"))
    partner, children, others = None, [], []
    for index, member in enumerate(_rows(answers, "members")):
        if member.get("lives_here") == "joining":
            continue
        person_id = f"membre_{index + 1}"
        birth = member.get("birth_date") if isinstance(member.get("birth_date"), date) else None
        relation = member.get("relation")
        age = age_on(birth, on)
        if relation == "partner" and partner is None:
            partner = Person(person_id, "partner", birth, index)
        elif relation == "child" and (age is None or age < DEPENDENT_CHILD_AGE):
            children.append(Person(person_id, "child", birth, index,
                                   member.get("lives_here") == "part_time"))
        else:
            others.append(Person(person_id, "other", birth, index))
    return Composition(applicant, partner, tuple(children), tuple(others))


def legislation_month(answers: Mapping[str, Any], today: date) -> date:
    """The first day of the month whose legislation is applied: the diagnostic date's month,
    else today's month."""
    day = answers.get("diagnostic_date")
    day = day if isinstance(day, date) else today
    return day.replace(day=1)


def months(month: date, count: int = HISTORY_MONTHS) -> list[str]:
    """``count`` months ending with ``month``, as openfisca periods (``2026-06``)."""
    return [add_months(month, -back).strftime("%Y-%m") for back in range(count - 1, -1, -1)]


def _owner_person(owner: Any, comp: Composition) -> Person:
    if owner == "partner" and comp.partner:
        return comp.partner
    if owner == "other_member":
        rest = comp.children + comp.others
        dated = sorted((p for p in rest if p.birth_date), key=lambda p: p.birth_date)
        if dated or rest:
            return (dated or list(rest))[0]
    return comp.applicant


def resources_by_person(answers: Mapping[str, Any], comp: Composition) -> dict[str, dict[str, Decimal]]:
    """person id -> openfisca input variable -> monthly amount (inputs only, not benefits)."""
    result: dict[str, dict[str, Decimal]] = {}
    for row in _rows(answers, "resources"):
        kind, amount = row.get("type"), row.get("amount")
        if kind not in RESOURCE_INPUTS or not isinstance(amount, Decimal):
            continue
        person = _owner_person(row.get("owner"), comp)
        for variable in RESOURCE_INPUTS[kind]:
            if variable:
                bucket = result.setdefault(person.id, {})
                bucket[variable] = bucket.get(variable, ZERO) + amount
    return result


def declared(answers: Mapping[str, Any]) -> dict[str, Decimal] | None:
    """Declared monthly amount per resource type (None when the resources were not answered;
    {} is "no resource", a real answer)."""
    if not isinstance(answers.get("resources"), (list, tuple)):
        return None
    totals: dict[str, Decimal] = {}
    for row in _rows(answers, "resources"):
        amount = row.get("amount")
        if row.get("type") and isinstance(amount, Decimal):
            totals[row["type"]] = totals.get(row["type"], ZERO) + amount
    return totals


def rent(answers: Mapping[str, Any]) -> Decimal | None:
    """Monthly rent (charges excluded) declared in the budget; None when not declared."""
    lines = [r.get("amount") for r in _rows(answers, "charges")
             if r.get("type") == "rent" and isinstance(r.get("amount"), Decimal)]
    return sum(lines, ZERO) if lines else None


def _number(value: Decimal) -> float:
    return float(value)  # openfisca takes JSON numbers; Decimal comes back in results


def situation(answers: Mapping[str, Any], month: date, depcom: str | None = None) -> dict[str, Any]:
    """The openfisca-france situation (JSON-safe) of the present household for ``month``.

    ``depcom`` is the INSEE code of the home's commune when known (sets the housing aid zone).
    """
    comp = composition(answers, month)
    periods = months(month)
    money = resources_by_person(answers, comp)
    people: dict[str, dict[str, Any]] = {}
    for person in comp.people:
        entry: dict[str, Any] = {}
        if person.birth_date:
            entry["date_naissance"] = {"ETERNITY": person.birth_date.isoformat()}
        if person.shared_custody:
            entry["garde_alternee"] = {p: True for p in periods}
        for variable, amount in money.get(person.id, {}).items():
            entry[variable] = {p: _number(amount) for p in periods}
        people[person.id] = entry
    _applicant_facts(answers, people["demandeur"], periods)
    if comp.partner:
        employment = _rows(answers, "members")[comp.partner.index].get("employment")
        if employment in ACTIVITY:
            people[comp.partner.id]["activite"] = {p: ACTIVITY[employment] for p in periods}
    return {
        "individus": people,
        "familles": _familles(comp),
        "foyers_fiscaux": _foyers(answers, comp),
        "menages": {"menage": _menage(answers, comp, periods, depcom)},
    }


def _applicant_facts(answers: Mapping[str, Any], entry: dict[str, Any], periods: list[str]) -> None:
    if answers.get("employment") in ACTIVITY:
        entry["activite"] = {p: ACTIVITY[answers["employment"]] for p in periods}
    if answers.get("family_status") in MARITAL:
        entry["statut_marital"] = {p: MARITAL[answers["family_status"]] for p in periods}
    if "aah" in (answers.get("disability_recognition") or ()):
        entry["taux_incapacite"] = {p: 0.8 for p in periods}  # AAH granted: rate of 80 % assumed


def _familles(comp: Composition) -> dict[str, Any]:
    parents = [comp.applicant.id] + ([comp.partner.id] if comp.partner else [])
    familles = {"famille": {"parents": parents, "enfants": [c.id for c in comp.children]}}
    for other in comp.others:
        familles[f"famille_{other.id}"] = {"parents": [other.id]}
    return familles


def _foyers(answers: Mapping[str, Any], comp: Composition) -> dict[str, Any]:
    joint = comp.partner and answers.get("family_status") in JOINT_TAX
    declarants = [comp.applicant.id] + ([comp.partner.id] if joint else [])
    foyers = {"foyer": {"declarants": declarants,
                        "personnes_a_charge": [c.id for c in comp.children]}}
    alone = ([comp.partner] if comp.partner and not joint else []) + list(comp.others)
    for person in alone:
        foyers[f"foyer_{person.id}"] = {"declarants": [person.id]}
    return foyers


def _menage(answers: Mapping[str, Any], comp: Composition, periods: list[str],
            depcom: str | None) -> dict[str, Any]:
    menage: dict[str, Any] = {
        "personne_de_reference": [comp.applicant.id],
        "conjoint": [comp.partner.id] if comp.partner else [],
        "enfants": [c.id for c in comp.children],
        "autres": [o.id for o in comp.others],
    }
    housing = answers.get("current_housing")
    if housing in HOUSING_STATUS:
        menage["statut_occupation_logement"] = {p: HOUSING_STATUS[housing] for p in periods}
    amount = rent(answers)
    if housing in RENTING and amount is not None:
        menage["loyer"] = {p: _number(amount) for p in periods}
    if depcom:
        menage["depcom"] = {p: depcom for p in periods}
    return menage
