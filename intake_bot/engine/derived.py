"""Derived figures of the diagnostic, computed from the typed answers: pure functions.

Every function reads ``answers``, the engine's expression context (field id -> typed value:
money ``Decimal``, dates ``date``, yes_no ``bool``, choices ``str`` codes / ``list[str]``,
repeated groups ``list[dict]``). An unanswered, skipped or irrelevant field is ``None`` or
absent; both mean "unknown" here, and an unknown input yields ``None`` (or ``"unknown"``),
never an exception. Amounts are ``Decimal`` throughout; no float is ever produced.

Who is in the household (applies to every figure below):

* the applicant is always counted;
* a member counts when ``lives_here`` is ``permanent`` or ``part_time`` (shared custody), or
  unanswered (a declared member is presumed to live here);
* a member ``joining`` (not yet arrived, e.g. family reunification) is NOT counted in the
  composition, budget or occupation figures, which describe the present household (as the
  annual reports count "ménages présents", 000 §III.d); they are reported as
  ``persons_joining`` so the worker sees the future household size.

Adult / minor: by age on ``today`` when the birth date is known (18+ is adult); otherwise by
relation (``child`` -> minor, ``partner`` / ``other_adult`` -> adult). The applicant is
always an adult.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from intake_bot.engine.dates import add_months, age_on

# --------------------------------------------------------------------------------------------
# Constants (conventions and thresholds). Each threshold is a heuristic for *suggesting* a frein;
# the worker always confirms or removes it (diagnostic.md §8).
# --------------------------------------------------------------------------------------------

#: Days per month used to turn the monthly reste à vivre into a daily figure. 30 is the usual
#: convention of FSL / CCAS grids ("reste à vivre journalier"); it keeps figures comparable
#: whatever the calendar month.
DAYS_PER_MONTH = Decimal(30)

#: Modified OECD equivalence scale (INSEE "unités de consommation"; diagnostic.md §4).
CU_FIRST_ADULT = Decimal("1")
CU_PERSON_14_PLUS = Decimal("0.5")
CU_CHILD_UNDER_14 = Decimal("0.3")
CU_AGE_LIMIT = 14

#: Age from which a person is an adult for the adults / children counts.
ADULT_AGE = 18

#: Age brackets of 001 §7.1: "moins de 25 ans, 25 à 34 ans, 35 à 59 ans, 60 ans et plus".
AGE_BRACKETS: tuple[tuple[int, str], ...] = ((25, "under_25"), (35, "25_34"), (60, "35_59"))
AGE_BRACKET_OLDEST = "60_plus"

#: INSEE "norme de peuplement": a single person aged 19+ (outside the reference couple) needs
#: a room of their own; younger children may share.
OWN_ROOM_AGE = 19
#: INSEE: two children under 19 share a room when of the same sex or both under 7.
SHARED_ROOM_ANY_SEX_AGE = 7
#: Rooms beyond the norm from which a dwelling is "sous-occupé" (INSEE "sous-peuplement
#: prononcé" starts at 2 rooms above the norm; 1 room above is still counted normal here).
UNDER_OCCUPATION_MARGIN = 2

#: Total debts above this many months of total resources suggest "surendettement": debts that
#: cannot be cleared within about a quarter of income are a common rule of thumb for a
#: Banque de France file; local practice may differ (004:602, definitions vary between FSL).
DEBT_MONTHS_OF_RESOURCES = Decimal(3)

#: Reste à vivre per day per consumption unit below this suggests "gestion budgétaire".
#: FSL règlements intérieurs commonly set thresholds of the order of 8-15 € per day per unit;
#: 10 € is a middle value, to adjust to the local règlement (004:602).
BUDGET_MANAGEMENT_THRESHOLD = Decimal("10.00")

#: Moves in the last 5 years from which "instabilité locative" is suggested (001 §2.2.1).
HOUSING_INSTABILITY_MOVES = 3

#: Number of animals from which "nombreux animaux" is suggested (001 §2.2.1).
MANY_ANIMALS = 3

#: A residence permit expiring within this many months (or already expired) risks a rupture of
#: rights (000: "rupture de droit … met en péril l'accès au logement"; diagnostic.md §3).
RESIDENCE_EXPIRY_MONTHS = 3

#: Employment codes counting as being in work (for the insertion frein).
EMPLOYED = frozenset({"cdi", "cdd", "interim", "part_time", "seasonal", "apprenticeship"})
#: Employment codes counting as precarious work (for the "instabilité professionnelle" frein).
PRECARIOUS_EMPLOYMENT = frozenset({"cdd", "interim", "seasonal"})

#: The freins codes in their canonical order (diagnostic.md §8).
FREINS: tuple[str, ...] = (
    "social_professional_integration", "health", "job_instability", "learning_french",
    "budget_management", "income_instability", "overindebtedness", "addictive_behaviour",
    "eviction_episode", "housing_instability", "no_rental_experience", "many_animals",
    "poor_home_upkeep", "neighbour_disturbance", "uncertain_adhesion", "residence_right",
)

COUNTED_LIVES_HERE = frozenset({"permanent", "part_time", None})
ZERO = Decimal("0")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def _items(answers: Mapping[str, Any], field: str) -> list[dict[str, Any]]:
    """The rows of repeated group ``field``; non-dict rows are ignored; None -> []."""
    value = answers.get(field)
    if not isinstance(value, (list, tuple)):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def _money(value: Any) -> Decimal | None:
    """``value`` as a finite Decimal, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return None
    return result if result.is_finite() else None


