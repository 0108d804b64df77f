"""The contexts of the document templates: pure functions from a case to plain dicts.

Every value is a finished French string (or a list of rows of strings): the templates only
place them. Values are data, never template source, so an answer containing ``{{`` or ``{%``
is printed as typed. See docs/templates.md for every placeholder.

The contract's context lives in :mod:`intake_bot.documents.contract`; it is re-exported here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date

from intake_bot.engine.dates import age_on
from intake_bot.i18n import render
from intake_bot.questionnaire.model import Field

from intake_bot.documents import formatting as fmt
from intake_bot.documents.budget import budget_context
from intake_bot.documents.contract import contract_context
from intake_bot.documents.sources import CaseData, DocumentOptions

__all__ = ["diagnostic_context", "contract_context", "answer_rows", "header_context"]

FRENCH = "fr"
HEADER_FIELDS = ("measure", "referrer", "diagnostic_level", "interpreter", "worker_name",
                 "diagnostic_date")
THEMES = {
    "household_answers": "household",
    "socio_professional_answers": "socio_professional",
    "budget_answers": "budget",
    "rental_history_answers": "rental_history",
    "living_answers": "living",
    "follow_up_answers": "follow_up",
}
ANALYSIS_FIELDS = ("adhesion", "adhesion_comment", "recommended_measure", "recommended_housing",
                   "intensity", "duration_months", "synthesis")
CONSENT_FIELDS = ("consent_collect", "consent_share_landlord", "consent_share_commission")
#: (who recorded a consent, witnessed) -> message id of its attribution in the diagnostic.
CONSENT_ATTRIBUTION = {
    ("household", False): "doc.consent.by_household",
    ("worker", True): "doc.consent.witnessed",
    ("worker", False): "doc.consent.by_worker",
}
#: Fields with a place of their own (people table, analysis): not repeated in theme tables.
SHOWN_ELSEWHERE = frozenset({"first_name", "last_name", "name_latin", "sex", "birth_date",
                             *ANALYSIS_FIELDS})


def diagnostic_context(data: CaseData, options: DocumentOptions) -> dict[str, Any]:
    """Every placeholder of templates/diagnostic_social.docx, as French strings."""
    context = header_context(data, options)
    context.update(people_context(data))
    context.update({key: answer_rows(data, section, skip=SHOWN_ELSEWHERE)
                    for key, section in THEMES.items()})
    context["consents"] = [consent_row(data, key) for key in CONSENT_FIELDS]
    context.update(budget_context(data, options.effort_with_housing_benefit))
    context.update(rights_context(data))
    context.update(occupation_context(data))
    context.update(analysis_context(data))
    context.update(done_context(data, options))
    return context


RIGHTS_HEADS = ("benefit", "estimated", "declared", "flag")


def rights_context(data: CaseData) -> dict[str, Any]:
    """The rights estimate in the budget section (issue 17), when the worker chose to show it
    and a rights check was computed: one row per benefit, the legislation month, the caveat."""
    rights = data.rights
    if not data.case.rights_in_diagnostic or rights is None:
        return {"rights_shown": False, "rights_title": "", "rights_month": "", "rights_head": {},
                "rights_rows": [], "rights_caveat": ""}
    month = format_date(rights.month, "MMMM y", locale=FRENCH)
    return {
        "rights_shown": True,
        "rights_title": render("doc.rights.title", FRENCH),
        "rights_month": render("doc.rights.month", FRENCH, month=month),
        "rights_head": {key: render(f"doc.rights.head.{key}", FRENCH) for key in RIGHTS_HEADS},
        "rights_rows": [{
            "benefit": render(f"rights.benefit.{line.code}", FRENCH),
            "estimated": (fmt.money(line.estimated) if line.estimated is not None
                          else render("doc.rights.not_estimated", FRENCH)),
            "declared": fmt.money(line.declared) if line.declared is not None else fmt.not_given(),
            "flag": render("doc.rights.flagged", FRENCH) if line.flagged else "",
        } for line in rights.lines],
        "rights_caveat": render("rights.caveat", FRENCH, version=rights.model_version or "",
                                month=month),
    }


def done_context(data: CaseData, options: DocumentOptions) -> dict[str, str]:
    """« Fait le <date du diagnostic>, par … » (the generation date only when the diagnostic's
    is unknown, and said so), and the structure's address, phone and logo."""
    worker = data.answers.get("worker_name") or fmt.not_given()
    organisation = data.answers.get("organisation") or options.organisation or fmt.not_given()
    done_on = data.answers.get("diagnostic_date")
    if done_on is not None:
        text = render("doc.done_on", FRENCH, date=fmt.day(done_on), worker=worker, organisation=organisation)
    else:
        text = render("doc.done_on_no_date", FRENCH, date=fmt.day(data.today), worker=worker,
                      organisation=organisation)
    return {"done_on": text, "service_address": options.address,
            "service_phone": render("doc.service_phone", FRENCH, phone=options.phone) if options.phone else "",
            "logo": options.logo}


