"""Reviews of a case (« bilan intermédiaire », « bilan final », issue 13), as the case service's.

A worker starts a review; it is an interview of its own (stored per review, each answer with
its provenance and committed before the reply, as the diagnostic's), asked from the review flow
compiled for the case's contract objectives and retained freins
(:mod:`intake_bot.questionnaire.reviews`). The household answers its part in its language once
the worker invites it; the worker answers the rest in French, completes the review and has its
Word document made (audited as every document). Erasing the case erases its reviews.

:class:`ReviewsMixin` is one of :class:`~intake_bot.cases.service.CaseService`'s bases: it uses
the service's access checks (``case``, ``_open``), its store and its casework.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from intake_bot.cases import statuses
from intake_bot.cases.documents import Document
from intake_bot.cases.errors import CaseError, CaseNotFound
from intake_bot.cases.notices import Notice
from intake_bot.casework import Casework, Screen
from intake_bot.documents.objectives import Objective
from intake_bot.engine import interview
from intake_bot.engine.interview import Outcome, Question
from intake_bot.engine.reader import Reply
from intake_bot.i18n import render
from intake_bot.questionnaire.reviews import REVIEW_KINDS, ReviewContext, review_flow
from intake_bot.storage.base import Account, AnswerEvent, Case, Link, Review

HOUSEHOLD, WORKER = "household", "worker"
FILE_NAMES = {"intermediate": "bilan_intermediaire", "final": "bilan_final"}
#: The measure's phase recorded when a review is completed during the support
#: (:meth:`intake_bot.cases.measure.MeasurePhases.record_review`).
PHASE_METHOD = "record_review"


@dataclass(frozen=True)
class ReviewAnswered:
    """A review answer's outcome and the notices it causes (the household's part done)."""

    outcome: Outcome
    notices: list[Notice]


class ReviewInterviews:
    """One review's interview, read and written the way Casework reads a case's (its
    ``case_id`` arguments name the case; the review is fixed)."""

    def __init__(self, store: Any, review: Review) -> None:
        self.store, self.review_id, self.case_id = store, review.id, review.case_id

    def load_state(self, _case_id: int) -> dict[str, Any]:
        """The review's interview state."""
        return self.store.get_review(self.review_id).state

    def save_state(self, _case_id: int, state: dict[str, Any], answer: AnswerEvent | None = None,
                   people: Any = None) -> None:
        """Store the review's state and the answer that produced it (people are the
        diagnostic's: a review changes no one)."""
        self.store.save_review_state(self.review_id, state, answer)

    def audit(self, actor: str, action: str, _case_id: int | None = None, **details: Any) -> None:
        """An audit line of the case, naming the review."""
        self.store.audit(actor, action, self.case_id, review=self.review_id, **details)


def objective_title(objective: Objective) -> str:
    """An objective as a review names it: its theme's French title, and the worker's own words."""
    title = render(f"doc.objective.{objective.code}", "fr")
    return render("review.objective_with_text", "fr", title=title, text=objective.text) \
        if objective.text else title


def file_name(review: Review, case: Case) -> str:
    """``bilan_intermediaire_D-000042.docx``, ``bilan_final_D-000042.docx``."""
    return f"{FILE_NAMES[review.kind]}_{case.reference}.docx"


def review_context(review: Review) -> ReviewContext:
    """The review's fixed context (objectives, freins) as the review flow takes it."""
    return ReviewContext(tuple(review.context.get("objectives", ())),
                         tuple(tuple(pair) for pair in review.context.get("freins", ())))