def _int(value: Any) -> int | None:
    """``value`` as an int, or None when missing / not an integer."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


# --------------------------------------------------------------------------------------------
# Household composition
# --------------------------------------------------------------------------------------------

def present_members(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Members counted in the household: ``lives_here`` permanent, part_time or unanswered."""
    return [m for m in _items(answers, "members") if m.get("lives_here") in COUNTED_LIVES_HERE]


def persons_joining(answers: Mapping[str, Any]) -> int:
    """Number of members declared as ``joining`` (not yet living here, not counted)."""
    return sum(1 for m in _items(answers, "members") if m.get("lives_here") == "joining")


def member_age(member: Mapping[str, Any], today: date) -> int | None:
    """Age of a member on ``today``; None when the birth date is unknown."""
    return age_on(_date(member.get("birth_date")), today)


def is_minor(member: Mapping[str, Any], today: date) -> bool:
    """Whether a member is under 18; unknown birth date -> minor iff relation is ``child``."""
    age = member_age(member, today)
    if age is None:
        return member.get("relation") == "child"
    return age < ADULT_AGE


def count_adults(answers: Mapping[str, Any], today: date) -> int:
    """Adults in the present household: the applicant plus members aged 18+ (see is_minor)."""
    return 1 + sum(1 for m in present_members(answers) if not is_minor(m, today))


def count_children(answers: Mapping[str, Any], today: date) -> int:
    """Minors in the present household (members under 18, see is_minor)."""
    return sum(1 for m in present_members(answers) if is_minor(m, today))


def count_persons(answers: Mapping[str, Any]) -> int:
    """People in the present household: the applicant plus present members."""
    return 1 + len(present_members(answers))


def household_type(answers: Mapping[str, Any], today: date) -> str | None:
    """Household type code (000 §III.d), from the present household.

    * a present ``partner`` -> ``couple_with_children`` when a present ``child`` member exists,
      else ``couple_without_children``;
    * no partner, a present ``child`` -> ``woman_with_children`` / ``man_with_children`` by the
      applicant's sex;
    * applicant alone -> ``single_woman`` / ``single_man``;
    * no partner, no child, but other adult(s) living here (siblings, friends, a parent) ->
      ``other`` (INSEE "ménage complexe").

    Children are members whose relation is ``child`` whatever their age (INSEE: a child lives
    with a parent, no age limit); an adult child still counts in ``adults``. ``other_adult``
    members do not change a family type (a couple hosting a grandparent stays a couple). When
    the type depends on the applicant's sex and it is unknown, the result is None.
    ``today`` is unused (relation decides) and kept for a uniform signature.
    """
    del today
    members = present_members(answers)
    relations = {m.get("relation") for m in members}
    has_children = "child" in relations
    if "partner" in relations:
        return "couple_with_children" if has_children else "couple_without_children"
    if members and not has_children:
        return "other"
    sex = answers.get("sex")
    if sex not in ("female", "male"):
        return None
    woman = sex == "female"
    if has_children:
        return "woman_with_children" if woman else "man_with_children"
    return "single_woman" if woman else "single_man"


