"""French formatting of document values: every value a document shows is a finished string.

Amounts ``1 200,50 €`` (babel, fr_FR: the thousands separator is a narrow no-break space and
the space before ``€`` a no-break space, so Word never splits an amount across lines), dates
``12/03/1985``, percentages ``21,6 %``. An unanswered question reads « non renseigné »; a
question the person chose not to answer (skipped, « je ne sais pas ») reads « ne sait pas »,
which is information in itself. Nothing here returns None or an empty string.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal

from intake_bot.engine.walk import typed_value
from intake_bot.i18n import has_plural, render, render_plural
from intake_bot.presentation import display_value
from intake_bot.questionnaire.model import Choice, Field

FRENCH = "fr"
BABEL_FRENCH = "fr_FR"
NBSP = "\u00a0"
#: Free-text answers that are names or numbers: printed as typed, never « à traduire ».
AS_TYPED = frozenset({"first_name", "last_name", "organisation", "worker_name", "landlord_name",
                      "social_housing_application_number"})


def not_given() -> str:
    """« non renseigné »: the text of every unknown value."""
    return render("answer.not_given", FRENCH)


def skipped() -> str:
    """« ne sait pas »: the text of a question the person chose not to answer."""
    return render("answer.skipped", FRENCH)


def not_applicable() -> str:
    """« sans objet »: a question that does not apply to this household."""
    return render("doc.not_applicable", FRENCH)


def coded(prefix: str, code: str | None) -> str:
    """The document wording of a code (``doc.sex.female`` -> « Femme »); None -> « non
    renseigné »."""
    return not_given() if code is None else render(f"{prefix}.{code}", FRENCH)


def money(value: Decimal | None) -> str:
    """``Decimal('1200.5')`` -> ``1 200,50 €``; None -> « non renseigné »."""
    if value is None:
        return not_given()
    return format_currency(value, "EUR", locale=BABEL_FRENCH)


def percent(value: Decimal | None) -> str:
    """``Decimal('21.6')`` (already in percent) -> ``21,6 %``; None -> « non renseigné »."""
    if value is None:
        return not_given()
    return format_decimal(value, format="#,##0.0", locale=BABEL_FRENCH) + NBSP + "%"


def decimal(value: Decimal | None) -> str:
    """``Decimal('2.3')`` -> ``2,3`` (consumption units); None -> « non renseigné »."""
    if value is None:
        return not_given()
    return format_decimal(value, locale=BABEL_FRENCH)


def integer(value: int | None) -> str:
    """An integer in French; None -> « non renseigné »."""
    return not_given() if value is None else format_decimal(value, locale=BABEL_FRENCH)


def counted(prefix: str, count: int | Decimal, locale: str = FRENCH, shown: str | None = None) -> str:
    """« 1 mois », « 2 adultes »: an integer count through gettext's plural forms (the
    message ``doc.plural.*`` of the same name, see :func:`intake_bot.i18n.render_plural`);
    otherwise (« 2,9 unités »), message ``<prefix>.<form>`` where ``form`` is the plural
    category babel gives ``count`` in ``locale`` (``one``, ``few``, ``other``…); a category
    with no message of its own takes ``<prefix>.other``. ``shown`` is the count as printed
    (``2,9``) when it is not an integer."""
    from intake_bot.messages import MESSAGES, PLURALS

    plural_id = prefix.replace("doc.count.", "doc.plural.", 1)
    if (plural_id in PLURALS and count == int(count)  # gettext plural forms (ru, uk, ar…)
            and (locale == FRENCH or has_plural(plural_id, locale))):
        return render_plural(plural_id, int(count), locale, shown=shown)
    try:
        form = Locale.parse(locale.replace("-", "_")).plural_form(count)
    except (UnknownLocaleError, ValueError):
        form = "other"
    message_id = f"{prefix}.{form}" if f"{prefix}.{form}" in MESSAGES else f"{prefix}.other"
    return render(message_id, locale, count=shown if shown is not None else count)


def year(value: int | None) -> str:
    """A year as a year (``2019``, never « 2 019 »); None -> « non renseigné »."""
    return not_given() if value is None else str(value)


def day(value: date | None) -> str:
    """``date(1985, 3, 12)`` -> ``12/03/1985``; None -> « non renseigné »."""
    return not_given() if value is None else value.strftime("%d/%m/%Y")


def language_name(code: str | None) -> str:
    """The French name of a language code (``uk`` -> ``ukrainien``; ``fa_AF`` -> ``dari``, the
    name its speakers and French services use, where babel says « persan (Afghanistan) »)."""
    if not code:
        return not_given()
    if code.replace("-", "_") == "fa_AF":
        return render("doc.language.fa_AF", FRENCH)
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(FRENCH) or code
    except (UnknownLocaleError, ValueError):
        return code


def value_text(f: Field, value: Any) -> str:
    """A typed answer in French (labels for codes, French formats); None -> « non renseigné »."""
    if value is None:
        return not_given()
    if f.kind == "date":
        return day(value)
    if f.kind == "money":
        return money(value)
    if f.kind == "integer":
        return year(value) if is_year(f) else integer(value)
    if f.kind == "single_choice" and f.choice(value):
        return choice_text(f.choice(value))
    if f.kind == "multi_choice":
        return ", ".join(choice_text(f.choice(code)) for code in value if f.choice(code))
    return display_value(f, value, FRENCH)


def is_year(f: Field) -> bool:
    """True for a question whose answer is a year (``past_eviction_year``)."""
    return f.id == "year" or f.id.endswith("_year")


def choice_text(choice: Choice) -> str:
    """A choice as documents write it: its administrative wording (``doc``), else its label."""
    return choice.doc or choice.label


def record_value(f: Field, record: dict | None) -> str:
    """The stored answer of ``f`` in French; free text with its translation status."""
    if record is None:
        return not_given()
    if record.get("skipped"):
        return skipped()
    if f.kind == "text":
        as_typed = f.id in AS_TYPED or not f.prose  # names, places, references (issue 14)
        return str(record.get("value") or "") or not_given() if as_typed else free_text(record)
    return value_text(f, typed_value(f, record))


def free_text(record: dict) -> str:
    """A free-text answer shown in French, saying how it was translated.

    * a translation in the record (``{"text", "machine", "lang"}``) differing from the typed
      words -> « texte (traduction automatique, original en persan : …) » (or « traduction »
      when made by a person);
    * no translation and the answer was given in another language -> the original followed by
      « (à traduire, original en … ) »;
    * otherwise the text as typed.
    """
    original = str(record.get("value") or "")
    if not original:
        return not_given()
    translation = record.get("translation") or {}
    lang = translation.get("lang") or record.get("lang") or FRENCH
    text = translation.get("text")
    if text and text != original:
        key = "doc.translation.machine" if translation.get("machine") else "doc.translation.human"
        return render(key, FRENCH, text=text, language=language_name(lang), original=original)
    if not text and not _is_french(lang) and any(c.isalpha() for c in original):
        return render("doc.translation.pending", FRENCH, original=original,
                      language=language_name(lang))
    return original


def _is_french(code: str) -> bool:
    return code.replace("-", "_").split("_")[0].lower() == FRENCH