class ReviewsMixin:
    """Reviews of a case, for :class:`~intake_bot.cases.service.CaseService`."""

    def start_review(self, account: Account, case_ref: str | int, kind: str) -> Review:
        """Start review ``kind`` (intermediate or final) of a case the worker may follow; the
        review still open of that kind when there is one. Audited."""
        if kind not in REVIEW_KINDS:
            raise CaseError("review.error.kind", kind=kind)
        case = self._open(account, case_ref, "objectives")
        opened = [r for r in self.store.reviews(case.id) if r.kind == kind and not r.completed_at]
        if opened:
            return opened[-1]
        context = {"objectives": [objective_title(o) for o in self.objectives(account, case.id)],
                   "freins": self._retained_freins(case)}
        with self.store.atomic():
            review = self.store.create_review(case.id, kind, account.id, context)
            self.store.audit(account.id, "review.start", case.id, review=review.id, kind=kind)
        return review

    def _retained_freins(self, case: Case) -> list[list[str]]:
        field = self.casework.flow.field("freins")
        codes = self.casework.walk(case.id).context.get("freins") or []
        return [[c.code, c.label] for c in field.choices if c.code in codes]

    def case_reviews(self, actor: Account | Link, case_ref: str | int) -> list[Review]:
        """Every review of a case ``actor`` may read, oldest first."""
        case = self.case(actor, case_ref, "read")
        return self.store.reviews(case.id)

    def open_review(self, actor: Account | Link, case_ref: str | int) -> Review | None:
        """The latest review of a case not completed yet, or None."""
        opened = [r for r in self.case_reviews(actor, case_ref) if not r.completed_at]
        return opened[-1] if opened else None

    def review(self, actor: Account | Link, review_id: int, action: str = "read") -> Review:
        """The review when ``actor`` may take ``action`` on its case; CaseNotFound otherwise
        (another organisation's review is not said to exist)."""
        review = self.store.get_review(int(review_id))
        if review is None:
            raise CaseNotFound("review.error.not_found", review=str(review_id))
        try:
            self.case(actor, review.case_id, action)
        except CaseNotFound:
            raise CaseNotFound("review.error.not_found", review=str(review_id)) from None
        return review

    def review_casework(self, review: Review) -> Casework:
        """The interview engine over one review (reads; doors write through the service)."""
        return Casework(ReviewInterviews(self.store, review),
                        review_flow(review.kind, review_context(review)),
                        clock=self.casework.clock, translator=self.casework.translator)

    def _answerable_review(self, actor: Account | Link, review_id: int) -> Review:
        review = self.review(actor, review_id, "answer")
        case = self._open(actor, review.case_id, "answer")
        if review.completed_at:
            raise CaseError("review.error.completed", reference=case.reference)
        return review

    def review_screen(self, actor: Account | Link, review_id: int) -> Screen:
        """What a chat shows ``actor`` now in a review: its current question and progress. A
        worker is asked the worker's part only (the household's part is the household's; a
        worker who jumps to one of its questions may still record it)."""
        review = self.review(actor, review_id)
        casework = self.review_casework(review)
        screen = casework.screen(review.id, _role(actor))
        if _role(actor) == WORKER:
            return Screen(worker_question(casework, review.id), screen.progress)
        return screen

    def answer_review(self, actor: Account | Link, review_id: int, reply: Reply, locale: str,
                      witnessed: bool = False) -> ReviewAnswered:
        """Apply ``reply`` in a review; the answer committed with its provenance before the
        reply; when the household has answered its whole part, its worker is told."""
        review = self._answerable_review(actor, review_id)
        role = _role(actor)
        casework = self.review_casework(review)
        if role == WORKER and reply.path is None:  # typed words answer the worker's question
            current = worker_question(casework, review.id)
            if current is None:  # never the household's question in its stead
                raise CaseError("review.error.nothing_left")
            reply = replace(reply, path=current.path)
        with self.store.atomic():
            outcome = casework.answer(review.id, reply, role, locale, witnessed=witnessed)
            notices = []
            if outcome.accepted and role == HOUSEHOLD and interview.next_question(
                    casework.flow, outcome.state, HOUSEHOLD, casework.today()) is None:
                case = self.store.get_case(review.case_id)
                self.store.audit(_actor_id(actor), "review.household_done", case.id, review=review.id)
                notices = self._tell_worker(case, "review.notice.household_done")
        return ReviewAnswered(outcome, notices)

    def review_back(self, actor: Account | Link, review_id: int) -> None:
        """Step back one question in a review (answers kept)."""
        review = self._answerable_review(actor, review_id)
        self.review_casework(review).back(review.id, _role(actor))

    def review_jump(self, actor: Account | Link, review_id: int, path: str) -> Outcome:
        """Make ``path`` the current question of a review, to change its answer."""
        review = self._answerable_review(actor, review_id)
        return self.review_casework(review).jump(review.id, path, _role(actor))

    def invite_to_review(self, account: Account, review_id: int) -> list[Notice]:
        """Ask the household's linked accounts to answer their part of a review, in their
        language; refused when no household account is linked. Audited."""
        review = self._answerable_review(account, review_id)
        case = self.store.get_case(review.case_id)
        households = [k.account_id for k in self.store.links(case.id) if not k.pending]
        if not households:
            raise CaseError("review.error.no_household", reference=case.reference)
        self.store.audit(account.id, "review.invite", case.id, review=review.id)
        return [Notice(h, "review.notice.household_invited", case.locale, case_id=case.id,
                       kind="review", subject=str(review.id)) for h in households]

    def household_review(self, link: Link) -> Review | None:
        """The review the household of ``link`` may answer now (its part not finished), or
        None."""
        review = self.open_review(link, link.case_id)
        if review is None:
            return None
        question = self.review_casework(review).current(review.id, HOUSEHOLD)
        return review if question is not None else None

    def complete_review(self, account: Account, review_id: int) -> Review:
        """Complete a review (no answer changes afterwards); during the support, the measure's
        phase recorded with it (intermediate_review or final_review, the day of completion),
        in one transaction. Audited."""
        review = self._answerable_review(account, review_id)
        case = self.store.get_case(review.case_id)
        with self.store.atomic():
            done = self.store.complete_review(review.id, self._stamp(), account.id)
            self.store.audit(account.id, "review.complete", case.id, review=review.id,
                             kind=review.kind)
            phase = getattr(self, PHASE_METHOD, None)
            if callable(phase) and case.status in getattr(statuses, "UNDER_SUPPORT", ()):
                phase(account, case.id, review.kind, on=self.casework.today())
        return done

    def review_document(self, account: Account, review_id: int) -> Document:
        """The review's Word document (French) from its current answers; each generation
        audited (kind, SHA-256, file). An erased or refused case is refused."""
        from intake_bot.documents.review import build_review

        review = self.review(account, review_id, "documents")
        case = self.case(account, review.case_id, "documents")
        if statuses.is_closed(case.status):
            self._deny(account.id, case.id, FILE_NAMES[review.kind], case.status)
            raise CaseError(f"case.error.closed_{case.status}", reference=case.reference)
        content = build_review(self.casework, case, review, self.review_casework(review),
                               self.settings)
        document = Document(FILE_NAMES[review.kind], file_name(review, case), content)
        self.store.audit(account.id, "document.generate", case.id, kind=document.kind,
                         sha256=document.sha256, file=document.file_name, role=account.role,
                         review=review.id)
        return document


def worker_question(casework: Casework, review_id: int) -> Question | None:
    """The question of the worker's part to ask now: the one a jump or a step back set, else
    the first relevant one not answered that is not the household's."""
    state = casework.state(review_id)
    _walked, slots = interview.askable(casework.flow, state, WORKER, casework.today())
    cursor = state.get("cursor")
    slot = next((s for s in slots if s.path == cursor), None) if cursor else None
    slot = slot or next((s for s in slots if s.path not in state["answers"]
                         and s.field.who != HOUSEHOLD), None)
    return Question(slot, state["answers"].get(slot.path)) if slot else None


def _role(actor: Account | Link) -> str:
    return HOUSEHOLD if isinstance(actor, Link) else WORKER


def _actor_id(actor: Account | Link) -> str:
    return actor.account_id if isinstance(actor, Link) else actor.id