def applicant_age(answers: Mapping[str, Any], today: date) -> int | None:
    """Applicant's age in whole years on ``today``; None when the birth date is unknown."""
    return age_on(_date(answers.get("birth_date")), today)


def age_bracket(age: int | None) -> str | None:
    """Bracket of 001 §7.1: under_25 (<25), 25_34, 35_59, 60_plus (>=60); None if unknown."""
    if age is None:
        return None
    for upper, code in AGE_BRACKETS:
        if age < upper:
            return code
    return AGE_BRACKET_OLDEST


def consumption_units(answers: Mapping[str, Any], today: date) -> Decimal:
    """Modified OECD consumption units of the present household.

    1 for the applicant, 0.5 per other person aged 14+, 0.3 per child under 14. A member
    without birth date counts as under 14 when the relation is ``child``, else as 14+.
    Joining members are not counted. Example: couple + children 15 and 8 -> 1+0.5+0.5+0.3 = 2.3.
    """
    units = CU_FIRST_ADULT
    for member in present_members(answers):
        age = member_age(member, today)
        if age is None:
            under_14 = member.get("relation") == "child"
        else:
            under_14 = age < CU_AGE_LIMIT
        units += CU_CHILD_UNDER_14 if under_14 else CU_PERSON_14_PLUS
    return units


# --------------------------------------------------------------------------------------------
# Budget (diagnostic.md §4). All monthly amounts. A repeated group left unanswered (None) is
# unknown -> totals None; an empty list is a real answer ("aucune ressource") -> 0. A row whose
# amount is unanswered counts 0. Every declared line counts, whoever owns it (the ``owner`` of a
# resource is not linked to a particular member, so a joining member's line, if declared, counts).
# --------------------------------------------------------------------------------------------

def _group_total(answers: Mapping[str, Any], group: str, amount_key: str = "amount",
                 types: Iterable[str] | None = None) -> Decimal | None:
    if not isinstance(answers.get(group), (list, tuple)):
        return None
    wanted = None if types is None else set(types)
    return _sum(_money(row.get(amount_key)) for row in _items(answers, group)
                if wanted is None or row.get("type") in wanted)


def total_resources(answers: Mapping[str, Any]) -> Decimal | None:
    """Sum of the monthly ``resources`` amounts (housing benefit included); None if unanswered."""
    return _group_total(answers, "resources")


def total_charges(answers: Mapping[str, Any]) -> Decimal | None:
    """Sum of the monthly ``charges`` amounts (rent included); None if unanswered.

    Debt repayments are counted separately (total_repayments); a flow should not ask for the
    same repayment both as a ``loans`` charge and as a debt plan.
    """
    return _group_total(answers, "charges")


def total_repayments(answers: Mapping[str, Any]) -> Decimal:
    """Monthly repayments of the debts that have a repayment plan (0 when none)."""
    return _sum(_money(d.get("monthly_repayment")) for d in _items(answers, "debts")
                if d.get("repayment_plan") is True)


def total_debts(answers: Mapping[str, Any]) -> Decimal:
    """Sum of the outstanding ``debts`` amounts (0 when none or unanswered)."""
    return _sum(_money(d.get("amount")) for d in _items(answers, "debts"))


