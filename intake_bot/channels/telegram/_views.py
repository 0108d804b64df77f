"""Questions, answers and menus as Telegram texts and inline keyboards (pure functions).

Wording comes from :mod:`intake_bot.presentation` and the message catalog; this module only lays
it out for a chat: one question per message, options as buttons, long texts cut at 4096.
"""

from __future__ import annotations

from typing import Iterable

from intake_bot.casework import Casework, Screen
from intake_bot.channels.budget_summary import budget_lines_summary
from intake_bot.engine.interview import Question
from intake_bot.engine.walk import Slot, typed_value
from intake_bot.glossary import Term, terms_in
from intake_bot.i18n import LANGUAGES, field_text, is_rtl, pgettext, render
from intake_bot.presentation import (
    calendar_hint, current_answer_line, entry_heading, options, progress_bar, question_label, record_text,
    section_title, summary_label,
)
from intake_bot.questionnaire.model import Field
from intake_bot.translation.base import same_language
from intake_bot.channels.telegram._callbacks import (
    Answer, Confirm, Explain, FixTranslation, Jump, Language, Section, Skip, Toggle, Witnessed, slot_ref,
)
from intake_bot.channels.telegram._outbox import Button

MESSAGE_LIMIT = 4096
SUGGESTED_FIELD = "freins"
BUTTON_LABEL_MAX = 48
CHANGE_PAGE = 25
RLM = "\u200f"
HOUSEHOLD = "household"
Rows = list[list[Button]]


def directed(text: str, locale: str) -> str:
    """Right-to-left mark at the start of each line for RTL languages (so lines align right)."""
    if not is_rtl(locale):
        return text
    return "\n".join(RLM + line for line in text.split("\n"))


def short_label(label: str) -> str:
    """A label cut to fit on a button."""
    return label if len(label) <= BUTTON_LABEL_MAX else label[: BUTTON_LABEL_MAX - 1].rstrip() + "…"


def _selected(question: Question, pending: list[str] | None) -> set[str]:
    if pending is not None:
        return set(pending)
    value = typed_value(question.field, question.record)
    return set(value or [])


def question_view(casework: Casework, case_id: int, screen: Screen, locale: str,
                  pending: list[str] | None = None, error: str | None = None,
                  below: str | None = None, witness: bool = False) -> tuple[str, Rows]:
    """The text and buttons of the question asked now in case ``case_id`` (``pending``:
    multi-choice selection); with ``below``, the question again in that language under it
    (bilingual display); ``witness``: a worker, who records a consent only as the household
    expressed it in their presence."""
    question = screen.question
    slot, flow = question.slot, casework.flow
    own = not witness  # the household reads its own answers
    below = below if below and below != locale else None
    lines = ["⚠ " + error] if error else []
    lines += [progress_bar(screen.progress, locale),
              section_title(flow, slot.field.section, locale)]
    heading = entry_heading(flow, slot, locale)
    lines += [heading] if heading else []
    for note in question.notes:  # issue 14: a note is shown above the question after it
        lines += ["", question_label(note, locale)]
    if slot.field.key == SUGGESTED_FIELD and witness:  # the worker sees the budget first
        lines += ["", *budget_lines_summary(casework.figures(case_id), locale)]
    lines += ["", *_wording(slot, locale)]
    witness = witness and slot.field.consent
    rows, listed = _option_rows(casework, case_id, question, locale, pending, below, witness)
    lines += listed
    if witness:
        lines.append(render("tg.w.consent_witness", locale))
    if slot.field.kind == "multi_choice":
        lines.append(render("tg.multi_hint", locale))
    current = current_answer_line(question, locale, own=own)
    lines += [current] if current else []
    rows += _extra_rows(casework, case_id, slot, locale)
    text = directed("\n".join(lines), locale)
    if below:
        text += "\n\n" + directed("\n".join(_below_lines(slot, below, bool(listed))), below)
    return text, rows


def _wording(slot: Slot, locale: str) -> list[str]:
    """The question and its hint."""
    hint = "" if slot.adds_entry else field_text(slot.field, "hint", locale)
    calendar = None if slot.adds_entry else calendar_hint(slot.field, locale)
    return [question_label(slot, locale)] + ([hint] if hint else []) + ([calendar] if calendar else [])


def _below_lines(slot: Slot, below: str, numbered: bool) -> list[str]:
    """The question in the second language, with the numbered options when they are long."""
    lines = [render("tg.french_below", below), *_wording(slot, below)]
    if numbered:
        lines += [f"{n}. {o.label}" for n, o in enumerate(options(slot, below), start=1)]
    return lines


