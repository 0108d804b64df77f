"""Scripted households for the drills: linked to their cases by storage calls, answering the
question the bot shows like the tests' scripted person (first button, typed words)."""

from __future__ import annotations

from bench.load import link_households
from tests.telegram.harness import button_data, typed_answer
from tests.telegram.updates import User, callback, message

__all__ = ["answer_update", "households", "link_households"]


def households(count: int, first_id: int = 810_000_000) -> list[User]:
    """``count`` Telegram users (French app)."""
    return [User(first_id + n, f"Drill{n}", "fr") for n in range(count)]


def answer_update(question, shown: dict, user: User, toggled: set[str], today) -> dict:
    """The update answering ``question`` as shown in message ``shown``: the first choice (for
    "add another?": the first kind once, then no), one option then confirm for a multi-choice, else typed
    words. ``toggled`` holds the multi-choice paths whose option is already ticked."""
    slot, target = question.slot, shown["message_id"]
    if slot.adds_entry:
        return callback(button_data(shown, "a|")[0 if slot.index == 0 else -1], user, target)
    if slot.field.kind == "multi_choice":
        if question.path in toggled:
            return callback(button_data(shown, "c|")[0], user, target)
        toggled.add(question.path)
        return callback(button_data(shown, "t|")[0], user, target)
    if button_data(shown, "a|"):
        return callback(button_data(shown, "a|")[0], user, target)
    return message(typed_answer(slot, today), user)
