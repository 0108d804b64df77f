"""The review's Word document (« bilan intermédiaire », « bilan final », issue 13), in the
diagnostic's style (templates/bilan_accompagnement.docx, built by scripts/build_templates.py).

:func:`review_context` is pure: from the case's diagnostic (:class:`CaseData`) and the review's
interview (its flow, walk and records) to French strings and rows. The objectives table reads
the per-objective fields (``objective_<n>_status`` / ``_comment``) that
:mod:`intake_bot.questionnaire.reviews` generates from the review's context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from intake_bot.casework import Casework
from intake_bot.documents import case_data
from intake_bot.documents import formatting as fmt
from intake_bot.documents.context import done_context, full_name, header_context
from intake_bot.documents.render import render_docx, template_path
from intake_bot.documents.sources import CaseData, DocumentOptions, options_from
from intake_bot.engine.walk import Walk
from intake_bot.i18n import render
from intake_bot.questionnaire.model import Flow
from intake_bot.questionnaire.reviews import objective_key, review_title
from intake_bot.storage.base import Case, Review

REVIEW_TEMPLATE = "bilan_accompagnement.docx"
FRENCH = "fr"
HOUSEHOLD_SECTION = "review_household"
EXIT_SECTION = "review_exit"


@dataclass(frozen=True)
class ReviewData:
    """A review's interview as the document reads it."""

    review: Review
    flow: Flow
    walk: Walk
    records: Mapping[str, dict]

    def value(self, key: str) -> str:
        """The French answer of top-level field ``key`` (« non renseigné » when unanswered,
        « sans objet » when the question does not apply)."""
        if key not in self.flow.by_key:
            return fmt.not_given()
        if not any(s.path == key for s in self.walk.slots):
            return fmt.not_applicable()
        return fmt.record_value(self.flow.field(key), self.records.get(key))

    def rows(self, section: str) -> list[dict[str, str]]:
        """The label / answer rows of a section's relevant questions."""
        return [{"label": s.field.doc_label or s.field.label, "value": self.value(s.path)}
                for s in self.walk.slots if s.field.section == section and s.index is None]


def review_context(data: CaseData, review: ReviewData, options: DocumentOptions) -> dict[str, Any]:
    """Every placeholder of templates/bilan_accompagnement.docx, as French strings."""
    context = header_context(data, options)
    context.update({k: v for k, v in done_context(data, options).items() if k != "done_on"})
    final = review.review.kind == "final"
    worker = data.answers.get("worker_name") or fmt.not_given()
    on = review_date(review.review, data.today)
    context.update({
        "title": review_title(review.review.kind), "final": final,
        "review_date": fmt.day(on),
        "contract_start": fmt.day(date.fromisoformat(data.case.contract_start))
        if data.case.contract_start else fmt.not_given(),
        "household_rows": review.rows(HOUSEHOLD_SECTION),
        "household_answered": any(s.field.section == HOUSEHOLD_SECTION and s.path in review.records
                                  for s in review.walk.slots),
        "household_no_answer": render("doc.review.household_no_answer", FRENCH),
        "objectives": objective_rows(review),
        "no_objectives": render("doc.review.no_objectives", FRENCH),
        "freins": frein_rows(review),
        "adhesion": review.value("review_adhesion"),
        "adhesion_comment": review.value("review_adhesion_comment"),
        "next_step": review.value("review_next_step"),
        "next_step_detail": review.value("review_next_step_detail"),
        "exit_rows": review.rows(EXIT_SECTION) if final else [],
        "synthesis": review.value("review_synthesis"),
        "done_on": render("doc.review.done_on", FRENCH, date=fmt.day(on), worker=worker,
                          organisation=context["organisation"]),
        "worker_name": worker,
        "applicant_name": full_name(data.answers.get("first_name"), data.answers.get("last_name")),
    })
    return context


def review_date(review: Review, today: date) -> date:
    """The day the review was completed, else today (a draft)."""
    return date.fromisoformat(review.completed_at[:10]) if review.completed_at else today


def objective_rows(review: ReviewData) -> list[dict[str, str]]:
    """One row per objective of the contract: number, title, status, comment."""
    titles = review.review.context.get("objectives", ())
    return [{"number": str(n), "objective": title,
             "status": review.value(objective_key(n, "status")),
             "comment": review.value(objective_key(n, "comment"))}
            for n, title in enumerate(titles, start=1)]


def frein_rows(review: ReviewData) -> list[dict[str, str]]:
    """The freins still present (their French labels), or the one row « aucun »."""
    key = "review_freins_remaining"
    record = review.records.get(key)
    codes = [c for c in (record or {}).get("value") or [] if c != "none"] if record else []
    labels = dict(tuple(pair) for pair in review.review.context.get("freins", ()))
    if not codes:
        text = render("doc.review.no_freins", FRENCH) if record else fmt.not_given()
        return [{"label": text}]
    return [{"label": labels.get(code, code)} for code in codes]


def build_review(casework: Casework, case: Case, review: Review, review_work: Casework,
                 settings: Any, options: DocumentOptions | None = None) -> bytes:
    """The review's document as .docx bytes (in French)."""
    options = options or options_from(settings)
    walked = review_work.walk(review.id)
    data = ReviewData(review, review_work.flow, walked, review_work.state(review.id)["answers"])
    context = review_context(case_data(casework, case.id), data, options)
    return render_docx(template_path(REVIEW_TEMPLATE, options.template_dir), context)