def _option_rows(casework: Casework, case_id: int, question: Question, locale: str,
                 pending: list[str] | None, below: str | None = None,
                 witness: bool = False) -> tuple[Rows, list[str]]:
    slot = question.slot
    ref = slot_ref(casework.flow, slot)
    offered = options(slot, locale)
    if slot.field.kind == "note" or not offered:
        return [], []
    multi = slot.field.kind == "multi_choice" and not slot.adds_entry
    chosen = _selected(question, pending) if multi else set()
    long = any(len(o.label) > BUTTON_LABEL_MAX for o in offered)
    second = {o.code: o.label for o in options(slot, below)} if below else {}
    rows, listed = [], []
    for number, option in enumerate(offered, start=1):
        label = (f"{number}. {short_label(option.label)}" if long
                 else _both(option.label, second.get(option.code), locale))
        if multi:
            label = ("✓ " if option.code in chosen else "▫ ") + label
        rows.append([Button(*_option_button(case_id, ref, option.code, label, multi, witness, locale))])
        listed += [f"{number}. {option.label}"] if long else []
    return rows, listed


def _option_button(case_id: int, ref: str, code: str, label: str, multi: bool, witness: bool,
                   locale: str) -> tuple[str, str]:
    if witness:
        return (short_label(render("tg.w.witnessed_button", locale, label=label)),
                Witnessed(case_id, ref, code).pack())
    return label, (Toggle if multi else Answer)(case_id, ref, code).pack()


def _both(label: str, french: str | None, locale: str) -> str:
    """"household label / French label" when it fits on a button, else the household label."""
    if not french or french == label:
        return label
    both = render("tg.bilingual_button", locale, label=label, french=french)
    return both if len(both) <= BUTTON_LABEL_MAX else label


def _extra_rows(casework: Casework, case_id: int, slot: Slot, locale: str) -> Rows:
    ref = slot_ref(casework.flow, slot)
    f = slot.field
    if f.kind == "note":
        continue_row = [Button(render("tg.button_continue", locale), Answer(case_id, ref, "ok").pack())]
        return [continue_row] + _glossary_row(f, case_id, ref, locale)
    rows = []
    if f.kind == "multi_choice" and not slot.adds_entry:
        rows.append([Button(render("tg.button_confirm", locale), Confirm(case_id, ref).pack())])
    if not (f.required or slot.adds_entry):
        rows.append([Button(render("tg.button_skip", locale), Skip(case_id, ref).pack())])
    return rows + _glossary_row(f, case_id, ref, locale)


def _glossary_row(f: Field, case_id: int, ref: str, locale: str) -> Rows:
    """The "?" button, when the question's French words include glossary terms."""
    if not question_terms(f):
        return []
    return [[Button(render("tg.button_glossary", locale), Explain(case_id, ref).pack())]]


def question_terms(f: Field) -> tuple[Term, ...]:
    """The glossary terms in the French text of a question: label, hint, entry questions, choices."""
    texts = [f.label, f.hint, f.add_first, f.add_more, *(c.label for c in f.choices or ())]
    return terms_in("\n".join(t for t in texts if t))


def explanations(terms: tuple[Term, ...], locale: str, below: str | None = None) -> str:
    """The terms explained in ``locale`` (one paragraph each), then in ``below`` when given."""
    text = directed("\n\n".join(pgettext(f"glossary.{t.id}", t.explanation, locale) for t in terms), locale)
    if below and below != locale:
        text += "\n\n" + render("tg.french_below", below) + "\n" + explanations(terms, below)
    return text


def language_picker(preferred: str, current: str | None = None) -> tuple[str, Rows]:
    """The language menu: every language in its own name, ``preferred`` first and marked."""
    codes = [preferred] + [c for c in LANGUAGES if c != preferred]
    marked = current or preferred
    rows = [[Button(("✓ " if code == marked else "") + LANGUAGES[code].native_name,
                    Language(code).pack())] for code in codes]
    return render("chat.choose_language", preferred), rows


def answer_label(slot: Slot, locale: str) -> str:
    """The short label of an answered question (numbered inside a group entry), without its own
    end punctuation: it is followed by « : answer »."""
    label = field_text(slot.field, "doc_label", locale) if locale == "fr" else ""
    label = summary_label(label or question_label(slot, locale))
    if slot.index is not None and not slot.adds_entry:
        return render("tg.entry_label", locale, label=label, number=slot.index + 1)
    return label