def header_context(data: CaseData, options: DocumentOptions) -> dict[str, Any]:
    """Organisation, worker, dates, measure and the other facts of the case header."""
    context = {key: field_value(data, key) for key in HEADER_FIELDS}
    organisation = data.answers.get("organisation") or options.organisation
    context["organisation"] = organisation or fmt.not_given()
    context["reference"] = data.case.reference
    context["generated_on"] = fmt.day(data.today)
    context["applicant_name"] = applicant_name(data.answers)
    return context


def field_value(data: CaseData, key: str) -> str:
    """The answer to top-level field ``key`` in French (« non renseigné » when not relevant)."""
    return fmt.record_value(data.flow.field(key), data.record(key))


def applicant_name(answers: dict[str, Any]) -> str:
    """The applicant's « Prénom NOM »; a name typed in another script comes after the name in
    Latin letters as on the residence permit (``name_latin``, issue 14)."""
    typed = full_name(answers.get("first_name"), answers.get("last_name"))
    latin = answers.get("name_latin")
    return f"{latin} ({typed})" if latin else typed


def full_name(first: str | None, last: str | None) -> str:
    """« Prénom NOM », or whichever part is known, or « non renseigné »."""
    parts = [p for p in (first, last.upper() if last else None) if p]
    return " ".join(parts) if parts else fmt.not_given()


def answer_rows(data: CaseData, section: str, skip: frozenset[str] = frozenset()) -> list[dict]:
    """The label / answer rows of a section's relevant questions (repeated groups excepted)."""
    return [{"label": doc_label(slot.field), "value": fmt.record_value(slot.field, data.record(slot.path))}
            for slot in data.walk.slots
            if slot.field.section == section and slot.index is None
            and slot.field.kind not in ("note", "group") and slot.field.id not in skip]


def doc_label(f: Field) -> str:
    """The short French label of a field for documents (its question when it has none)."""
    return f.doc_label or f.label


# --- consents -------------------------------------------------------------------------------

def consent_row(data: CaseData, key: str) -> dict[str, str]:
    """A consent's label, and its answer with who recorded it and when."""
    return {"label": doc_label(data.flow.field(key)),
            "value": consent_value(field_value(data, key), data.record(key))}


def consent_value(answer: str, record: dict | None) -> str:
    """« Oui — donné par le ménage le 03/12/2026 », « … recueilli par le travailleur social,
    exprimé par le ménage en sa présence, le … » (a witnessed consent), or « … saisi par le
    travailleur social … » when the record does not say the household expressed it. An
    unanswered or skipped consent, or a record without its author or date, reads ``answer``."""
    if record is None or record.get("skipped"):
        return answer
    by = record.get("by")
    message_id = CONSENT_ATTRIBUTION.get((by, by == "worker" and bool(record.get("witnessed"))))
    recorded_on = record_date(record)
    if message_id is None or recorded_on is None:
        return answer
    return render(message_id, FRENCH, answer=answer, date=fmt.day(recorded_on))


def record_date(record: dict) -> date | None:
    """The day an answer was recorded (its ``at``, as stored: UTC, like the document's date of
    generation), or None when the record has no valid date."""
    try:
        return datetime.fromisoformat(str(record["at"])).date()
    except (KeyError, TypeError, ValueError):
        return None


# --- household composition ------------------------------------------------------------------

def people_context(data: CaseData) -> dict[str, Any]:
    """The people table (applicant then members, each adult's professional situation) and the
    composition sentence, counts written with their plural."""
    figures = data.figures
    household_type = render(f"doc.household_type.{figures.household_type or 'unknown'}", FRENCH)
    units = fmt.decimal(figures.consumption_units)
    sentence = render("doc.sentence.household", FRENCH,
                      persons=fmt.counted("doc.count.persons", figures.persons),
                      adults=fmt.counted("doc.count.adults", figures.adults),
                      children=fmt.counted("doc.count.children", figures.children),
                      units=fmt.counted("doc.count.units", figures.consumption_units, shown=units))
    joining = (fmt.counted("doc.count.joining", figures.persons_joining)
               if figures.persons_joining else "")
    return {"people": [applicant_row(data)] + member_rows(data), "household_type": household_type,
            "composition_sentence": " ".join(s for s in (sentence, joining) if s)}


