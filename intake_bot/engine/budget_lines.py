"""Several budget lines typed in one message: "loyer 780, électricité 60" (issue 14).

A group declared ``lines: true`` (resources, charges, debts) lets its first "add?" question read
one line per amount: a type named with the words of its label (in French or in the person's
language, any part of a word of three letters or more) and an amount in euros. Lines are
separated by a new line, ``;`` or a comma followed by a space (``95,40`` stays one amount).
Amounts are read with :func:`intake_bot.engine.parsing.parse_money`. A resource line naming
one person of the household by first name says who receives it ("salaire Taras 1100").
"""

from __future__ import annotations

import re
from decimal import Decimal

from intake_bot.engine import parsing
from intake_bot.engine.parsing import InvalidAnswer
from intake_bot.engine.vocabulary import Vocabulary
from intake_bot.questionnaire.model import Field

SEPARATORS = re.compile(r"\n|;|,\s+|\s+\+\s+")
AMOUNT = re.compile(r"(?:€\s*)?[0-9][0-9 .,']*(?:\s*(?:€|euros?|eur))?", re.IGNORECASE)
WORD = re.compile(r"\w+")
SHORTEST_WORD = 3

#: Words people use for a type that its label does not contain (French, any language's label
#: words are read from the catalog). code -> extra words.
EXTRA_WORDS = {
    "resources": {"housing_benefit": ("apl", "als", "alf", "caf logement"), "salary": ("paie",),
                  "unemployment_benefit": ("are", "chomage"), "family_allowances": ("af",),
                  "asylum_seeker_allowance": ("ada",)},
    "charges": {"energy": ("edf", "engie", "gaz", "electricite"), "phone_internet": ("portable", "box"),
                "childcare_canteen": ("creche", "nounou"), "loans": ("credit",),
                "transport": ("bus", "navigo", "essence")},
    "debts": {"landlord": ("loyer", "loyers", "bailleur", "proprietaire"),
              "energy": ("edf", "engie", "electricite", "gaz"), "bank": ("credit", "pret")},
}


def looks_like_lines(text: str) -> bool:
    """True when ``text`` holds at least one amount beside words (not a bare yes/no)."""
    cleaned = parsing.normalize_digits(text)
    return bool(re.search(r"[0-9]", cleaned)) and bool(re.search(r"[^\W\d_]{2,}", cleaned))


def _lines(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(parsing.normalize_digits(text)) if part.strip()]


def parse_lines(group: Field, text: str, vocabulary: Vocabulary) -> list[tuple[str, Decimal]]:
    """(type code, amount) for each line of ``text``; raises InvalidAnswer naming the line."""
    kind_field, amount_field = group.fields[0], _amount_field(group)
    lines = _lines(text)
    if not lines:
        raise InvalidAnswer("error.budget_lines_invalid", text=text[:40])
    read = []
    for line in lines:
        label, amount = _split_line(line)
        code = _choice_for(group.key, kind_field, label, vocabulary)
        maximum = Decimal(str(amount_field.max)) if amount_field.max is not None else None
        read.append((code, _amount(amount, maximum, line)))
    return read


def _amount(text: str, maximum: Decimal | None, line: str) -> Decimal:
    """The line's amount; an unreadable one is told with the whole line (« loyer 780 60 »)."""
    try:
        return parsing.parse_money(text, maximum)
    except InvalidAnswer as invalid:
        if invalid.message_id != "error.money_invalid":
            raise
        raise InvalidAnswer("error.budget_lines_invalid", text=line[:40]) from invalid


def _amount_field(group: Field) -> Field:
    return next(f for f in group.fields if f.kind == "money")


def _split_line(line: str) -> tuple[str, str]:
    """(label words, amount) of one line, the amount before or after the words."""
    matches = [m for m in AMOUNT.finditer(line) if m.group().strip()]
    if len(matches) != 1:
        raise InvalidAnswer("error.budget_lines_invalid", text=line[:40])
    found = matches[0]
    label = (line[:found.start()] + " " + line[found.end():]).strip(" :=-")
    if not label:
        raise InvalidAnswer("error.budget_lines_invalid", text=line[:40])
    return label, found.group().strip().rstrip(",.")