def answered_slots(casework: Casework, case_id: int, role: str,
                   section: str | None = None) -> list[Slot]:
    """The relevant questions of ``role`` that have an answer (notes left out), in order."""
    answers = casework.state(case_id)["answers"]
    return [s for s in casework.walk(case_id).slots
            if s.path in answers and s.field.kind != "note" and s.field.asked_to(role)
            and (section is None or s.field.section == section)]


def answer_lines(casework: Casework, case_id: int, role: str, locale: str,
                 show_raw: bool = False) -> list[str]:
    """One line per answer, section titles between; ``show_raw`` adds the words typed. The
    household reads a skipped question in its own words (« Je ne sais pas »)."""
    answers = casework.state(case_id)["answers"]
    lines, section = [], None
    own = role == HOUSEHOLD
    for slot in answered_slots(casework, case_id, role):
        if slot.field.section != section:
            section = slot.field.section
            lines += ["", section_title(casework.flow, section, locale)]
        record = answers[slot.path]
        shown = record_text(slot.field, record, locale, own=own)
        raw = (record.get("raw") or "").strip()
        params = {"label": answer_label(slot, locale), "answer": shown}
        translated = translation_line(params["label"], record, locale) if show_raw else None
        if translated:
            lines.append(translated)
        elif show_raw and raw and raw != shown and slot.field.kind != "text":
            lines.append(render("tg.answer_line_raw", locale, raw=raw, **params))
        else:
            lines.append(render("tg.answer_line", locale, **params))
    return lines


def foreign_text(record: dict) -> bool:
    """True for a free-text answer written in another language than French."""
    translation = record.get("translation") or {}
    return bool(translation.get("lang")) and not same_language(translation["lang"], "fr")


def translation_line(label: str, record: dict, locale: str) -> str | None:
    """For the worker: the words written and their French translation (or « à traduire »)."""
    if not foreign_text(record):
        return None
    translation = record["translation"]
    params = {"label": label, "original": record.get("value") or ""}
    if translation.get("pending") or not translation.get("text"):
        return render("tg.w.answer_untranslated", locale, **params)
    message = "tg.w.answer_machine" if translation.get("machine") else "tg.w.answer_translated"
    return render(message, locale, translation=translation["text"], **params)


def translation_rows(casework: Casework, case_id: int, role: str, locale: str) -> Rows:
    """One "corriger la traduction" button per free-text answer in another language."""
    answers = casework.state(case_id)["answers"]
    return [[Button(short_label(render("tg.w.fix_button", locale, label=answer_label(s, locale))),
                    FixTranslation(case_id, slot_ref(casework.flow, s)).pack())]
            for s in answered_slots(casework, case_id, role) if foreign_text(answers[s.path])]


def change_sections(casework: Casework, case_id: int, role: str, locale: str) -> Rows:
    """One button per section that has answers."""
    sections = [s.id for s in casework.flow.sections]
    present = {s.field.section for s in answered_slots(casework, case_id, role)}
    return [[Button(section_title(casework.flow, sid, locale), Section(case_id, n, 0).pack())]
            for n, sid in enumerate(sections) if sid in present]


def change_questions(casework: Casework, case_id: int, role: str, locale: str,
                     section_number: int, page: int = 0) -> Rows:
    """One button per answered question of a section, a page at a time."""
    section = casework.flow.sections[section_number].id
    answers = casework.state(case_id)["answers"]
    slots = answered_slots(casework, case_id, role, section)
    shown = slots[page * CHANGE_PAGE:(page + 1) * CHANGE_PAGE]
    rows = [[Button(short_label(render("tg.change_button", locale, label=answer_label(s, locale),
                                  answer=record_text(s.field, answers[s.path], locale,
                                                     own=role == HOUSEHOLD))),
                    Jump(case_id, slot_ref(casework.flow, s)).pack())] for s in shown]
    if len(slots) > (page + 1) * CHANGE_PAGE:
        rows.append([Button(render("tg.button_more", locale),
                            Section(case_id, section_number, page + 1).pack())])
    return rows


def chunks(lines: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into messages of at most ``limit`` characters (a longer line is cut)."""
    messages, current = [], ""
    for line in lines:
        while len(line) > limit:
            messages, current = _flush(messages, current), ""
            messages.append(line[:limit])
            line = line[limit:]
        candidate = current + "\n" + line if current else line
        if len(candidate) > limit:
            messages, current = _flush(messages, current), line
        else:
            current = candidate
    return _flush(messages, current)


def _flush(messages: list[str], current: str) -> list[str]:
    return messages + [current] if current.strip() else messages