def applicant_row(data: CaseData) -> dict[str, str]:
    """The applicant's line of the people table."""
    answers = data.answers
    return {"relation": render("doc.applicant", FRENCH),
            "name": applicant_name(answers),
            "sex": sex_text(answers.get("sex"), answers.get("birth_date"), data),
            "birth": birth_text(answers.get("birth_date"), data),
            "lives_here": render("doc.applicant_lives_here", FRENCH),
            "employment": field_value(data, "employment")}


def member_rows(data: CaseData) -> list[dict[str, str]]:
    """One line per declared member (joining members included, their presence says so); the
    professional situation of each adult (and of a child of 16 or more), « sans objet » for a
    younger child."""
    rows = []
    employment = data.flow.field("members.employment")
    for index, member in enumerate(data.answers.get("members") or []):
        path = data.entry_path("members", index, "employment")
        rows.append({"relation": fmt.coded("doc.relation", member.get("relation")),
                     "name": full_name(member.get("first_name"), member.get("last_name")),
                     "sex": sex_text(member.get("sex"), member.get("birth_date"), data),
                     "birth": birth_text(member.get("birth_date"), data),
                     "lives_here": fmt.coded("doc.lives_here", member.get("lives_here")),
                     "employment": (fmt.record_value(employment, data.record(path))
                                    if data.is_relevant(path) else fmt.not_applicable())})
    return rows


def sex_text(sex: str | None, birth, data: CaseData) -> str:
    """« Femme » / « Homme », or « Fille » / « Garçon » for a minor."""
    if sex in ("female", "male") and birth is not None and age_on(birth, data.today) < 18:
        return render("doc.sex.girl" if sex == "female" else "doc.sex.boy", FRENCH)
    return fmt.coded("doc.sex", sex)


def birth_text(birth, data: CaseData) -> str:
    """« 12/03/1985 (40 ans) », « 01/06/2025 (1 an) », or « non renseigné »."""
    if birth is None:
        return fmt.not_given()
    return render("doc.birth_with_age", FRENCH, date=fmt.day(birth),
                  age=fmt.counted("doc.count.years", age_on(birth, data.today)))


# --- living conditions and analysis ---------------------------------------------------------

def occupation_context(data: CaseData) -> dict[str, str]:
    """Rooms needed by the household and whether the current dwelling is over/under-occupied."""
    figures = data.figures
    occupation = render(f"doc.occupation.{figures.occupation}", FRENCH)
    if figures.current_rooms is None:
        sentence = render("doc.sentence.rooms_needed", FRENCH, needed=figures.rooms_needed)
    else:
        sentence = render("doc.sentence.occupation", FRENCH, rooms=figures.current_rooms,
                          needed=figures.rooms_needed, occupation=occupation)
    return {"occupation": occupation, "rooms_needed": fmt.integer(figures.rooms_needed),
            "occupation_sentence": sentence, "occupation_norm": render("doc.occupation.norm", FRENCH)}


def analysis_context(data: CaseData) -> dict[str, Any]:
    """The worker's analysis: freins (retained and suggested), adhesion, recommendations."""
    context = {key: field_value(data, key) for key in ANALYSIS_FIELDS}
    context["freins"] = frein_rows(data)
    return context


def frein_rows(data: CaseData) -> list[dict[str, str]]:
    """Freins retained by the worker, then those the tool suggested that were not retained."""
    f = data.flow.field("freins")
    retained = data.answers.get("freins")
    suggested = reliable_suggestions(data)
    rows = []
    for choice in f.choices:
        status = frein_status(choice.code, retained, suggested)
        if status:
            rows.append({"label": choice.label, "status": render(status, FRENCH)})
    if not rows:
        none_id = "doc.frein.none" if retained is not None else "doc.frein.not_reviewed"
        rows.append({"label": render(none_id, FRENCH), "status": fmt.not_applicable()})
    return rows


def reliable_suggestions(data: CaseData) -> tuple[str, ...]:
    """The tool's suggested freins, less « gestion budgétaire » while the resources or charges
    are unanswered: the engine then reads them as zero (an empty list), which would suggest it
    on no basis."""
    budget_known = data.group_answered("resources") and data.group_answered("charges")
    return tuple(code for code in data.figures.suggested_freins
                 if budget_known or code != "budget_management")


def frein_status(code: str, retained: list[str] | None, suggested: tuple[str, ...]) -> str | None:
    """Message id of a frein's status, or None when neither retained nor suggested."""
    if retained is not None and code in retained:
        return "doc.frein.retained_suggested" if code in suggested else "doc.frein.retained"
    if code in suggested:
        return "doc.frein.suggested" if retained is not None else "doc.frein.suggested_unreviewed"
    return None
