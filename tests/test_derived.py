"""Derived figures: hand-worked cases, the arithmetic written out in the comments."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import date
from decimal import Decimal as D

import pytest

from intake_bot.engine import derived
from intake_bot.engine.derived import (
    FREINS, Figures, age_bracket, compute_figures, consumption_units, household_type,
    occupation, per_day_per_unit, rooms_needed, suggest_freins, taux_effort,
)

TODAY = date(2025, 6, 15)


def born(years: int, *, days_before_birthday: int = 0) -> date:
    """Birth date of someone exactly ``years`` old today (birthday today), or who turns
    ``years + 1`` in ``days_before_birthday`` days when that is > 0 (still ``years`` old)."""
    if days_before_birthday:
        # birthday tomorrow (June 16): not yet years+1, so still `years`
        assert days_before_birthday == 1
        return date(TODAY.year - years - 1, 6, 16)
    return date(TODAY.year - years, TODAY.month, TODAY.day)


def member(relation: str, age: int | None = None, sex: str | None = None,
           lives_here: str | None = "permanent", **extra) -> dict:
    return {"relation": relation, "first_name": "X", "last_name": "Y", "sex": sex,
            "birth_date": None if age is None else born(age), "lives_here": lives_here, **extra}


def res(type_: str, amount: str, owner: str = "applicant") -> dict:
    return {"type": type_, "amount": D(amount), "owner": owner}


def charge(type_: str, amount: str) -> dict:
    return {"type": type_, "amount": D(amount)}


def debt(creditor: str, amount: str, plan: bool = False, monthly: str | None = None) -> dict:
    return {"creditor": creditor, "amount": D(amount), "repayment_plan": plan,
            "monthly_repayment": None if monthly is None else D(monthly)}


# ---------------------------------------------------------------------------------------------
# The main worked case
# ---------------------------------------------------------------------------------------------

COUPLE_TWO_CHILDREN = {
    "sex": "female", "birth_date": date(1988, 2, 1),          # 37 on 2025-06-15 -> 35_59
    "employment": "part_time", "french_level": "everyday",
    "members": [
        member("partner", 40, "male", employment="jobseeker_registered"),
        member("child", 15, "female"),                          # 14+ -> 0.5 CU, room: older girl
        member("child", 8, "male"),                             # <14 -> 0.3 CU, room: older boy
    ],
    "resources": [
        res("salary", "1400.00"),
        res("family_allowances", "150.00"),
        res("housing_benefit", "300.00"),                       # total 1 850.00
    ],
    "charges": [
        charge("rent", "620.00"), charge("service_charges", "80.00"),   # housing 700
        charge("energy", "110.00"), charge("water", "30.00"),
        charge("home_insurance", "20.00"), charge("phone_internet", "40.00"),
        charge("transport", "50.00"),                           # total 950.00
    ],
    "debts": [
        debt("energy", "600.00", plan=True, monthly="50.00"),   # repayment 50 / month
        debt("bank", "1000.00", plan=False, monthly="80.00"),   # no plan: not repaid monthly
    ],                                                          # debts 1 600 < 3 × 1 850
    "current_rooms": 4,
    "overindebtedness": "none", "ever_own_lease": True, "moves_last_5_years": 1,
}


def test_couple_with_two_children_worked_case():
    f = compute_figures(COUPLE_TWO_CHILDREN, TODAY)
    assert f.household_type == "couple_with_children"
    assert (f.adults, f.children, f.persons, f.persons_joining) == (2, 2, 4, 0)
    assert (f.applicant_age, f.age_bracket) == (37, "35_59")
    # CU = 1 + 0.5 (partner) + 0.5 (15 y) + 0.3 (8 y) = 2.3
    assert f.consumption_units == D("2.3")
    assert f.total_resources == D("1850.00")
    assert f.total_charges == D("950.00")
    assert f.total_repayments == D("50.00")
    assert f.total_debts == D("1600.00")
    # RAV = 1 850 − 950 − 50 = 850
    assert f.reste_a_vivre == D("850.00")
    # 850 / 30 / 2.3 = 850 / 69 = 12.3188… -> 12.32
    assert f.reste_a_vivre_per_day_per_unit == D("12.32")
    # taux = (620 + 80 − 300) / 1 850 × 100 = 400 / 1 850 × 100 = 21.62… -> 21.6
    assert f.taux_effort == D("21.6")
    # rooms = 1 living + 1 couple + girl 15 and boy 8 (both 7+, different sexes: 2 rooms) = 4
    assert f.rooms_needed == 4
    assert f.occupation == "normal"
    # applicant part_time is in work; RAV 12.32 ≥ 10; nothing else fires
    assert f.suggested_freins == ()


def test_figures_is_frozen_and_amounts_are_decimals():
    f = compute_figures(COUPLE_TWO_CHILDREN, TODAY)
    with pytest.raises(FrozenInstanceError):
        f.adults = 3  # type: ignore[misc]
    for field in fields(Figures):
        assert not isinstance(getattr(f, field.name), float), field.name


def test_empty_answers_never_crash():
    f = compute_figures({}, TODAY)
    assert f.household_type is None            # applicant alone, sex unknown
    assert (f.adults, f.children, f.persons, f.persons_joining) == (1, 0, 1, 0)
    assert f.applicant_age is None and f.age_bracket is None
    assert f.consumption_units == D("1")
    assert f.total_resources is None and f.total_charges is None
    assert f.total_repayments == D("0") and f.total_debts == D("0")
    assert f.reste_a_vivre is None and f.reste_a_vivre_per_day_per_unit is None
    assert f.taux_effort is None
    assert f.rooms_needed == 2 and f.current_rooms is None and f.occupation == "unknown"
    assert f.suggested_freins == ()


def test_rows_with_missing_amounts_count_zero():
    answers = {"resources": [{"type": "salary", "amount": None, "owner": "applicant"}, None],
               "charges": [{"type": "rent", "amount": None}],
               "debts": [{"creditor": "bank", "amount": None, "repayment_plan": True,
                          "monthly_repayment": None}],
               "members": [None, {"relation": None}]}
    f = compute_figures(answers, TODAY)
    assert f.total_resources == D("0") and f.total_charges == D("0")
    assert f.taux_effort is None                # resources 0
    assert f.persons == 2                       # the dict member with unknown relation counts


# ---------------------------------------------------------------------------------------------
# Household type
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sex, members, expected", [
    # applicant alone
    ("female", [], "single_woman"),
    ("male", [], "single_man"),
    (None, [], None),                                                  # sex unknown
    # one parent
    ("female", [member("child", 4)], "woman_with_children"),
    ("male", [member("child", 4), member("child", 9)], "man_with_children"),
    (None, [member("child", 4)], None),
    # an adult child still makes "with children" (INSEE family, no age limit)
    ("female", [member("child", 22)], "woman_with_children"),
    # couples: sex not needed
    ("male", [member("partner", 30)], "couple_without_children"),
    (None, [member("partner", 30)], "couple_without_children"),
    ("female", [member("partner", 30), member("child", 2)], "couple_with_children"),
    # other adults do not change a family nucleus…
    ("female", [member("partner", 30), member("other_adult", 70)], "couple_without_children"),
    ("female", [member("child", 5), member("other_adult", 70)], "woman_with_children"),
    # …but without one the household is "other" (ménage complexe)
    ("female", [member("other_adult", 30)], "other"),
    # joining members are not in the present household
    ("female", [member("partner", 30, lives_here="joining")], "single_woman"),
    ("male", [member("child", 3, lives_here="joining")], "single_man"),
    # shared custody counts; unanswered lives_here counts
    ("male", [member("child", 6, lives_here="part_time")], "man_with_children"),
    ("male", [member("partner", 33, lives_here=None)], "couple_without_children"),
])
def test_household_type(sex, members, expected):
    assert household_type({"sex": sex, "members": members}, TODAY) == expected


def test_adults_and_children_counts():
    answers = {"members": [
        member("partner", 35),
        member("child", 18),             # 18 today: adult
        member("child", 17),             # minor
        member("child", None),           # unknown birth date, child: minor
        member("other_adult", None),     # unknown birth date, other adult: adult
        member("child", 3, lives_here="joining"),   # not counted, reported apart
    ]}
    f = compute_figures(answers, TODAY)
    # adults: applicant + partner + child 18 + other adult = 4; minors: 17 + unknown = 2
    assert (f.adults, f.children, f.persons, f.persons_joining) == (4, 2, 6, 1)


# ---------------------------------------------------------------------------------------------
# Age brackets at the boundaries (001 §7.1)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, age, bracket", [
    (born(25), 25, "25_34"),                            # 25th birthday today
    (born(24, days_before_birthday=1), 24, "under_25"),  # 25th birthday tomorrow
    (born(35), 35, "35_59"),
    (born(34, days_before_birthday=1), 34, "25_34"),
    (born(60), 60, "60_plus"),
    (born(59, days_before_birthday=1), 59, "35_59"),
    (born(17), 17, "under_25"),
    (born(90), 90, "60_plus"),
    (None, None, None),
])
def test_age_bracket_boundaries(birth, age, bracket):
    f = compute_figures({"birth_date": birth}, TODAY)
    assert (f.applicant_age, f.age_bracket) == (age, bracket)


def test_age_bracket_function():
    assert [age_bracket(a) for a in (0, 24, 25, 34, 35, 59, 60)] == [
        "under_25", "under_25", "25_34", "25_34", "35_59", "35_59", "60_plus"]


# ---------------------------------------------------------------------------------------------
# Consumption units
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("members, expected", [
    ([], "1"),                                                    # applicant alone
    ([member("child", 14)], "1.5"),                               # 14 today: 1 + 0.5
    ([{**member("child"), "birth_date": date(2011, 6, 16)}], "1.3"),  # 14 tomorrow: 1 + 0.3
    ([member("child", None)], "1.3"),                             # unknown child: under 14
    ([member("other_adult", None)], "1.5"),                       # unknown adult: 14+
    ([member("partner", None)], "1.5"),                           # unknown partner: 14+
    # couple + 3 children 16, 10, 1 + grandmother: 1 + .5 + .5 + .3 + .3 + .5 = 3.1
    ([member("partner", 40), member("child", 16), member("child", 10), member("child", 1),
      member("other_adult", 70)], "3.1"),
    # joining child not counted: 1 + 0.3 (present child) = 1.3
    ([member("child", 5), member("child", 7, lives_here="joining")], "1.3"),
])
def test_consumption_units(members, expected):
    assert consumption_units({"members": members}, TODAY) == D(expected)


# ---------------------------------------------------------------------------------------------
# Budget: reste à vivre, taux d'effort
# ---------------------------------------------------------------------------------------------

def test_no_resources_taux_is_none_and_rav_negative():
    answers = {"sex": "male", "resources": [],               # "aucune ressource": a real answer
               "charges": [charge("phone_internet", "15.00")]}
    f = compute_figures(answers, TODAY)
    assert f.total_resources == D("0")
    assert f.taux_effort is None
    # RAV = 0 − 15 = −15; per day per CU = −15 / 30 / 1 = −0.50
    assert f.reste_a_vivre == D("-15.00")
    assert f.reste_a_vivre_per_day_per_unit == D("-0.50")
    assert "budget_management" in f.suggested_freins


def test_unanswered_resources_are_unknown_not_zero():
    f = compute_figures({"charges": [charge("rent", "400")]}, TODAY)
    assert f.total_resources is None and f.reste_a_vivre is None and f.taux_effort is None
    assert "budget_management" not in f.suggested_freins


def test_taux_effort_clamped_at_zero_when_benefit_exceeds_housing_cost():
    # rent 250 + charges 20 = 270; APL 300 -> 270 − 300 = −30 -> clamped to 0.0
    answers = {"resources": [res("rsa", "600"), res("housing_benefit", "300")],
               "charges": [charge("rent", "250"), charge("service_charges", "20")]}
    assert taux_effort(answers) == D("0.0")


def test_taux_effort_without_rent_is_zero_and_other_charges_ignored():
    # hosted by family: no rent line; energy is not in the taux -> 0 / 900 = 0.0
    answers = {"resources": [res("salary", "900")], "charges": [charge("energy", "60")]}
    assert taux_effort(answers) == D("0.0")
    # charges unanswered -> unknown
    assert taux_effort({"resources": [res("salary", "900")]}) is None


def test_taux_effort_rounds_half_up():
    # (rent 325 − APL 200) / (1 800 + 200) × 100 = 125 / 2 000 × 100 = 6.25 -> 6.3 (not 6.2)
    answers = {"resources": [res("salary", "1800"), res("housing_benefit", "200")],
               "charges": [charge("rent", "325")]}
    assert taux_effort(answers) == D("6.3")


def test_per_day_rounds_half_up_with_a_single_rounding():
    # 0.15 / 30 / 1 = 0.005 -> 0.01 ; −0.15 -> −0.005 -> −0.01 (away from zero)
    assert per_day_per_unit(D("0.15"), D("1")) == D("0.01")
    assert per_day_per_unit(D("-0.15"), D("1")) == D("-0.01")
    # 1 000 / 30 / 1.8 = 1 000 / 54 = 18.518… -> 18.52
    assert per_day_per_unit(D("1000"), D("1.8")) == D("18.52")
    assert per_day_per_unit(None, D("1")) is None


def test_repayments_only_with_a_plan():
    answers = {"resources": [res("salary", "1500")], "charges": [charge("rent", "500")],
               "debts": [debt("landlord", "900", plan=True, monthly="100"),
                         debt("caf_overpayment", "300", plan=True, monthly=None),
                         debt("phone", "200", plan=False, monthly="30")]}
    f = compute_figures(answers, TODAY)
    assert f.total_repayments == D("100")
    assert f.total_debts == D("1400")
    # RAV = 1 500 − 500 − 100 = 900; 900 / 30 / 1 = 30.00
    assert f.reste_a_vivre == D("900")
    assert f.reste_a_vivre_per_day_per_unit == D("30.00")


def test_joining_members_excluded_from_budget_figures():
    # single mother, one child 6 here, partner and child 10 joining
    answers = {"sex": "female", "members": [
        member("child", 6), member("partner", 35, lives_here="joining"),
        member("child", 10, lives_here="joining")],
        "resources": [res("salary", "1300")], "charges": [charge("rent", "550")],
        "current_rooms": 3}
    f = compute_figures(answers, TODAY)
    assert f.household_type == "woman_with_children"
    assert (f.persons, f.persons_joining, f.adults, f.children) == (2, 2, 1, 1)
    assert f.consumption_units == D("1.3")          # 1 + 0.3
    # RAV = 1 300 − 550 = 750; 750 / 30 / 1.3 = 750 / 39 = 19.230… -> 19.23
    assert f.reste_a_vivre_per_day_per_unit == D("19.23")
    # rooms = 1 living + 1 mother + 1 (child 6) = 3 -> normal
    assert f.rooms_needed == 3 and f.occupation == "normal"


# ---------------------------------------------------------------------------------------------
# Occupation (INSEE norme de peuplement, simplified)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("members, needed", [
    ([], 2),                                                           # séjour + applicant
    ([member("partner", 30)], 2),                                      # couple shares
    ([member("child", 10, "female"), member("child", 12, "female")], 3),   # same sex share
    ([member("child", 10, "female"), member("child", 12, "male")], 4),     # 7+, mixed: 2 rooms
    ([member("child", 5, "male"), member("child", 3, "female")], 3),       # both < 7 share
    ([member("child", 6, "male"), member("child", 7, "female")], 4),       # one is 7: no
    # girl 10, boy 12, boy 4: boy 12 + boy 4 share, girl alone -> 2 + 2 = 4
    ([member("child", 10, "female"), member("child", 12, "male"),
      member("child", 4, "male")], 4),
    # three girls 8, 9, 11 -> ceil(3/2) = 2 rooms -> 4
    ([member("child", 8, "female"), member("child", 9, "female"),
      member("child", 11, "female")], 4),
    ([member("child", 19, "male")], 3),                                # 19+: own room
    ([member("child", 18, "male"), member("child", 16, "male")], 3),  # both < 19, same sex
    ([member("other_adult", None)], 3),                               # unknown-age adult: own room
    ([member("child", None), member("child", 12, "male")], 3),         # unknown child shares
    ([member("child", 12, "male", lives_here="joining")], 2),          # joining: not counted
])
def test_rooms_needed(members, needed):
    assert rooms_needed({"members": members}, TODAY) == needed


@pytest.mark.parametrize("rooms, needed, expected", [
    (None, 2, "unknown"), (0, 2, "unknown"),
    (1, 2, "over_occupied"),        # single person in a studio counted 1 room < 2
    (2, 2, "normal"), (3, 2, "normal"),                 # +1 room: still normal
    (4, 2, "under_occupied"),                           # ≥ needed + 2
    (3, 4, "over_occupied"), (6, 4, "under_occupied"), (5, 4, "normal"),
])
def test_occupation(rooms, needed, expected):
    assert occupation(rooms, needed) == expected


def test_occupation_in_figures_over_occupied_family():
    # couple + boy 9 + girl 11 in a T2 (2 rooms): need 1 + 1 + 2 = 4 -> over
    answers = {"members": [member("partner", 30), member("child", 9, "male"),
                           member("child", 11, "female")], "current_rooms": 2}
    f = compute_figures(answers, TODAY)
    assert (f.rooms_needed, f.current_rooms, f.occupation) == (4, 2, "over_occupied")


# ---------------------------------------------------------------------------------------------
# Suggested freins: each rule, both sides of its threshold
# ---------------------------------------------------------------------------------------------

def freins(**answers) -> tuple[str, ...]:
    return suggest_freins(answers, TODAY)


@pytest.mark.parametrize("answers, fires", [
    ({"ever_own_lease": False}, True),
    ({"ever_own_lease": True}, False),
    ({"ever_own_lease": None}, False),
])
def test_no_rental_experience(answers, fires):
    assert ("no_rental_experience" in freins(**answers)) is fires


@pytest.mark.parametrize("expiry, fires", [
    (date(2025, 9, 15), True),     # today + 3 months exactly
    (date(2025, 9, 16), False),    # one day later
    (date(2025, 6, 15), True),     # today
    (date(2024, 1, 1), True),      # already expired
    (None, False),
])
def test_residence_right(expiry, fires):
    assert ("residence_right" in freins(residence_permit_expiry=expiry)) is fires


@pytest.mark.parametrize("answers, fires", [
    # resources 1 000: threshold 3 × 1 000 = 3 000
    ({"resources": [res("salary", "1000")], "debts": [debt("bank", "3000.00")]}, False),
    ({"resources": [res("salary", "1000")], "debts": [debt("bank", "2000"),
                                                      debt("energy", "1000.01")]}, True),
    # no resources: any debt
    ({"resources": [], "debts": [debt("phone", "1")]}, True),
    ({"resources": [], "debts": []}, False),
    # resources unknown: no basis to compare
    ({"debts": [debt("bank", "50000")]}, False),
    # declared procedure
    ({"overindebtedness": "in_progress"}, True),
    ({"overindebtedness": "plan_agreed"}, True),
    ({"overindebtedness": "personal_recovery"}, True),
    ({"overindebtedness": "none"}, False),
])
def test_overindebtedness(answers, fires):
    assert ("overindebtedness" in freins(**answers)) is fires


@pytest.mark.parametrize("answers, fires", [
    ({"past_eviction": True}, True),
    ({"past_eviction": False, "eviction_stage": "none"}, False),
    ({"eviction_stage": "payment_order"}, True),
    ({"eviction_stage": "police_assistance"}, True),
    ({"eviction_stage": None}, False),
])
def test_eviction_episode(answers, fires):
    assert ("eviction_episode" in freins(**answers)) is fires


@pytest.mark.parametrize("moves, fires", [(3, True), (2, False), (7, True), (None, False)])
def test_housing_instability(moves, fires):
    assert ("housing_instability" in freins(moves_last_5_years=moves)) is fires


@pytest.mark.parametrize("level, fires", [
    ("none", True), ("few_words", True), ("everyday", False), ("fluent", False), (None, False)])
def test_learning_french(level, fires):
    assert ("learning_french" in freins(french_level=level)) is fires


@pytest.mark.parametrize("animals, fires", [(3, True), (2, False), (0, False), (None, False)])
def test_many_animals(animals, fires):
    assert ("many_animals" in freins(animals=animals)) is fires


@pytest.mark.parametrize("upkeep, fires", [
    ("real_difficulty", True), ("occasional_help", False), ("no_difficulty", False)])
def test_poor_home_upkeep(upkeep, fires):
    assert ("poor_home_upkeep" in freins(home_upkeep=upkeep)) is fires


@pytest.mark.parametrize("relations, fires", [
    ("complaints_received", True), ("past_conflicts", False), ("no_problem", False)])
def test_neighbour_disturbance(relations, fires):
    assert ("neighbour_disturbance" in freins(neighbour_relations=relations)) is fires


@pytest.mark.parametrize("need, in_place, fires", [
    (True, False, True), (True, None, True), (True, True, False),
    (False, False, False), (None, None, False)])
def test_health(need, in_place, fires):
    assert ("health" in freins(health_support_need=need,
                               health_support_in_place=in_place)) is fires


@pytest.mark.parametrize("resources, fires", [
    # single person, rent 400: RAV per day = (R − 400) / 30
    ("699.70", True),    # 299.70 / 30 = 9.99 < 10
    ("700.00", False),   # 300.00 / 30 = 10.00, not below
    ("1500.00", False),
])
def test_budget_management(resources, fires):
    answers = {"resources": [res("salary", resources)], "charges": [charge("rent", "400")]}
    assert ("budget_management" in freins(**answers)) is fires


def test_budget_management_uses_consumption_units():
    # couple + child 5: CU 1.8; RAV 1 000 − 460 = 540; 540 / 30 / 1.8 = 10.00 -> not below
    base = {"members": [member("partner", 30), member("child", 5)],
            "resources": [res("salary", "1000")], "charges": [charge("rent", "460")]}
    assert "budget_management" not in freins(**base)
    # one more child of 3: CU 2.1; 540 / 63 = 8.57 -> below
    more = {**base, "members": base["members"] + [member("child", 3)]}
    assert "budget_management" in freins(**more)


@pytest.mark.parametrize("applicant, partner, fires", [
    ("jobseeker_registered", None, True),
    ("unemployed_not_registered", "invalidity_sick_leave", True),
    ("cdi", None, False),
    ("jobseeker_registered", "interim", False),      # the partner works
    ("apprenticeship", None, False),
    ("retired", None, False),                        # retired household: not insertion
    ("retired", "jobseeker_registered", True),
    (None, None, False),                             # unknown
])
def test_social_professional_integration(applicant, partner, fires):
    members = [] if partner is None else [member("partner", 40, employment=partner)]
    got = freins(employment=applicant, members=members)
    assert ("social_professional_integration" in got) is fires


def test_social_professional_integration_ignores_minors():
    # a 16-year-old apprentice does not count as an employed adult
    got = freins(employment="jobseeker_registered",
                 members=[member("child", 16, employment="apprenticeship")])
    assert "social_professional_integration" in got


@pytest.mark.parametrize("applicant, fires", [
    ("cdd", True), ("interim", True), ("seasonal", True), ("cdi", False), (None, False)])
def test_job_instability(applicant, fires):
    assert ("job_instability" in freins(employment=applicant)) is fires


@pytest.mark.parametrize("adhesion, fires", [
    ("to_build", True), ("refusal", True), ("partial", False), ("strong", False), (None, False)])
def test_uncertain_adhesion(adhesion, fires):
    assert ("uncertain_adhesion" in freins(adhesion=adhesion)) is fires


def test_suggested_freins_follow_the_canonical_order():
    got = freins(residence_permit_expiry=date(2025, 7, 1), adhesion="refusal",
                 ever_own_lease=False, french_level="none", employment="unemployed_not_registered",
                 health_support_need=True, health_support_in_place=False, animals=4)
    assert got == ("social_professional_integration", "health", "learning_french",
                   "no_rental_experience", "many_animals", "uncertain_adhesion",
                   "residence_right")
    assert list(got) == sorted(got, key=FREINS.index)


def test_thresholds_are_module_constants():
    assert derived.DAYS_PER_MONTH == D(30)
    assert derived.BUDGET_MANAGEMENT_THRESHOLD == D("10.00")
    assert derived.DEBT_MONTHS_OF_RESOURCES == D(3)
    assert derived.HOUSING_INSTABILITY_MOVES == 3 and derived.MANY_ANIMALS == 3
    assert derived.RESIDENCE_EXPIRY_MONTHS == 3