def _choice_for(group_key: str, f: Field, label: str, vocabulary: Vocabulary) -> str:
    """The one choice whose label words the typed ``label`` names best."""
    typed = [parsing.word_key(w) for w in WORD.findall(label)]
    typed = [w for w in typed if len(w) >= 2]
    extra = EXTRA_WORDS.get(group_key.rsplit(".", 1)[-1], {})
    scores = {}
    for choice in f.choices:
        more = {parsing.word_key(w) for phrase in extra.get(choice.code, ()) for w in phrase.split()}
        labels = (_words(choice.label) | more, _words(vocabulary.choice_label(f, choice)) | more)
        scores[choice.code] = max(_score(typed, words) for words in labels)
    best = max(scores.values(), default=(0, 0, 0.0))
    winners = [code for code, score in scores.items() if score == best]
    if best[0] == 0 or len(winners) != 1:
        raise InvalidAnswer("error.budget_lines_unknown", text=label[:40])
    return winners[0]


def _score(typed: list[str], words: set[str]) -> tuple[int, int, float]:
    """How well typed words name a label: words named, of them named whole, then the share of
    the label they cover ("maaş" names "Maaş" better than "Emekli maaşı")."""
    named = sum(1 for t in typed if _names(t, words))
    whole = sum(1 for t in typed if t in words)
    covered = sum(1 for w in words if any(_names(t, {w}) for t in typed))
    return named, whole, covered / len(words) if words else 0.0


def _words(label: str) -> set[str]:
    return {parsing.word_key(w) for w in WORD.findall(label)} - {""}


def _names(typed: str, words: set[str]) -> bool:
    """A typed word names a label word when equal, or a start of it of three letters or more."""
    return any(typed == w or (len(typed) >= SHORTEST_WORD and w.startswith(typed)) for w in words)


def people_by_name(context: dict) -> dict[str, str]:
    """First name (as compared) -> who receives a resource (the ``owner`` codes of the
    resources group): the applicant, the partner, another member of the household."""
    people: dict[str, str] = {}
    named = [(context.get("first_name"), "applicant")] + [
        (m.get("first_name"), "partner" if m.get("relation") == "partner" else "other_member")
        for m in context.get("members") or ()]
    for name, owner in named:
        for word in WORD.findall(name or ""):
            key = parsing.word_key(word)
            if len(key) >= SHORTEST_WORD:
                people[key] = owner if people.get(key, owner) == owner else ""  # "": ambiguous
    return {key: owner for key, owner in people.items() if owner}


def line_owners(text: str, people: dict[str, str]) -> list[str | None]:
    """For each line of ``text``, who receives it when the line names one person of the
    household by first name ("salaire Taras 1100", also "зарплата Тараса"), else None."""
    owners = []
    for line in _lines(text):
        words = [parsing.word_key(w) for w in WORD.findall(line)]
        found = {owner for name, owner in people.items() if any(w == name or w.startswith(name) for w in words)}
        owners.append(found.pop() if len(found) == 1 else None)
    return owners


def entry_records(group: Field, read: list[tuple[str, Decimal]], start: int,
                  owners: list[str | None] | None = None) -> dict[str, tuple]:
    """path -> (field, value) for entries ``start``, ``start + 1``… and the closing "no more";
    with ``owners``, who receives each (when the group asks it)."""
    kind_field, amount_field = group.fields[0], _amount_field(group)
    owner_field = next((f for f in group.fields if f.id == "owner"), None)
    records: dict[str, tuple] = {}
    for offset, (code, amount) in enumerate(read):
        index = start + offset
        records[f"{group.key}[{index}]"] = (group, True)
        records[f"{group.key}[{index}].{kind_field.id}"] = (kind_field, code)
        records[f"{group.key}[{index}].{amount_field.id}"] = (amount_field, amount)
        if owner_field is not None and owners and owners[offset]:
            records[f"{group.key}[{index}].{owner_field.id}"] = (owner_field, owners[offset])
    records[f"{group.key}[{start + len(read)}]"] = (group, False)
    return records
