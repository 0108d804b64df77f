"""The compiled questionnaire: immutable dataclasses built from the flow files.

A flow file (``intake_bot/flows/NN_theme.yaml``) describes one section::

    section: household            # section id (stable, snake_case)
    title: Composition du foyer   # French title, shown as a heading
    who: household                # default audience of its fields: household | worker | both
    fields:
      - id: birth_date            # stable snake_case id, unique in the whole questionnaire
        kind: date                # see KINDS
        label: Quelle est votre date de naissance ?
        hint: "Par exemple : 12/03/1985"          # optional
        doc_label: Date de naissance              # optional, short French label for documents
        relevant: "sex is not none"                # optional expression: ask only when true
        constraint: "value <= today"               # optional expression over `value`
        error: error.birth_date_future              # id in intake_bot.messages, shown when it fails
        required: true                             # cannot be skipped ("je ne sais pas")
        consent: true                              # yes_no only: a consent only the household
                                                   # gives (a worker records it only as
                                                   # expressed in the worker's presence)
      - id: members
        kind: group                                # repeated group
        label: Les autres personnes de votre foyer
        add_first: Une autre personne vit-elle avec vous ?
        add_more: Encore une autre personne vit-elle avec vous ?
        fields: [...]                              # the fields of one entry

Kinds and their extra keys:
  single_choice, multi_choice: ``choices`` (ordered mapping code -> French label, or
    code -> ``{label: …, doc: …}`` where ``doc`` is the administrative wording documents print
    instead of a first-person label); multi_choice may list ``exclusive`` codes (e.g.
    ``none``) that cannot be combined.
  yes_no: ``consent`` optional (see above); the value is True or False.
  integer, money: ``min`` / ``max`` optional (money in euros, Decimal).
  date, month_year: use constraints for bounds; a date may declare ``precision: month`` when
    its day is not needed (``10/2024`` is then accepted, as the first day of that month).
  text: ``max_length`` (default 1000); ``prose`` (default: true when ``max_length`` is over
    200): the answer is sentences, whose language may be detected and which may be translated;
    false for names, places, references (``current_referent: prose: false``).
  note: information only, nothing is stored but the fact it was shown.
  group: ``fields``, ``add_first``, ``add_more``, ``max_entries`` (default 20); ``add_with``
    (its first field, a single choice: the "add?" question offers its options, one tap adds the
    entry with that answer); ``lines: true`` (the "add?" question also reads several entries typed
    in one message, "loyer 780, eau 30": see engine.budget_lines).
  single_choice, multi_choice: ``hide_choices`` (expression -> codes): those options are not
    offered while the expression holds (no "French" residence option after "outside the EU").
  text, yes_no: ``also`` (the id of the next field of the same group, or of the questionnaire):
    one message may answer both (issue 14). A text field takes its answer from the start of the
    message and the other field's from the rest ("Sofiia 11/09/2012", "14000 Caen"); a yes/no
    field reads any typed answer of the other field as "yes, and this" (a repayment "100").
    Without the other part, only this field is answered and the other is asked next.
  any field: ``derive`` (an expression): when it gives a value, the engine records that value
    as the answer (marked ``derived``) instead of asking; a person's own answer always wins.

Expressions are Jinja2 expressions evaluated in a sandbox (see engine.expressions). Names
available: every top-level field id (its typed value, or none when unanswered or skipped), every
group id (a list of entries, each a dict of field id -> value), ``today``, and inside a group
``item`` (the current entry) and ``index``. ``value`` is the candidate answer in constraints.
Functions: ``age_on``, ``months_between``, ``add_months`` and ``is_latin(text)`` (true when every
letter is Latin, or the text is none: a name as on a residence permit) and ``has_digit(text)``
(true when the text holds a digit of any script).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = (
    "single_choice",
    "multi_choice",
    "yes_no",
    "integer",
    "money",
    "date",
    "month_year",
    "text",
    "note",
    "group",
)
AUDIENCES = ("household", "worker", "both")
ROLES = ("household", "worker")


@dataclass(frozen=True)
class Choice:
    """One answer option: a stable code, its French label, and optionally its administrative
    wording for documents (``doc``: « Titulaire du permis de conduire » where the household
    reads « J'ai le permis de conduire »)."""

    code: str
    label: str
    doc: str | None = None


@dataclass(frozen=True)
class Field:
    """One question (or a repeated group of questions) of the questionnaire.

    ``key`` is the field's id qualified by its group (``members.birth_date``); it is the gettext
    context of every string of the field and the id tests and documents refer to.
    """

    id: str
    key: str
    kind: str
    label: str
    section: str
    who: str = "household"
    hint: str | None = None
    doc_label: str | None = None
    relevant: str | None = None
    constraint: str | None = None
    error: str | None = None
    required: bool = False
    consent: bool = False
    choices: tuple[Choice, ...] = ()
    exclusive: tuple[str, ...] = ()
    min: Any = None
    max: Any = None
    max_length: int = 1000
    precision: str = "day"
    prose: bool = False
    stop_if: str | None = None
    stop_message: str | None = None
    add_first: str | None = None
    add_more: str | None = None
    max_entries: int = 20
    fields: tuple["Field", ...] = ()
    derive: str | None = None
    add_with: str | None = None
    lines: bool = False
    hide_choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    also: str | None = None

    @property
    def is_group(self) -> bool:
        """True for a repeated group."""
        return self.kind == "group"

    def asked_to(self, role: str) -> bool:
        """True when a person in ``role`` may answer this field."""
        return role == "worker" or self.who in (role, "both")

    def choice(self, code: str) -> Choice | None:
        """The choice with ``code``, or None."""
        return next((c for c in self.choices if c.code == code), None)


@dataclass(frozen=True)
class Section:
    """One theme of the diagnostic: a heading and its fields, in order."""

    id: str
    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True, eq=False)
class Flow:
    """The whole questionnaire: sections in order, and every field by key. Compared and hashed
    by identity: what is computed once per flow is cached on it (hashing its contents would cost
    more than a walk)."""

    sections: tuple[Section, ...]
    by_key: dict[str, Field] = field(default_factory=dict, compare=False)

    def field(self, key: str) -> Field:
        """The field with this key (``birth_date``, ``members.birth_date``)."""
        return self.by_key[key]

    def keys(self) -> list[str]:
        """Every field key, groups and their members included, in questionnaire order."""
        return list(self.by_key)