def reste_a_vivre(resources: Decimal | None, charges: Decimal | None,
                  repayments: Decimal) -> Decimal | None:
    """Monthly reste à vivre = resources − charges − repayments; None if resources or charges
    are unknown. May be negative (charges exceed resources): that is kept, it is information."""
    if resources is None or charges is None:
        return None
    return resources - charges - repayments


def per_day_per_unit(monthly: Decimal | None, units: Decimal | None) -> Decimal | None:
    """Monthly amount ÷ 30 days ÷ consumption units, to the cent (ROUND_HALF_UP).

    Convention: a month is 30 days (DAYS_PER_MONTH) whatever the calendar. The division is
    done once (monthly / (30 × units)) so there is a single rounding. None if unknown.
    """
    if monthly is None or units is None or units <= 0:
        return None
    return (monthly / (DAYS_PER_MONTH * units)).quantize(CENT, rounding=ROUND_HALF_UP)


def has_housing_cost(answers: Mapping[str, Any]) -> bool:
    """True when the household declares a rent or service charges (a person hosted free of
    rent has none: its taux d'effort is « sans objet »)."""
    return any(isinstance(c, Mapping) and c.get("type") in ("rent", "service_charges")
               for c in _items(answers, "charges"))


def taux_effort(answers: Mapping[str, Any], with_housing_benefit: bool = True) -> Decimal | None:
    """Net housing effort rate in percent, one decimal (ROUND_HALF_UP) (004:601–605).

    (rent + service_charges − housing_benefit) / total_resources × 100, where total_resources
    includes the housing benefit (as in the worked example of the tests) unless
    ``with_housing_benefit`` is False (FSLs differ: a setting, INTAKE_EFFORT_BASE). None when
    resources or charges are unanswered or resources are 0 (or negative). Clamped at 0.0: when
    the housing benefit exceeds rent and charges the household bears no housing cost, and a
    negative rate has no meaning as an indicator.
    """
    resources = total_resources(answers)
    if resources is not None and not with_housing_benefit:
        resources -= _group_total(answers, "resources", types=("housing_benefit",)) or ZERO
    if resources is None or resources <= 0:
        return None
    if not isinstance(answers.get("charges"), (list, tuple)):
        return None
    housing_cost = _group_total(answers, "charges", types=("rent", "service_charges")) or ZERO
    benefit = _group_total(answers, "resources", types=("housing_benefit",)) or ZERO
    net = max(housing_cost - benefit, ZERO)
    return (net * 100 / resources).quantize(TENTH, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------
# Occupation (diagnostic.md §6)
# --------------------------------------------------------------------------------------------

def _children_rooms(children: list[tuple[str | None, int | None]]) -> int:
    """Rooms for children under 19 (sex, age): two share when same sex or both under 7.

    A child of unknown sex or age is assumed able to share with anyone (it does not raise the
    need, so an unknown never creates an over-occupation by itself). Pairing: older children
    (7+) pair by sex; a leftover older child pairs with a young one of the same sex (or with a
    flexible one); the remaining young / flexible children pair together.
    """
    flexible = 0
    young: dict[str, int] = {"female": 0, "male": 0}
    older: dict[str, int] = {"female": 0, "male": 0}
    for sex, age in children:
        if sex not in ("female", "male") or age is None:
            flexible += 1
        elif age < SHARED_ROOM_ANY_SEX_AGE:
            young[sex] += 1
        else:
            older[sex] += 1
    rooms = 0
    for sex in ("female", "male"):
        rooms += older[sex] // 2
        if older[sex] % 2:
            rooms += 1
            if young[sex]:
                young[sex] -= 1
            elif flexible:
                flexible -= 1
    rooms += math.ceil((young["female"] + young["male"] + flexible) / 2)
    return rooms


def rooms_needed(answers: Mapping[str, Any], today: date) -> int:
    """Rooms (pièces, living room included) the present household needs — INSEE norme de
    peuplement, simplified:

    1 living room + 1 room for the applicant (shared with a partner) + 1 per other person aged
    19+ (adult children and other adults included; unknown age: ``child`` -> under 19, others
    -> 19+) + rooms for children under 19, two per room when same sex or both under 7 (see
    _children_rooms). Joining members are not counted.
    """
    rooms = 2
    children: list[tuple[str | None, int | None]] = []
    for member in present_members(answers):
        relation = member.get("relation")
        if relation == "partner":
            continue
        age = member_age(member, today)
        under_19 = relation == "child" if age is None else age < OWN_ROOM_AGE
        if under_19:
            children.append((member.get("sex"), age))
        else:
            rooms += 1
    return rooms + _children_rooms(children)


def occupation(current_rooms: int | None, needed: int) -> str:
    """``over_occupied`` when rooms < needed, ``under_occupied`` when rooms ≥ needed + 2,
    ``normal`` otherwise, ``unknown`` when the number of rooms is unknown or not positive.

    The flow asks ``current_rooms`` only where it is meaningful (own dwelling); it is not
    second-guessed from ``current_housing`` here.
    """
    if current_rooms is None or current_rooms <= 0:
        return "unknown"
    if current_rooms < needed:
        return "over_occupied"
    if current_rooms >= needed + UNDER_OCCUPATION_MARGIN:
        return "under_occupied"
    return "normal"


# --------------------------------------------------------------------------------------------
# Suggested freins (diagnostic.md §8): suggestions only, the worker confirms.
# --------------------------------------------------------------------------------------------

def adult_employments(answers: Mapping[str, Any], today: date) -> list[str | None]:
    """Employment code of every adult of the present household (applicant first); None unknown."""
    result: list[str | None] = [answers.get("employment")]
    result += [m.get("employment") for m in present_members(answers) if not is_minor(m, today)]
    return result


def residence_right_at_risk(expiry: date | None, today: date) -> bool:
    """True when the permit expiry is known and on or before today + 3 months (or past)."""
    if expiry is None:
        return False
    return expiry <= add_months(today, RESIDENCE_EXPIRY_MONTHS)


def debts_excessive(debts: Decimal, resources: Decimal | None) -> bool:
    """True when debts > 3 × monthly resources, or any debt with resources 0.
    False when resources are unknown (no basis for comparison) or there is no debt."""
    if debts <= 0 or resources is None:
        return False
    if resources <= 0:
        return True
    return debts > DEBT_MONTHS_OF_RESOURCES * resources


def suggest_freins(answers: Mapping[str, Any], today: date,
                   rav_per_day_per_unit: Decimal | None = None) -> tuple[str, ...]:
    """Frein codes suggested from the answers, in FREINS order. Rules (an unknown never fires):

    * social_professional_integration: at least one adult's employment is known, none is in
      EMPLOYED (cdi, cdd, interim, part_time, seasonal, apprenticeship), and the known ones are
      not all ``retired`` (a retired household is not sent to professional insertion);
    * health: health_support_need is yes and health_support_in_place is not yes;
    * job_instability: an adult works on a precarious contract (cdd, interim, seasonal);
    * learning_french: french_level is none or few_words;
    * budget_management: reste à vivre per day per consumption unit < 10.00 €
      (BUDGET_MANAGEMENT_THRESHOLD);
    * overindebtedness: overindebtedness is in_progress / plan_agreed / personal_recovery, or
      total debts > 3 × monthly resources, or any debt with resources 0 (debts_excessive);
    * eviction_episode: past_eviction is yes, or eviction_stage is a stage other than none;
    * housing_instability: moves_last_5_years ≥ 3;
    * no_rental_experience: ever_own_lease is no (False, not unanswered);
    * many_animals: animals ≥ 3;
    * poor_home_upkeep: home_upkeep is real_difficulty;
    * neighbour_disturbance: neighbour_relations is complaints_received;
    * uncertain_adhesion: adhesion is to_build or refusal;
    * residence_right: residence_permit_expiry on or before today + 3 months (or past).

    income_instability and addictive_behaviour are never suggested (no answer supports them);
    the worker adds them. ``rav_per_day_per_unit`` is computed when not given.
    """
    found: set[str] = set()

    employments = [e for e in adult_employments(answers, today) if e is not None]
    if employments and not any(e in EMPLOYED for e in employments) \
            and not all(e == "retired" for e in employments):
        found.add("social_professional_integration")
    if any(e in PRECARIOUS_EMPLOYMENT for e in employments):
        found.add("job_instability")

    if answers.get("health_support_need") is True \
            and answers.get("health_support_in_place") is not True:
        found.add("health")
    if answers.get("french_level") in ("none", "few_words"):
        found.add("learning_french")

    if rav_per_day_per_unit is None:
        rav_per_day_per_unit = per_day_per_unit(
            reste_a_vivre(total_resources(answers), total_charges(answers),
                          total_repayments(answers)),
            consumption_units(answers, today))
    if rav_per_day_per_unit is not None and rav_per_day_per_unit < BUDGET_MANAGEMENT_THRESHOLD:
        found.add("budget_management")

    if answers.get("overindebtedness") not in (None, "none") \
            or debts_excessive(total_debts(answers), total_resources(answers)):
        found.add("overindebtedness")
    if answers.get("past_eviction") is True or answers.get("eviction_stage") not in (None, "none"):
        found.add("eviction_episode")
    moves = _int(answers.get("moves_last_5_years"))
    if moves is not None and moves >= HOUSING_INSTABILITY_MOVES:
        found.add("housing_instability")
    if answers.get("ever_own_lease") is False:
        found.add("no_rental_experience")
    animals = _int(answers.get("animals"))
    if animals is not None and animals >= MANY_ANIMALS:
        found.add("many_animals")
    if answers.get("home_upkeep") == "real_difficulty":
        found.add("poor_home_upkeep")
    if answers.get("neighbour_relations") == "complaints_received":
        found.add("neighbour_disturbance")
    if answers.get("adhesion") in ("to_build", "refusal"):
        found.add("uncertain_adhesion")
    if residence_right_at_risk(_date(answers.get("residence_permit_expiry")), today):
        found.add("residence_right")

    return tuple(code for code in FREINS if code in found)


# --------------------------------------------------------------------------------------------
# All together
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """Derived figures of one diagnostic (see the module docstring for who is counted)."""

    household_type: str | None
    adults: int
    children: int
    persons: int
    persons_joining: int
    applicant_age: int | None
    age_bracket: str | None
    consumption_units: Decimal
    total_resources: Decimal | None
    total_charges: Decimal | None
    total_repayments: Decimal
    total_debts: Decimal
    reste_a_vivre: Decimal | None
    reste_a_vivre_per_day_per_unit: Decimal | None
    taux_effort: Decimal | None
    rooms_needed: int
    current_rooms: int | None
    occupation: str
    suggested_freins: tuple[str, ...]


def compute_figures(answers: Mapping[str, Any], today: date) -> Figures:
    """Every derived figure from the typed ``answers`` on ``today``; never raises on gaps."""
    answers = answers or {}
    age = applicant_age(answers, today)
    units = consumption_units(answers, today)
    resources = total_resources(answers)
    charges = total_charges(answers)
    repayments = total_repayments(answers)
    rav = reste_a_vivre(resources, charges, repayments)
    rav_day = per_day_per_unit(rav, units)
    needed = rooms_needed(answers, today)
    rooms = _int(answers.get("current_rooms"))
    return Figures(
        household_type=household_type(answers, today),
        adults=count_adults(answers, today),
        children=count_children(answers, today),
        persons=count_persons(answers),
        persons_joining=persons_joining(answers),
        applicant_age=age,
        age_bracket=age_bracket(age),
        consumption_units=units,
        total_resources=resources,
        total_charges=charges,
        total_repayments=repayments,
        total_debts=total_debts(answers),
        reste_a_vivre=rav,
        reste_a_vivre_per_day_per_unit=rav_day,
        taux_effort=taux_effort(answers),
        rooms_needed=needed,
        current_rooms=rooms,
        occupation=occupation(rooms, needed),
        suggested_freins=suggest_freins(answers, today, rav_day),
    )
