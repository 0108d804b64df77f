"""The packaged questionnaire (intake_bot/flows/*.yaml): complete, well-formed, safe to ask."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from tests.flow_field_ids import EXPECTED_FIELD_KEYS
from intake_bot.engine.expressions import BUILTIN_NAMES, ExpressionError, evaluate, names_used
from intake_bot.messages import MESSAGES
from intake_bot.questionnaire.compiler import FlowError, compile_sections, load_flow

FLOW = load_flow()
FIELDS = list(FLOW.by_key.values())

# Every field named in backticks in sections 0-8 of /work/shared/domain/diagnostic.md, with its
# key in the questionnaire (group children are qualified by their group).
DOMAIN_FIELD_KEYS = [
    # 0. Case
    "measure", "referrer", "diagnostic_level", "interpreter", "organisation", "worker_name",
    "diagnostic_date",
    # 1. Consent
    "consent_collect", "consent_share_landlord", "consent_share_commission",
    # 2. Household composition
    "first_name", "last_name", "sex", "birth_date", "nationality_group", "languages",
    "french_level", "reads_french", "family_status", "members.relation", "members.sex",
    "members.birth_date", "members.lives_here", "pregnancy",
    # 3. Socio-professional situation
    "residence_status", "residence_permit_expiry", "employment", "members.employment",
    "employment_support", "legal_protection", "health_support_need", "health_support_in_place",
    "disability_recognition", "reduced_mobility", "mobility",
    # 4. Budget
    "debts.creditor", "debts.amount", "debts.repayment_plan", "debts.monthly_repayment",
    "overindebtedness", "bank_account", "bank_incidents", "arrears_cause",
    # 5. Rental history
    "current_housing", "current_housing_since", "moves_last_5_years", "ever_own_lease",
    "past_eviction", "arrears_amount", "arrears_months", "eviction_stage",
    "social_housing_application", "dalo", "syplo", "wanted_size", "wanted_areas",
    # 6. Living in the home
    "home_upkeep", "neighbour_relations", "animals", "home_insurance", "energy_management",
    "furniture_needs", "isolation", "knows_tenant_rights_duties",
    # 7. Social follow-up
    "current_referent", "supports_in_place", "previous_measures", "household_expectations",
    "preferred_contact", "availability", "adhesion",
    # 8. Worker's analysis
    "freins", "recommended_measure", "recommended_housing", "intensity", "duration_months",
    "synthesis",
]

# Ids named by the brief that the derived figures, documents and indicators rely on.
RELIED_ON_KEYS = [
    "members", "members.first_name", "members.last_name", "resources", "resources.type",
    "resources.amount", "resources.owner", "charges", "charges.type", "charges.amount", "debts",
    "pregnancy_due", "current_rooms", "past_eviction_year", "past_eviction_cause", "rent_arrears",
    "accessibility_needs", "pets", "adhesion_comment",
]

WORKER_ONLY = ["freins", "adhesion", "adhesion_comment", "diagnostic_level", "recommended_measure",
               "synthesis"]

# Words that would ask for a medical diagnosis: record the support need, never the pathology.
DIAGNOSIS_WORDS = ["maladie", "pathologie", "diagnostic médical", "médicament", "symptôme",
                   "traitement médical", "psychiatr", "handicap mental"]


def _choice_codes(key: str) -> list[str]:
    return [c.code for c in FLOW.field(key).choices]


def _top_level_and_group_ids() -> set[str]:
    return {f.key for f in FIELDS if "." not in f.key}


# --- (1) the list of fields -------------------------------------------------------------------

def test_field_keys_are_exactly_the_expected_ones_in_order():
    assert FLOW.keys() == EXPECTED_FIELD_KEYS


def test_sections_are_in_the_documented_order():
    assert [s.id for s in FLOW.sections] == [
        "case", "consent", "household", "socio_professional", "budget", "rental_history",
        "living", "follow_up", "analysis",
    ]


# --- (2) who answers what ---------------------------------------------------------------------

@pytest.mark.parametrize("section", ["case", "analysis"])
def test_case_and_analysis_are_worker_only(section):
    for f in FIELDS:
        if f.section == section:
            assert f.who == "worker", f.key
            assert not f.asked_to("household"), f.key


@pytest.mark.parametrize("key", WORKER_ONLY)
def test_assessments_are_never_asked_to_the_household(key):
    assert not FLOW.field(key).asked_to("household")
    assert FLOW.field(key).asked_to("worker")


def test_every_field_is_answerable_by_a_worker_and_the_household_sees_consent_first():
    assert all(f.asked_to("worker") for f in FIELDS)
    household = [f for s in FLOW.sections for f in s.fields if f.asked_to("household")]
    assert household[0].section == "consent"


# --- (3) messages -----------------------------------------------------------------------------

def test_every_error_and_stop_message_exists():
    used = {f.error for f in FIELDS if f.error} | {f.stop_message for f in FIELDS if f.stop_message}
    assert used, "the flows use constraint messages"
    assert sorted(used - set(MESSAGES)) == []


def test_every_constraint_has_an_error_message():
    assert [f.key for f in FIELDS if f.constraint and not f.error] == []


# --- (4) expressions --------------------------------------------------------------------------

def test_expressions_only_read_known_names():
    known = _top_level_and_group_ids() | BUILTIN_NAMES
    unknown = {}
    for f in FIELDS:
        for attribute in ("relevant", "constraint", "stop_if"):
            source = getattr(f, attribute)
            if source:
                missing = names_used(source) - known
                if missing:
                    unknown[f"{f.key}.{attribute}"] = sorted(missing)
    assert unknown == {}


def test_item_is_only_used_inside_groups():
    for f in FIELDS:
        for source in (f.relevant, f.constraint, f.stop_if):
            if source and {"item", "index"} & names_used(source):
                assert "." in f.key, f.key


#: Rules that read a question asked later, on purpose (issue 14): each person's presence is
#: asked only when "does everyone live here all the time?", asked once the list is done, said no.
FORWARD_READS = {("members.lives_here", "members_all_here")}


def test_an_expression_never_reads_a_later_field_but_on_purpose():
    position = {key: i for i, key in enumerate(FLOW.keys())}
    top_level = _top_level_and_group_ids()
    for f in FIELDS:
        for source in (f.relevant, f.stop_if):
            if source:
                for name in names_used(source) & top_level:
                    assert position[name] < position[f.key] or (f.key, name) in FORWARD_READS, (f.key, name)


# --- (5) coverage of the domain ---------------------------------------------------------------

@pytest.mark.parametrize("key", DOMAIN_FIELD_KEYS + RELIED_ON_KEYS)
def test_domain_field_is_present(key):
    assert key in FLOW.by_key


def test_consent_rules():
    collect = FLOW.field("consent_collect")
    assert collect.kind == "yes_no" and collect.required
    assert collect.stop_if == "value == false" and collect.stop_message == "consent.refused"
    for key in ("consent_share_landlord", "consent_share_commission"):
        assert FLOW.field(key).kind == "yes_no" and not FLOW.field(key).stop_if
    consent = next(s for s in FLOW.sections if s.id == "consent")
    assert consent.fields[0].kind == "note"


def test_the_three_consents_are_the_households():
    assert [f.key for f in FIELDS if f.consent] == [
        "consent_collect", "consent_share_landlord", "consent_share_commission"]


def test_only_consent_and_measure_are_required():
    assert sorted(f.key for f in FIELDS if f.required) == ["consent_collect", "measure"]


@pytest.mark.parametrize("key, codes", [
    ("members.relation", ["partner", "child", "other_adult"]),
    ("members.lives_here", ["permanent", "part_time", "joining"]),
    ("sex", ["female", "male"]),
    ("members.sex", ["female", "male"]),
    ("french_level", ["none", "few_words", "everyday", "fluent"]),
    ("reads_french", ["yes", "with_help", "no"]),
    ("nationality_group", ["france", "eu", "outside_eu"]),
    ("overindebtedness", ["none", "in_progress", "plan_agreed", "personal_recovery"]),
    ("home_upkeep", ["no_difficulty", "occasional_help", "real_difficulty"]),
    ("neighbour_relations", ["no_problem", "past_conflicts", "complaints_received"]),
    ("knows_tenant_rights_duties", ["yes", "partly", "no"]),
    ("adhesion", ["strong", "partial", "to_build", "refusal"]),
    ("intensity", ["light", "medium", "reinforced"]),
    ("recommended_housing", ["direct_access", "sliding_lease", "sublease", "social_residence",
                             "stay_in_current_home"]),
    ("diagnostic_level", ["level_1", "level_2", "level_3"]),
    ("debts.creditor", ["landlord", "energy", "water", "phone", "bank", "taxes",
                        "caf_overpayment", "other"]),
    ("resources.owner", ["applicant", "partner", "other_member"]),
    ("eviction_stage", ["none", "payment_order", "summons", "judgment", "order_to_leave",
                        "police_assistance"]),
    ("arrears_cause", ["job_loss", "separation", "illness", "benefits_interrupted", "income_drop",
                       "budget_choices", "other"]),
    ("wanted_size", ["t1", "t2", "t3", "t4", "t5_plus"]),
])
def test_choice_codes(key, codes):
    assert _choice_codes(key) == codes


def test_shared_code_lists_agree():
    assert _choice_codes("members.employment") == _choice_codes("employment")
    assert _choice_codes("recommended_measure") == _choice_codes("measure")
    assert len(_choice_codes("freins")) == 16
    assert len(_choice_codes("resources.type")) == 17
    assert len(_choice_codes("charges.type")) == 13
    assert len(_choice_codes("current_housing")) == 17


@pytest.mark.parametrize("key", ["furniture_needs", "supports_in_place"])
def test_none_is_exclusive(key):
    assert "none" in FLOW.field(key).exclusive


def test_resources_group_says_no_resources_is_an_answer():
    assert "répondez non" in FLOW.field("resources").add_first


@pytest.mark.parametrize("key, low, high", [
    ("moves_last_5_years", 0, 50), ("current_rooms", 1, 20), ("animals", 0, 50),
    ("duration_months", 1, 36), ("resources.amount", 0, 20000), ("charges.amount", 0, 20000),
])
def test_numeric_bounds(key, low, high):
    f = FLOW.field(key)
    assert (f.min, f.max) == (low, high)


def test_every_money_field_is_never_negative():
    assert [f.key for f in FIELDS if f.kind == "money" and f.min != 0] == []


def test_every_date_field_has_a_constraint():
    assert [f.key for f in FIELDS if f.kind in ("date", "month_year") and not f.constraint] == []


def test_every_field_has_a_document_label():
    assert [f.key for f in FIELDS if not f.doc_label] == []


def test_text_limits():
    assert FLOW.field("synthesis").max_length == 4000


# --- (6) no diagnosis -------------------------------------------------------------------------

def test_no_question_asks_for_a_diagnosis():
    offending = []
    for f in FIELDS:
        texts = [f.label, f.hint or "", f.add_first or "", f.add_more or ""]
        texts += [c.label for c in f.choices]
        for text in texts:
            if any(word in text.lower() for word in DIAGNOSIS_WORDS):
                offending.append((f.key, text))
    assert offending == []


# --- (7) malformed flows are refused ----------------------------------------------------------

def _section(*fields, section="test"):
    return {"section": section, "fields": list(fields)}


GOOD = {"id": "age", "kind": "integer", "label": "Âge ?"}


@pytest.mark.parametrize("raw_sections, message", [
    ([_section({"id": "x", "kind": "slider", "label": "X ?"})], "kind must be"),
    ([_section(GOOD, dict(GOOD))], "duplicate"),
    ([_section(GOOD), _section(dict(GOOD), section="other")], "duplicate"),
    ([_section({**GOOD, "constraint": "value > 0"})], "needs an error"),
    ([_section({**GOOD, "relevant": "age >"})], "does not compile"),
    ([_section({**GOOD, "constraint": "value >", "error": "error.x"})], "does not compile"),
    ([_section({"id": "Bad-Id", "kind": "text", "label": "X ?"})], "snake_case"),
    ([_section({"id": "x", "kind": "text"})], "label is required"),
    ([_section({**GOOD, "colour": "red"})], "unknown keys"),
    ([_section({"id": "x", "kind": "yes_no", "label": "X ?", "choices": {"a": "A"}})],
     "yes_no takes no choices"),
    ([_section({"id": "x", "kind": "multi_choice", "label": "X ?", "choices": {"a": "A"},
                "exclusive": ["none"]})], "exclusive"),
    ([_section({"id": "g", "kind": "group", "label": "G", "fields": [GOOD]})],
     "needs fields and add_first"),
    ([_section({"id": "g", "kind": "group", "label": "G", "add_first": "?", "fields": [
        {"id": "h", "kind": "group", "label": "H", "add_first": "?", "fields": [GOOD]}]})],
     "nested"),
    ([{"fields": []}], "needs 'section'"),
    ([_section({**GOOD, "consent": True})], r"test\.age: consent is only for yes_no"),
    ([_section({"id": "x", "kind": "yes_no", "label": "X ?", "consent": "yes"})],
     r"test\.x: consent must be true or false"),
])
def test_malformed_flows_raise(raw_sections, message):
    with pytest.raises(FlowError, match=message):
        compile_sections(raw_sections)


def test_a_well_formed_tiny_flow_compiles():
    flow = compile_sections([_section(
        GOOD,
        {"id": "g", "kind": "group", "label": "G", "add_first": "Encore ?", "fields": [
            {"id": "age", "kind": "integer", "label": "Âge ?", "relevant": "item is not none"}]},
    )])
    assert flow.keys() == ["age", "g", "g.age"]


# --- the rules behave as intended (evaluated like the engine does) ----------------------------

TODAY = date(2025, 6, 15)


def _context(**answers):
    context = {f.key: None for f in FIELDS if "." not in f.key}
    context.update({f.key: [] for f in FIELDS if f.is_group})
    context["today"] = TODAY
    context.update(answers)
    return context


def _item(group: str, **values):
    item = {child.id: None for child in FLOW.field(group).fields}
    item.update(values)
    return item


def _relevant(key: str, **answers) -> bool:
    try:
        return bool(evaluate(FLOW.field(key).relevant, _context(**answers)))
    except ExpressionError:
        return False


def _accepts(key: str, value, **answers) -> bool:
    return bool(evaluate(FLOW.field(key).constraint, {**_context(**answers), "value": value}))


@pytest.mark.parametrize("key, answers, expected", [
    ("members.last_name", {"item": _item("members", relation="child")}, False),
    ("members.last_name", {"item": _item("members", relation="partner")}, True),
    ("members.employment", {"item": _item("members", relation="partner")}, True),
    ("members.employment", {"item": _item("members", relation="child",
                                          birth_date=date(2015, 1, 1))}, False),
    ("members.employment", {"item": _item("members", relation="child",
                                          birth_date=date(2008, 1, 1))}, True),
    ("members.employment", {"item": _item("members", relation="child")}, False),
    ("pregnancy", {"sex": "male"}, False),
    ("pregnancy", {"sex": "male", "members": [_item("members", relation="partner")]}, True),
    ("pregnancy", {"sex": "female"}, True),
    ("pregnancy", {}, True),
    ("pregnancy_due", {"pregnancy": True}, True),
    ("pregnancy_due", {"pregnancy": False}, False),
    ("pregnancy_due", {}, False),
    ("residence_status", {"nationality_group": "france"}, False),
    ("residence_status", {"nationality_group": "outside_eu"}, True),
    ("residence_permit_expiry", {"residence_status": "temporary_card"}, True),
    ("residence_permit_expiry", {"residence_status": "no_permit"}, False),
    ("residence_permit_expiry", {}, False),
    ("employment_support", {"employment": "retired"}, False),
    ("employment_support", {"employment": "jobseeker_registered"}, True),
    ("health_support_in_place", {"health_support_need": True}, True),
    ("health_support_in_place", {}, False),
    ("resources.owner", {"item": _item("resources")}, False),
    ("resources.owner", {"item": _item("resources"), "members": [_item("members")]}, True),
    ("debts.monthly_repayment", {"item": _item("debts", repayment_plan=True)}, True),
    ("debts.monthly_repayment", {"item": _item("debts", repayment_plan=False)}, False),
    ("debts.monthly_repayment", {"item": _item("debts")}, False),
    ("bank_incidents", {"bank_account": True}, True),
    ("bank_incidents", {"bank_account": False}, False),
    ("current_rooms", {"current_housing": "private_tenant"}, True),
    ("current_rooms", {"current_housing": "hotel_115"}, False),
    ("rent_arrears", {"current_housing": "subtenant"}, True),
    ("rent_arrears", {"current_housing": "hosted_family"}, False),
    ("rent_arrears", {}, False),
    ("arrears_cause", {"rent_arrears": True}, True),
    ("eviction_stage", {"rent_arrears": False}, False),
    ("ever_own_lease", {"current_housing": "social_tenant"}, False),
    ("ever_own_lease", {"current_housing": "cada_huda"}, True),
    ("ever_own_lease", {}, True),
    ("past_eviction_year", {"past_eviction": True}, True),
    ("social_housing_application_date", {"social_housing_application": False}, False),
    ("animals", {"pets": False}, False),
    ("animals", {"pets": True}, True),
    ("animals", {}, True),
    ("current_referent", {"supports_in_place": ["none"]}, False),
    ("current_referent", {"supports_in_place": ["ccas"]}, True),
    ("current_referent", {}, True),
])
def test_relevance(key, answers, expected):
    assert _relevant(key, **answers) is expected


@pytest.mark.parametrize("key, value, answers, expected", [
    ("birth_date", date(1985, 3, 12), {}, True),
    ("birth_date", date(2026, 1, 1), {}, False),
    ("birth_date", date(1899, 12, 31), {}, False),
    ("members.birth_date", date(2010, 5, 1),
     {"item": _item("members", relation="child"), "birth_date": date(1985, 3, 12)}, True),
    ("members.birth_date", date(1980, 5, 1),
     {"item": _item("members", relation="child"), "birth_date": date(1985, 3, 12)}, False),
    ("members.birth_date", date(1950, 5, 1),
     {"item": _item("members", relation="other_adult"), "birth_date": date(1985, 3, 12)}, True),
    ("members.birth_date", date(2010, 5, 1), {"item": _item("members", relation="child")}, True),
    ("members.birth_date", date(2025, 7, 1), {"item": _item("members")}, False),
    ("pregnancy_due", date(2025, 9, 1), {}, True),
    ("pregnancy_due", date(2025, 5, 1), {}, True),
    ("pregnancy_due", date(2025, 3, 1), {}, False),
    ("pregnancy_due", date(2026, 6, 1), {}, False),
    ("residence_permit_expiry", date(2025, 8, 1), {}, True),
    ("residence_permit_expiry", date(1999, 1, 1), {}, False),
    ("current_housing_since", date(2023, 3, 1), {}, True),
    ("current_housing_since", date(2025, 7, 1), {}, False),
    ("past_eviction_year", 2019, {}, True),
    ("past_eviction_year", 2026, {}, False),
    ("debts.monthly_repayment", D("50"), {"item": _item("debts", amount=D("1200"))}, True),
    ("debts.monthly_repayment", D("1500"), {"item": _item("debts", amount=D("1200"))}, False),
    ("debts.monthly_repayment", D("50"), {"item": _item("debts")}, True),
    ("diagnostic_date", TODAY, {}, True),
    ("diagnostic_date", date(2025, 6, 16), {}, False),
])
def test_constraints(key, value, answers, expected):
    assert _accepts(key, value, **answers) is expected


def test_refusing_consent_stops_and_sharing_does_not():
    stop_if = FLOW.field("consent_collect").stop_if
    assert evaluate(stop_if, {"value": False}) is True
    assert evaluate(stop_if, {"value": True}) is False


# --- (9) the review flows (issue 13: intake_bot/flows/reviews/*.yaml) -------------------------

def _review_fields(kind: str):
    from intake_bot.questionnaire.reviews import ReviewContext, review_flow

    context = ReviewContext(("Accès et installation", "Santé"), (("health", "Santé"),))
    return list(review_flow(kind, context).by_key.values())


REVIEW_HOUSEHOLD_KEYS = ["review_how_it_goes", "review_what_helped", "review_still_hard"]


@pytest.mark.parametrize("kind", ["intermediate", "final"])
def test_review_flows_are_complete_and_well_formed(kind):
    fields = _review_fields(kind)
    assert [f.key for f in fields if not f.doc_label] == []
    assert [f.key for f in fields if f.kind == "money" and f.min != 0] == []
    assert [f.key for f in fields if f.who == "household"] == REVIEW_HOUSEHOLD_KEYS
    assert all(f.who == "worker" for f in fields if f.key not in REVIEW_HOUSEHOLD_KEYS)
    assert not [f.key for f in fields if f.kind == "text" and f.max_length > 4000]
    assert not set(f.key for f in fields) & set(FLOW.keys())  # no clash with the diagnostic's
    for message_id in [m for f in fields for m in (f.error, f.stop_message) if m]:
        assert message_id in MESSAGES


@pytest.mark.parametrize("kind", ["intermediate", "final"])
def test_no_review_question_asks_for_a_diagnosis(kind):
    texts = [(f.key, t) for f in _review_fields(kind)
             for t in [f.label, f.hint or "", *(c.label for c in f.choices)]]
    assert [(key, t) for key, t in texts if any(w in t.lower() for w in DIAGNOSIS_WORDS)] == []


def test_the_final_review_outcomes_are_the_measure_outcomes():
    from intake_bot.cases.measure import OUTCOMES

    [outcome] = [f for f in _review_fields("final") if f.key == "review_outcome"]
    assert tuple(c.code for c in outcome.choices) == OUTCOMES
