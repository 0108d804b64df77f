"""How questions and answers read to a person, in their language: shared by every channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake_bot.engine.interview import Progress, Question
from intake_bot.engine.walk import Slot, typed_value
from intake_bot.i18n.markers import N_
from intake_bot.engine.dates import to_solar_hijri, uses_solar_hijri
from intake_bot.i18n import choice_label, current_locale, field_text, format_value, pgettext, render
from intake_bot.questionnaire.model import Field, Flow

YES_NO = (("yes", N_("yes_no", "Oui")), ("no", N_("yes_no", "Non")))
BAR_WIDTH = 10
LABEL_END = " \t:：;?？؟.。።፧፡।"
SKIPPED_OWN = "tg.button_skip"  # issue 14: the household's own « Je ne sais pas », first person


@dataclass(frozen=True)
class Option:
    """A button or numbered option: the code sent back and the label shown."""

    code: str
    label: str


def section_title(flow: Flow, section_id: str, locale: str | None = None) -> str:
    """The translated heading of a section."""
    section = next(s for s in flow.sections if s.id == section_id)
    return pgettext(f"section.{section.id}", section.title, locale)


def question_label(slot: Slot, locale: str | None = None) -> str:
    """The words of the question, with the entry number inside a repeated group."""
    f = slot.field
    if slot.adds_entry:
        return field_text(f, "add_first" if slot.index == 0 else "add_more", locale)
    return field_text(f, "label", locale)


def entry_heading(flow: Flow, slot: Slot, locale: str | None = None) -> str | None:
    """"Les personnes de votre foyer : n° 2" for a question inside a group entry, else None."""
    if slot.index is None or slot.adds_entry:
        return None
    group = flow.field(slot.group_key)
    return render("chat.entry_heading", locale, group=field_text(group, "label", locale),
                  number=slot.index + 1)


def options(slot: Slot, locale: str | None = None) -> list[Option]:
    """The options offered for a question (empty for typed answers)."""
    f = slot.field
    if slot.adds_entry and f.add_with:  # one tap adds the entry and answers its first question
        first = f.fields[0]
        return ([Option(c.code, choice_label(first, c, locale)) for c in first.choices]
                + [Option("no", pgettext("yes_no", dict(YES_NO)["no"], locale))])
    if slot.adds_entry or f.kind == "yes_no":
        return [Option(code, pgettext("yes_no", label, locale)) for code, label in YES_NO]
    return [Option(c.code, choice_label(f, c, locale)) for c in f.choices]


def display_value(f: Field, value: Any, locale: str | None = None) -> str:
    """An answer as a person reads it: labels for codes, local formats for numbers and dates."""
    if value is None:
        return render("answer.not_given", locale)
    if f.kind in ("yes_no", "group") or isinstance(value, bool):
        label = dict(YES_NO)["yes" if value else "no"]  # a name: babel extracts only literals
        return pgettext("yes_no", label, locale)
    if f.kind == "single_choice":
        choice = f.choice(value)
        return choice_label(f, choice, locale) if choice else str(value)
    if f.kind == "multi_choice":
        return ", ".join(choice_label(f, f.choice(code), locale) for code in value if f.choice(code))
    if f.kind == "month_year" or (f.kind == "date" and f.precision == "month" and value.day == 1):
        return value.strftime("%m/%Y")
    if f.kind == "date" and uses_solar_hijri(locale or current_locale()):
        year, month, day = to_solar_hijri(value)
        return render("answer.date_two_calendars", locale, gregorian=format_value(value, locale),
                      solar_hijri=f"{day:02d}/{month:02d}/{year}")
    return format_value(value, locale)


def calendar_hint(f: Field, locale: str | None = None) -> str | None:
    """Under a date question the household answers: which calendar the date is written in
    (Gregorian; Gregorian or Solar Hijri for a Dari or Pashto household)."""
    if f.kind not in ("date", "month_year") or f.who == "worker":
        return None
    if uses_solar_hijri(locale or current_locale()):
        return render("hint.date_solar_hijri", locale)
    return render("hint.date_gregorian", locale)


def summary_label(label: str) -> str:
    """A label as it stands before « : answer » in a list of answers: its own end punctuation
    (« ? », « : », « . », and their Arabic, Ethiopic and Bengali forms) left out, so that a line
    never reads « ? : » or « :: » (nor a Spanish « ¿ » left open)."""
    bare = label.rstrip(LABEL_END) or label
    return bare[1:] if bare.startswith("¿") and "?" not in bare else bare


def record_text(f: Field, record: dict | None, locale: str | None = None, own: bool = False) -> str:
    """The stored answer of a question, as text ("ne sait pas" when skipped; with ``own``, the
    household reading its own answers, "Je ne sais pas", the words of its button)."""
    if record is not None and record.get("skipped"):
        return render(SKIPPED_OWN if own else "answer.skipped", locale)
    return display_value(f, typed_value(f, record), locale)


def current_answer_line(question: Question, locale: str | None = None, own: bool = False) -> str | None:
    """"Réponse actuelle : …" when the question being asked already has an answer (``own``: the
    household reading its own, a skip in its own words, « Je ne sais pas »)."""
    if question.record is None:
        return None
    return render("chat.current_answer", locale,
                  answer=record_text(question.field, question.record, locale, own=own))


def progress_bar(progress: Progress, locale: str | None = None) -> str:
    """▓▓▓░░░░░░░ 12 sur 40."""
    filled = round(progress.ratio * BAR_WIDTH)
    counts = render("chat.progress", locale, answered=progress.answered, total=progress.total)
    return "▓" * filled + "░" * (BAR_WIDTH - filled) + " " + counts


def suggestion_line(f: Field, suggested: tuple[str, ...], locale: str | None = None) -> str | None:
    """"Suggérés d'après les réponses : …" under the freins question, when the tool has some."""
    labels = [choice_label(f, f.choice(code), locale) for code in suggested if f.choice(code)]
    return render("chat.suggested_freins", locale, freins=", ".join(labels)) if labels else None
