"""Tests of the answer parsers: tables of what people type, then properties over any input."""

from __future__ import annotations

import pickle
import string
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_bot.engine.parsing import (
    InvalidAnswer,
    normalize_digits,
    parse_choice,
    parse_date,
    parse_integer,
    parse_money,
    parse_month_year,
    parse_multi_choice,
    parse_yes_no,
)
from intake_bot.messages import MESSAGES

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"
NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
LONG = "1" * 4000

YES = ["oui", "yes", "так", "نعم", "بله", "ouais", "d'accord"]
NO = ["non", "no", "ні", "لا", "نه"]
OPTIONS = [
    ("salaire", "Salaire"),
    ("chomage", "Allocations chômage"),
    ("rsa", "RSA"),
    ("caf", "Allocations familiales"),
    ("aucun", "Aucun revenu"),
]
CODES = [code for code, _ in OPTIONS]
FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def to_script(text: str, digits: str) -> str:
    """``text`` with its ASCII digits written with ``digits`` (e.g. Arabic-Indic)."""
    return text.translate(str.maketrans("0123456789", digits))


def raised(call, *args, **kwargs) -> InvalidAnswer:
    """The InvalidAnswer raised by ``call``, checked against the catalog of messages."""
    with pytest.raises(InvalidAnswer) as info:
        call(*args, **kwargs)
    error = info.value
    assert error.message_id in MESSAGES
    MESSAGES[error.message_id].format(**error.params)  # every placeholder is filled
    return error


# --- InvalidAnswer and normalize_digits ------------------------------------------------------


def test_invalid_answer_keeps_id_and_params():
    error = InvalidAnswer("error.integer_range", min=1, max=9)
    assert (error.message_id, error.params) == ("error.integer_range", {"min": 1, "max": 9})
    assert "error.integer_range" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message_id, copy.params) == (error.message_id, error.params)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("०१२३", "0123"),  # Devanagari, via unicodedata.decimal
        ("１２３", "123"),  # full width, via NFKC
        ("۱۲۰۰٫۵۰", "1200,50"),
        ("١٬٢٠٠", "1 200"),
        (f"1{NBSP}200{NNBSP}000{THIN}5", "1 200 000 5"),
        (f"{RLM}12{LRM}/03{ALM}/1985\u202b\u202c\u2066\u2069", "12/03/1985"),
        ("−5", "-5"),
        ("abc 12", "abc 12"),
        ("", ""),
    ],
)
def test_normalize_digits(text, expected):
    assert normalize_digits(text) == expected


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 200,50 €", "1200.50"),
        (f"1{NBSP}200,50{NBSP}€", "1200.50"),
        (f"1{NNBSP}200,50", "1200.50"),
        ("1200.50", "1200.50"),
        ("1.200,50", "1200.50"),
        ("1,200.50", "1200.50"),
        ("1'200.50", "1200.50"),
        ("1’200,50", "1200.50"),
        ("1200", "1200.00"),
        ("1 200", "1200.00"),
        ("12 345 678,90", "12345678.90"),
        ("1.200.000", "1200000.00"),
        ("1,200,000", "1200000.00"),
        ("1.200.000,05", "1200000.05"),
        ("1,234,567.89", "1234567.89"),
        ("450€", "450.00"),
        ("450 €", "450.00"),
        ("€ 450", "450.00"),
        ("€450", "450.00"),
        ("450 euros", "450.00"),
        ("450 Euros", "450.00"),
        ("450 euro", "450.00"),
        ("450 eur", "450.00"),
        ("450 EUR", "450.00"),
        ("EUR 450", "450.00"),
        ("450 يورو", "450.00"),
        ("450 євро", "450.00"),
        ("1,5", "1.50"),
        ("1,50", "1.50"),
        ("1.5", "1.50"),
        ("0,99", "0.99"),
        ("0", "0.00"),
        ("0450", "450.00"),
        ("١٢٠٠", "1200.00"),
        ("۱۲۰۰٫۵۰", "1200.50"),
        ("١٬٢٠٠٫٥", "1200.50"),
        ("٤٥٠ €", "450.00"),
        ("  450  ", "450.00"),
        (f"{RLM}450{RLM}", "450.00"),
        (f"{RLM}€ {LRM}1 200,50{RLM}", "1200.50"),
        ("１２００", "1200.00"),
    ],
)
def test_money_accepted(text, expected):
    amount = parse_money(text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # exactly two places, never a float's digits


@pytest.mark.parametrize(
    ("text", "message_id"),
    [
        ("1,200", "error.money_ambiguous"),
        ("1.200", "error.money_ambiguous"),
        ("12,345", "error.money_ambiguous"),
        ("999.000", "error.money_ambiguous"),
        ("١٫٢٠٠", "error.money_ambiguous"),
        ("1,200 €", "error.money_ambiguous"),
        ("1,2345", "error.money_invalid"),
        ("1234,567", "error.money_invalid"),  # cannot be thousands: three decimals
        ("0,500", "error.money_invalid"),
        ("1 200,505", "error.money_invalid"),
        ("1.200,505", "error.money_invalid"),
        ("1,200.500", "error.money_invalid"),
        ("1.200.50", "error.money_invalid"),
        ("1,200,50", "error.money_invalid"),
        ("1 20", "error.money_invalid"),
        ("12 00", "error.money_invalid"),
        ("1 2000", "error.money_invalid"),
        ("0 200", "error.money_invalid"),
        ("1 200.000,50", "error.money_invalid"),
        ("1.20.000", "error.money_invalid"),
        ("1200.", "error.money_invalid"),
        (",50", "error.money_invalid"),
        ("1e5", "error.money_invalid"),
        ("NaN", "error.money_invalid"),
        ("Infinity", "error.money_invalid"),
        ("0x10", "error.money_invalid"),
        ("1_000", "error.money_invalid"),
        ("", "error.money_invalid"),
        ("   ", "error.money_invalid"),
        ("€", "error.money_invalid"),
        ("abc", "error.money_invalid"),
        ("quatre cent cinquante", "error.money_invalid"),
        ("450 € par mois", "error.money_invalid"),
        ("💶 450", "error.money_invalid"),
        ("450 👍", "error.money_invalid"),
        ("{{ 450 }}", "error.money_invalid"),
        ("<b>450</b>", "error.money_invalid"),
        ("450 $", "error.money_invalid"),
        (LONG, "error.money_invalid"),
        ("1" * 19, "error.money_invalid"),
        ("-450", "error.money_negative"),
        ("−450", "error.money_negative"),
        ("- 450 €", "error.money_negative"),
        ("€ -450", "error.money_negative"),
        ("-1 200,50", "error.money_negative"),
        ("-abc", "error.money_invalid"),
    ],
)
def test_money_refused(text, message_id):
    assert raised(parse_money, text).message_id == message_id


def test_money_ambiguous_quotes_the_answer():
    assert raised(parse_money, f"{RLM}1,200 €").params == {"text": "1,200 €"}


def test_money_quoted_answer_is_short():
    text = "1,200 " + "€" * 10
    assert raised(parse_money, "1,200 €").params["text"] == "1,200 €"
    assert raised(parse_money, text).message_id == "error.money_invalid"


@pytest.mark.parametrize(
    ("text", "maximum", "expected"),
    [
        ("5000", Decimal("5000"), "5000.00"),
        ("4 999,99", Decimal("5000"), "4999.99"),
        ("0", Decimal("0"), "0.00"),
    ],
)
def test_money_up_to_maximum(text, maximum, expected):
    assert parse_money(text, maximum=maximum) == Decimal(expected)


@pytest.mark.parametrize(("text", "maximum"), [("5000,01", "5000"), ("1 000 000", "999999.99")])
def test_money_above_maximum(text, maximum):
    error = raised(parse_money, text, maximum=Decimal(maximum))
    assert (error.message_id, error.params) == ("error.money_too_large", {"max": Decimal(maximum)})


# --- integers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        (" 3 ", 3),
        ("03", 3),
        ("0", 0),
        ("٣", 3),
        ("۱۲", 12),
        ("１２", 12),
        (f"{RLM}4{RLM}", 4),
        ("1 200", 1200),
        (f"1{NBSP}200", 1200),
        ("-2", -2),
        ("−2", -2),
        ("9" * 18, int("9" * 18)),
    ],
)
def test_integer_accepted(text, expected):
    assert parse_integer(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "3 ou 4",
        "trois ou quatre",
        "environ 3",
        "3.0",
        "3,5",
        "1.200",
        "1 20",
        "12 3",
        "+3",
        "3-",
        "½",
        "3️⃣",
        "{{ 1 }}",
        "<b>1</b>",
        "1e3",
        "0x1",
        "1_000",
        LONG,
        "1" * 19,
    ],
)
def test_integer_invalid(text):
    assert raised(parse_integer, text).message_id == "error.integer_invalid"


@pytest.mark.parametrize(
    ("text", "minimum", "maximum", "expected"),
    [
        ("1", 1, 20, 1),
        ("20", 1, 20, 20),
        ("٢٠", 1, 20, 20),
        ("0", 0, None, 0),
        ("99", None, 99, 99),
    ],
)
def test_integer_within_range(text, minimum, maximum, expected):
    assert parse_integer(text, minimum, maximum) == expected


@pytest.mark.parametrize(
    ("text", "minimum", "maximum"),
    [
        ("0", 1, 20),
        ("21", 1, 20),
        ("٢١", 1, 20),
        ("-1", 0, None),
        ("100", None, 99),
        (LONG, 1, 20),
    ],
)
def test_integer_out_of_range(text, minimum, maximum):
    error = raised(parse_integer, text, minimum, maximum)
    assert error.message_id == "error.integer_range"
    assert error.params == {"min": minimum, "max": maximum}


# --- dates ---------------------------------------------------------------------------------

MARCH_12 = date(1985, 3, 12)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("12/03/1985", "fr", MARCH_12),
        ("12/3/1985", "fr", MARCH_12),
        ("12.03.1985", "fr", MARCH_12),
        ("12-03-1985", "fr", MARCH_12),
        ("12 / 03 / 1985", "fr", MARCH_12),
        ("1985-03-12", "fr", MARCH_12),
        ("1985/03/12", "fr", MARCH_12),
        ("12 3 1985", "fr", MARCH_12),
        ("12 03 1985", "fr", MARCH_12),
        ("03/04/2020", "fr", date(2020, 4, 3)),  # day first, never month first
        ("12 mars 1985", "fr", MARCH_12),
        ("12 Mars 1985", "fr", MARCH_12),
        ("12 MARS 1985", "fr", MARCH_12),
        ("le 12 mars 1985", "fr", MARCH_12),
        ("1er mars 1985", "fr", date(1985, 3, 1)),
        ("1ᵉʳ mars 1985", "fr", date(1985, 3, 1)),
        ("12 march 1985", "fr", MARCH_12),
        ("March 12, 1985", "fr", MARCH_12),
        ("March 12th, 1985", "fr", MARCH_12),
        ("12th of March 1985", "fr", MARCH_12),
        ("12 mar 1985", "fr", MARCH_12),
        ("12 févr. 1985", "fr", date(1985, 2, 12)),
        ("12 fevrier 1985", "fr", date(1985, 2, 12)),
        ("12 FÉVRIER 1985", "fr", date(1985, 2, 12)),
        ("15 aout 2001", "fr", date(2001, 8, 15)),
        ("15 août 2001", "en", date(2001, 8, 15)),  # French is always understood
        ("3 décembre 1999", "fr", date(1999, 12, 3)),
        ("29 février 2020", "fr", date(2020, 2, 29)),
        ("12 mars 1985.", "fr", MARCH_12),
        ("١٢/٠٣/١٩٨٥", "ar", MARCH_12),
        ("۱۲/۰۳/۱۹۸۵", "fa", MARCH_12),
        (f"{RLM}١٢{RLM}/{RLM}٠٣{RLM}/{RLM}١٩٨٥{RLM}", "ar", MARCH_12),
        ("١٢ مارس ١٩٨٥", "ar", MARCH_12),
        ("۱۲ مارچ ۱۹۸۵", "fa_AF", MARCH_12),
        ("12 березня 1985", "uk", MARCH_12),
        ("12 Березень 1985", "uk", MARCH_12),
        ("12 бер. 1985", "uk", MARCH_12),
        ("12 mars 1985", "xx_unknown", MARCH_12),  # an unknown locale keeps fr and en
    ],
)
def test_date_accepted(text, locale, expected):
    assert parse_date(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "locale", "message_id"),
    [
        ("12/03/85", "fr", "error.date_two_digit_year"),
        ("12.03.85", "fr", "error.date_two_digit_year"),
        ("12 mars 85", "fr", "error.date_two_digit_year"),
        ("١٢/٠٣/٨٥", "ar", "error.date_two_digit_year"),
        ("31/02/2020", "fr", "error.date_impossible"),
        ("29/02/2019", "fr", "error.date_impossible"),
        ("12/13/1985", "fr", "error.date_impossible"),
        ("03/31/2020", "fr", "error.date_impossible"),  # month first is not guessed
        ("00/03/1985", "fr", "error.date_impossible"),
        ("1985-02-30", "fr", "error.date_impossible"),
        ("32 mars 1985", "fr", "error.date_impossible"),
        ("31 avril 2020", "fr", "error.date_impossible"),
        ("12/03/0000", "fr", "error.date_impossible"),
        ("12/03/198", "fr", "error.date_invalid"),
        ("12/03/19855", "fr", "error.date_invalid"),
        ("12/03-1985", "fr", "error.date_invalid"),
        ("12/03", "fr", "error.date_invalid"),
        ("1985", "fr", "error.date_invalid"),
        ("19850312", "fr", "error.date_invalid"),
        ("12 marsh 1985", "fr", "error.date_invalid"),
        ("12 1985", "fr", "error.date_invalid"),
        ("mars 1985", "fr", "error.date_invalid"),
        ("12 mars", "fr", "error.date_invalid"),
        ("hier", "fr", "error.date_invalid"),
        ("", "fr", "error.date_invalid"),
        ("🎂 12/03/1985", "fr", "error.date_invalid"),
        ("{{ 12/03/1985 }}", "fr", "error.date_invalid"),
        ("<b>12/03/1985</b>", "fr", "error.date_invalid"),
        ("12 مارس 1985", "fr", "error.date_invalid"),  # Arabic names only with locale ar
        (LONG, "fr", "error.date_invalid"),
    ],
)
def test_date_refused(text, locale, message_id):
    assert raised(parse_date, text, locale).message_id == message_id


def test_impossible_date_quotes_the_answer():
    assert raised(parse_date, f"{RLM}٣١/٠٢/٢٠٢٠ ").params == {"text": "31/02/2020"}


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("03/2025", "fr", date(2025, 3, 1)),
        ("3/2025", "fr", date(2025, 3, 1)),
        ("03.2025", "fr", date(2025, 3, 1)),
        ("03-2025", "fr", date(2025, 3, 1)),
        ("03 2025", "fr", date(2025, 3, 1)),
        ("2025-03", "fr", date(2025, 3, 1)),
        ("2025/3", "fr", date(2025, 3, 1)),
        ("mars 2025", "fr", date(2025, 3, 1)),
        ("Mars 2025", "fr", date(2025, 3, 1)),
        ("March 2025", "fr", date(2025, 3, 1)),
        ("march, 2025", "fr", date(2025, 3, 1)),
        ("déc. 2024", "fr", date(2024, 12, 1)),
        ("decembre 2024", "fr", date(2024, 12, 1)),
        ("août 2024", "fr", date(2024, 8, 1)),
        ("mars de 2025", "fr", date(2025, 3, 1)),
        ("٠٣/٢٠٢٥", "ar", date(2025, 3, 1)),
        ("۰۳/۲۰۲۵", "fa", date(2025, 3, 1)),
        ("مارس ٢٠٢٥", "ar", date(2025, 3, 1)),
        ("березень 2025", "uk", date(2025, 3, 1)),
        (f"{RLM}03/2025{RLM}", "fr", date(2025, 3, 1)),
    ],
)
def test_month_year_accepted(text, locale, expected):
    assert parse_month_year(text, locale) == expected


@pytest.mark.parametrize(
    ("text", "message_id"),
    [
        ("03/25", "error.date_two_digit_year"),
        ("mars 25", "error.date_two_digit_year"),
        ("13/2025", "error.month_year_invalid"),
        ("00/2025", "error.month_year_invalid"),
        ("2025-13", "error.month_year_invalid"),
        ("03/0000", "error.month_year_invalid"),
        ("03/202", "error.month_year_invalid"),
        ("12/03/2025", "error.month_year_invalid"),
        ("2025", "error.month_year_invalid"),
        ("mars", "error.month_year_invalid"),
        ("12 mars 2025", "error.month_year_invalid"),
        ("marsh 2025", "error.month_year_invalid"),
        ("", "error.month_year_invalid"),
        ("{{ 03/2025 }}", "error.month_year_invalid"),
        ("📅", "error.month_year_invalid"),
        (LONG, "error.month_year_invalid"),
    ],
)
def test_month_year_refused(text, message_id):
    assert raised(parse_month_year, text).message_id == message_id


# --- yes / no ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("Oui", True),
        ("OUI !", True),
        ("  oui.  ", True),
        ("yes", True),
        ("Так", True),
        ("نعم", True),
        (f"{RLM}نعم{RLM}", True),
        ("بله", True),
        ("D'accord", True),
        ("d’accord", True),
        ("{{ oui }}", True),  # braces are punctuation; the answer is only ever a bool
        ("non", False),
        ("Non.", False),
        ("NO", False),
        ("ні", False),
        ("لا", False),
        ("نه", False),
    ],
)
def test_yes_no_accepted(text, expected):
    assert parse_yes_no(text, YES, NO) is expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "?!", "1", "2", "o", "peut-être", "oui non", "👍", "oui 👍", "<b>oui</b>"]
    + [LONG],
)
def test_yes_no_refused(text):
    assert raised(parse_yes_no, text, YES, NO).message_id == "error.yes_no_invalid"


def test_yes_no_accents_of_the_words_do_not_matter():
    assert parse_yes_no("Sí", ["si"], ["no"]) is True
    assert parse_yes_no("si", ["sí"], ["no"]) is True


def test_yes_no_word_in_both_sets_is_refused():
    assert raised(parse_yes_no, "ok", ["ok"], ["ok"]).message_id == "error.yes_no_invalid"


def test_yes_no_accepts_generators():
    assert parse_yes_no("non", (w for w in YES), (w for w in NO)) is False


# --- choices -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", "salaire"),
        ("5", "aucun"),
        (" 2 ", "chomage"),
        ("2.", "chomage"),
        ("(2)", "chomage"),
        ("2️⃣", "chomage"),
        ("٣", "rsa"),
        ("۴", "caf"),
        (f"{RLM}٣{RLM}", "rsa"),
        ("salaire", "salaire"),
        ("rsa", "rsa"),
        ("chomage", "chomage"),  # the code
        ("Allocations chômage", "chomage"),  # the label
        ("allocations chomage", "chomage"),
        ("ALLOCATIONS   CHÔMAGE", "chomage"),
        ("allocations-chômage", "chomage"),
        ("Aucun revenu.", "aucun"),
        ("auc", "aucun"),  # prefix of one label
        ("allocations f", "caf"),
        ("sal", "salaire"),
    ],
)
def test_choice_accepted(text, expected):
    assert parse_choice(text, OPTIONS) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "0",
        "6",
        "-1",
        "1 2",
        "1,2",
        "12",
        "sa",  # prefix too short
        "allocations",  # prefix of two labels
        "salaires",
        "autre",
        "?",
        "👍",
        "{{ 1 }}",
        "<b>1</b>",
        LONG,
    ],
)
def test_choice_refused(text):
    assert raised(parse_choice, text, OPTIONS).message_id == "error.choice_invalid"


def test_choice_number_is_the_position_even_when_a_label_is_a_number():
    options = [("deux", "2"), ("un", "1")]
    assert parse_choice("1", options) == "deux"
    assert parse_choice("2", options) == "un"


def test_choice_in_arabic_and_cyrillic_labels():
    options = [("owner", "مالك"), ("tenant", "مستأجر"), ("other", "Інше")]
    assert parse_choice("مستاجر", options) == "tenant"
    assert parse_choice("інше", options) == "other"
    assert parse_choice("٢", options) == "tenant"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,3,4", ["salaire", "rsa", "caf"]),
        ("1 3 4", ["salaire", "rsa", "caf"]),
        ("1, 3 et 4", ["salaire", "rsa", "caf"]),
        ("1;3 and 4", ["salaire", "rsa", "caf"]),
        ("4,3,1", ["salaire", "rsa", "caf"]),
        ("3,1,3,3", ["salaire", "rsa"]),
        ("١،٣", ["salaire", "rsa"]),
        ("۱، ۳", ["salaire", "rsa"]),
        ("١ و ٣", ["salaire", "rsa"]),
        ("1\n3", ["salaire", "rsa"]),
        ("1,,3,", ["salaire", "rsa"]),
        (f"{RLM}1{RLM},{RLM}3", ["salaire", "rsa"]),
        ("2", ["chomage"]),
        ("salaire, rsa", ["salaire", "rsa"]),
        ("Salaire et RSA", ["salaire", "rsa"]),
        ("allocations chômage; allocations familiales", ["chomage", "caf"]),
        ("Allocations chômage\nSalaire", ["salaire", "chomage"]),
        ("sal, 3", ["salaire", "rsa"]),
        ("5", ["aucun"]),
        ("Aucun revenu", ["aucun"]),
    ],
)
def test_multi_choice_accepted(text, expected):
    assert parse_multi_choice(text, OPTIONS, exclusive=["aucun"]) == expected


def test_multi_choice_label_containing_separators():
    options = [("eau", "Eau et électricité"), ("loyer", "Loyer, charges"), ("autre", "Autre")]
    assert parse_multi_choice("eau et électricité", options) == ["eau"]
    assert parse_multi_choice("Loyer, charges", options) == ["loyer"]
    assert parse_multi_choice("3, eau et électricité", options) == ["eau", "autre"]


@pytest.mark.parametrize(
    ("text", "message_id", "params"),
    [
        ("", "error.choice_empty", {}),
        ("   ", "error.choice_empty", {}),
        (",", "error.choice_empty", {}),
        (" ; ، ", "error.choice_empty", {}),
        ("1,7", "error.choice_unknown", {"text": "7"}),
        ("1 0", "error.choice_unknown", {"text": "0"}),
        ("1, 3, chien", "error.choice_unknown", {"text": "chien"}),
        ("1, allocations", "error.choice_unknown", {"text": "allocations"}),
        ("١،٩", "error.choice_unknown", {"text": "9"}),
        ("1 3 chien", "error.choice_unknown", {"text": "1 3 chien"}),
        ("👍", "error.choice_unknown", {"text": "👍"}),
        ("{{ 1 }}", "error.choice_unknown", {"text": "{{ 1 }}"}),
        ("<b>1</b>", "error.choice_unknown", {"text": "<b>1<"}),  # "/" separates pieces
        (LONG, "error.choice_unknown", {"text": "1" * 39 + "…"}),
        ("1, 5", "error.choice_exclusive", {"label": "Aucun revenu"}),
        ("aucun et rsa", "error.choice_exclusive", {"label": "Aucun revenu"}),
        ("5 1", "error.choice_exclusive", {"label": "Aucun revenu"}),
    ],
)
def test_multi_choice_refused(text, message_id, params):
    error = raised(parse_multi_choice, text, OPTIONS, exclusive=["aucun"])
    assert (error.message_id, error.params) == (message_id, params)


def test_multi_choice_exclusive_alone_and_repeated_is_fine():
    assert parse_multi_choice("5, 5", OPTIONS, exclusive=iter(["aucun"])) == ["aucun"]


def test_multi_choice_without_exclusive_accepts_everything():
    assert parse_multi_choice("1 2 3 4 5", OPTIONS) == CODES


# --- properties ----------------------------------------------------------------------------

AMOUNTS = st.decimals(
    min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False
)
MONEY_STYLES = [
    "space_comma",
    "nbsp_comma",
    "plain_dot",
    "plain_comma",
    "dot_comma",
    "comma_dot",
    "apostrophe_dot",
    "arabic",
]
CURRENCIES = ["{}", "{} €", "{}€", "€ {}", "{} euros", "{} EUR", f"{RLM}{{}}{RLM}"]
SCRIPTS = st.sampled_from([string.digits, ARABIC_DIGITS, PERSIAN_DIGITS])


def group(units: str, separator: str) -> str:
    """``units`` grouped by thousands with ``separator`` (only from 1000 on)."""
    head = units[: len(units) % 3 or 3]
    rest = [units[i : i + 3] for i in range(len(head), len(units), 3)]
    return separator.join([head, *rest])


def format_amount(amount: Decimal, style: str, euro: str, script: str) -> str:
    """``amount`` written as a person would in ``style``, with the currency and digits given."""
    units, cents = f"{amount:.2f}".split(".")
    thousands, decimal_mark = {
        "space_comma": (" ", ","),
        "nbsp_comma": (NNBSP, ","),
        "plain_dot": ("", "."),
        "plain_comma": ("", ","),
        "dot_comma": (".", ","),
        "comma_dot": (",", "."),
        "apostrophe_dot": ("'", "."),
        "arabic": ("٬", "٫"),
    }[style]
    text = f"{group(units, thousands)}{decimal_mark}{cents}"
    return to_script(euro.format(text), script)


@settings(max_examples=300, deadline=None)
@given(
    amount=AMOUNTS,
    style=st.sampled_from(MONEY_STYLES),
    euro=st.sampled_from(CURRENCIES),
    script=SCRIPTS,
)
def test_money_round_trips(amount, style, euro, script):
    text = format_amount(amount, style, euro, script)
    parsed = parse_money(text)
    assert parsed == amount
    assert parsed.as_tuple().exponent == -2


@settings(max_examples=200, deadline=None)
@given(units=st.integers(min_value=0, max_value=999_999), script=SCRIPTS)
def test_whole_euros_grouped_by_spaces_round_trip(units, script):
    assert parse_money(to_script(group(str(units), " "), script)) == Decimal(units)


@settings(max_examples=100, deadline=None)
@given(
    head=st.integers(min_value=1, max_value=999),
    tail=st.integers(min_value=0, max_value=999),
    mark=st.sampled_from(",."),
)
def test_lone_mark_before_three_digits_is_always_ambiguous(head, tail, mark):
    assert raised(parse_money, f"{head}{mark}{tail:03d}").message_id == "error.money_ambiguous"


@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=-(10**15), max_value=10**15), script=SCRIPTS)
def test_integer_round_trips(value, script):
    assert parse_integer(to_script(str(value), script)) == value


DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    day=DATES,
    style=st.sampled_from(
        ["{d:%d/%m/%Y}", "{d:%Y-%m-%d}", "{d:%d.%m.%Y}", "{d.day}/{d.month}/{d:%Y}"]
        + ["french", "english"]
    ),
    script=SCRIPTS,
)
def test_date_round_trips(day, style, script):
    if style == "french":
        text = f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day:%Y}"
    elif style == "english":
        text = f"{day:%B} {day.day}, {day:%Y}"
    else:
        text = style.format(d=day)
    assert parse_date(to_script(text, script)) == day


@settings(max_examples=200, deadline=None)
@given(
    day=DATES,
    style=st.sampled_from(["{d:%m/%Y}", "{d.month}/{d:%Y}", "{d:%Y-%m}", "{d:%m.%Y}", "french"]),
)
def test_month_year_round_trips(day, style):
    if style == "french":
        text = f"{FRENCH_MONTHS[day.month - 1].upper()} {day:%Y}"
    else:
        text = style.format(d=day)
    assert parse_month_year(text) == day.replace(day=1)


@settings(max_examples=100, deadline=None)
@given(
    chosen=st.sets(st.sampled_from(range(1, 5)), min_size=1),
    separator=st.sampled_from([",", ", ", " ", ";", " et ", " and ", "،"]),
)
def test_multi_choice_numbers_round_trip(chosen, separator):
    text = separator.join(str(n) for n in sorted(chosen, reverse=True))
    expected = [CODES[n - 1] for n in sorted(chosen)]
    assert parse_multi_choice(text, OPTIONS, exclusive=["aucun"]) == expected


# Any text — or text made of the characters parsers care about — gives a value or InvalidAnswer.
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴٫٬ ,.'’/-−€eurosmarsMARS\u200f\xa0", max_size=30),
)


def outcome(call, *args):
    """The value returned, or the InvalidAnswer raised (checked against the catalog)."""
    try:
        return call(*args)
    except InvalidAnswer as error:
        assert error.message_id in MESSAGES
        MESSAGES[error.message_id].format(**error.params)
        return error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT)
def test_any_text_gives_a_value_or_invalid_answer(text):
    assert isinstance(normalize_digits(text), str)
    money = outcome(parse_money, text, Decimal("100000"))
    assert isinstance(money, InvalidAnswer) or (
        isinstance(money, Decimal) and 0 <= money <= 100000 and money.as_tuple().exponent == -2
    )
    integer = outcome(parse_integer, text, 0, 99)
    assert isinstance(integer, InvalidAnswer) or (type(integer) is int and 0 <= integer <= 99)
    for parse in (parse_date, parse_month_year):
        for locale in ("fr", "ar", "uk"):
            assert isinstance(outcome(parse, text, locale), (date, InvalidAnswer))
    assert isinstance(outcome(parse_yes_no, text, YES, NO), (bool, InvalidAnswer))
    choice = outcome(parse_choice, text, OPTIONS)
    assert isinstance(choice, InvalidAnswer) or choice in CODES
    chosen = outcome(parse_multi_choice, text, OPTIONS, ["aucun"])
    assert isinstance(chosen, InvalidAnswer) or (
        chosen and chosen == [code for code in CODES if code in chosen]
    )


# --- issue 14: answers people type ------------------------------------------------------------

from intake_bot.engine import numbers  # noqa: E402
from intake_bot.engine.reader import Reply, read_reply  # noqa: E402
from intake_bot.engine.walk import Slot  # noqa: E402
from intake_bot.i18n import vocabulary_for  # noqa: E402
from intake_bot.questionnaire.compiler import load_flow  # noqa: E402

TODAY = date(2026, 12, 3)


def read(key: str, text: str, locale: str = "fr"):
    """The value read for ``text`` typed in ``locale`` to the question ``key`` of the flow."""
    value, skipped = read_reply(Slot(key, load_flow().field(key)), Reply(text=text),
                                vocabulary_for(locale), TODAY)
    assert not skipped
    return value


@pytest.mark.parametrize(("key", "text", "locale", "expected"), [
    # each answer the issue lists as refused, with the value now read
    ("arrears_months", "6 mois", "fr", 6),
    ("arrears_months", "5 місяців", "uk", 5),
    ("animals", "1 chat", "fr", 1),
    ("animals", "один кіт", "uk", 1),
    ("moves_last_5_years", "zéro", "fr", 0),
    ("social_housing_application_date", "aujourd'hui", "fr", TODAY),
    ("social_housing_application_date", "10/2024", "fr", date(2024, 10, 1)),
    ("animals", "خمسة", "ar", 5),
    ("birth_date", "۱۲/۰۳/۱۳۶۴", "fa_AF", date(1985, 6, 2)),
    # and their neighbours
    ("arrears_months", "3 enfants", "fr", 3),
    ("arrears_months", "6mois", "fr", 6),
    ("arrears_months", "trois mois", "fr", 3),
    ("arrears_months", "Zero", "en", 0),
    ("arrears_months", "two months", "en", 2),
    ("arrears_months", "٦ أشهر", "ar", 6),
    ("arrears_months", "خمسه", "ar", 5),
    ("arrears_months", "۶ ماه", "fa_AF", 6),
    ("arrears_months", "پنج ماه", "fa_AF", 5),
    ("arrears_months", "چار", "fa_AF", 4),
    ("arrears_months", "درې میاشتې", "ps", 3),
    ("arrears_months", "ሰለስተ ወርሒ", "ti", 3),
    ("arrears_months", "saddex bilood", "so", 3),
    ("arrears_months", "три месяца", "ru", 3),
    ("arrears_months", "дві", "uk", 2),
    ("arrears_months", "სამი თვე", "ka", 3),
    ("arrears_months", "tre muaj", "sq", 3),
    ("arrears_months", "üç ay", "tr", 3),
    ("arrears_months", "on bir", "tr", 11),
    ("arrears_months", "tres meses", "es", 3),
    ("arrears_months", "duas", "pt", 2),
    ("arrears_months", "trei luni", "ro", 3),
    ("arrears_months", "তিন মাস", "bn", 3),
    ("animals", "une chienne", "fr", 1),
    ("birth_date", "1364/03/12", "ps", date(1985, 6, 2)),
    ("birth_date", "12 جوزا 1364", "fa_AF", date(1985, 6, 2)),
    ("birth_date", "12/03/1985", "fa_AF", date(1985, 3, 12)),  # Gregorian stays Gregorian
    ("birth_date", "today", "en", TODAY),
    ("birth_date", "сьогодні", "uk", TODAY),
    ("birth_date", "امروز", "fa_AF", TODAY),
    ("social_housing_application_date", "octobre 2024", "fr", date(2024, 10, 1)),
    ("social_housing_application_date", "15/10/2024", "fr", date(2024, 10, 15)),
    ("current_housing_since", "۰۳/۱۴۰۲", "fa_AF", date(2023, 6, 1)),
    ("arrears_cause", "1, 3", "fr", ["job_loss", "illness"]),
])
def test_answers_people_type_are_read(key, text, locale, expected):
    assert read(key, text, locale) == expected


@pytest.mark.parametrize(("key", "text", "locale", "message_id"), [
    ("arrears_months", "2 ans", "fr", "error.integer_invalid"),       # not a number of months
    ("arrears_months", "2 роки", "uk", "error.integer_invalid"),
    ("arrears_months", "3 semaines", "fr", "error.integer_invalid"),
    ("arrears_months", "3 ou 4", "fr", "error.integer_invalid"),      # two numbers
    ("arrears_months", "trois ou quatre", "fr", "error.integer_invalid"),
    ("arrears_months", "environ 5", "fr", "error.integer_invalid"),   # a hedge
    ("arrears_months", "6 mois et demi", "fr", "error.integer_invalid"),
    ("arrears_months", "5 petits chats noirs", "fr", "error.integer_invalid"),
    ("arrears_months", "نه", "fa_AF", "error.integer_invalid"),       # "nine" and "no"
    ("arrears_months", "beaucoup", "fr", "error.integer_invalid"),
    ("birth_date", "10/2024", "fr", "error.date_invalid"),             # a day is needed here
    ("birth_date", "aujourd'hui demain", "fr", "error.date_invalid"),
    ("birth_date", "31/12/1364", "fa_AF", "error.date_impossible"),   # Esfand has 29 or 30 days
    ("birth_date", "12 جوزا 1985", "fa_AF", "error.date_invalid"),     # Hijri month, Gregorian year
])
def test_unclear_answers_are_still_refused(key, text, locale, message_id):
    with pytest.raises(InvalidAnswer) as info:
        read(key, text, locale)
    assert info.value.message_id == message_id
    assert message_id in MESSAGES


def test_a_solar_hijri_year_is_only_read_as_such_for_dari_and_pashto():
    assert parse_date("12/03/1364", "fr") == date(1364, 3, 12)  # then "before 1900" applies
    assert parse_date("12/03/1364", "fa_AF") == date(1985, 6, 2)
    assert parse_date("12/03/1364", "ps") == date(1985, 6, 2)
    assert parse_date("12/03/1299", "fa_AF") == date(1299, 3, 12)  # outside 1300–1420


@pytest.mark.parametrize("locale", numbers.LOCALES)
def test_number_words_zero_to_twenty_in_every_language(locale):
    own = {value for word, value in numbers._words_of(locale).items()
           if numbers.fold_word(word) in numbers.number_words(locale)}
    missing = set(range(21)) - own
    assert missing == ({9} if locale == "fa_AF" else set())  # Dari « نه » is also "no"


@pytest.mark.parametrize(("locale", "word", "value"), [
    # the hand-written tables (num2words lacks these languages): a sample checked
    ("ps", "پنځه", 5), ("ps", "لس", 10), ("ps", "شل", 20), ("ps", "نهه", 9),
    ("ti", "ሰለስተ", 3), ("ti", "ዓሰርተ ሓደ", 11), ("ti", "ዕስራ", 20),
    ("so", "shan", 5), ("so", "laba iyo toban", 12), ("so", "labaatan", 20),
    ("ka", "შვიდი", 7), ("ka", "თორმეტი", 12), ("ka", "ოცი", 20),
    ("sq", "katër", 4), ("sq", "dymbëdhjetë", 12), ("sq", "njëzet", 20),
    # and what num2words gives, with the other forms people write
    ("ar", "خمسة", 5), ("ar", "اثنين", 2), ("fa_AF", "هفت", 7), ("bn", "পাঁচ", 5),
    ("uk", "один", 1), ("uk", "одна", 1), ("ru", "ноль", 0), ("tr", "sekiz", 8),
    ("es", "quince", 15), ("pt", "dezasseis", 16), ("pt", "dezesseis", 16), ("ro", "două", 2),
    ("fr", "zéro", 0), ("fr", "dix-sept", 17), ("en", "twenty", 20),
])
def test_number_word_samples(locale, word, value):
    assert numbers.number_value(word, locale) == value


def test_a_word_meaning_two_numbers_is_left_out():
    # "once" is 11 in Spanish; it is not an English number word, so it stays 11
    assert numbers.number_value("once", "es") == 11
    assert numbers.number_value("نه", "fa_AF") is None and numbers.number_value("نه", "ps") is None


def test_a_solar_hijri_birth_date_passes_the_1900_rule_and_reads_back_in_both_calendars():
    from datetime import datetime, timezone

    from intake_bot.casework import Casework
    from intake_bot.presentation import record_text
    from intake_bot.storage.memory import MemoryStorage

    casework = Casework(MemoryStorage(), clock=lambda: datetime(2026, 12, 3, 9, tzinfo=timezone.utc))
    case_id = casework.storage.create_case(created_by="w").id
    for path, text in [("consent_information", ""), ("consent_collect", "بله"),
                       ("birth_date", "۱۲/۰۳/۱۳۶۴")]:
        outcome = casework.answer(case_id, Reply(text=text, path=path), "household", "fa_AF")
        assert outcome.accepted, (path, outcome.error)
    record = casework.state(case_id)["answers"]["birth_date"]
    assert record["value"] == "1985-06-02"
    shown = record_text(load_flow().field("birth_date"), record, "fa_AF")
    assert "12/03/1364" in shown and "1985" in shown
    assert "1364" not in record_text(load_flow().field("birth_date"), record, "fr")


def test_date_hints_say_which_calendar():
    from intake_bot.i18n import render
    from intake_bot.presentation import calendar_hint

    birth = load_flow().field("birth_date")
    assert calendar_hint(birth, "fa_AF") == render("hint.date_solar_hijri", "fa_AF")
    assert calendar_hint(birth, "ps") == render("hint.date_solar_hijri", "ps")
    assert calendar_hint(birth, "fr") == render("hint.date_gregorian", "fr")
    assert calendar_hint(load_flow().field("animals"), "fa_AF") is None
    assert calendar_hint(load_flow().field("diagnostic_date"), "fr") is None  # the worker's


def test_month_precision_is_shown_as_month_and_year():
    from intake_bot.presentation import display_value

    field = load_flow().field("social_housing_application_date")
    assert display_value(field, date(2024, 10, 1), "fr") == "10/2024"


def test_the_console_refusal_does_not_speak_of_buttons():
    from intake_bot.channels.console import _console_render
    from intake_bot.i18n import render

    assert "Touchez" in render("error.choice_invalid", "fr")
    assert "Touchez" not in _console_render("error.choice_invalid")
    assert _console_render("error.choice_invalid") == render("error.choice_invalid_console", "fr")


def _household_case():
    from datetime import datetime, timezone

    from intake_bot.casework import Casework
    from intake_bot.storage.memory import MemoryStorage

    casework = Casework(MemoryStorage(), clock=lambda: datetime(2026, 12, 3, 9, tzinfo=timezone.utc))
    case_id = casework.storage.create_case(created_by="w").id
    for path, text in [("consent_information", ""), ("consent_collect", "oui")]:
        assert casework.answer(case_id, Reply(text=text, path=path), "household", "fa_AF").accepted
    return casework, case_id


def _asked(casework, case_id, key):
    return key in {slot.path for slot in casework.walk(case_id).slots}


@pytest.mark.parametrize(("first", "last", "asked"), [
    ("زهرا", "رحیمی", True), ("Zahra", "رحیمی", True), ("Олена", "Коваленко", True),
    ("Zahra", "Rahimi", False), ("Hélène", "Ørsted-Nuñez", False),
])
def test_the_latin_name_is_asked_when_the_name_is_in_another_script(first, last, asked):
    casework, case_id = _household_case()
    for path, text in [("first_name", first), ("last_name", last)]:
        assert casework.answer(case_id, Reply(text=text, path=path), "household", "fa_AF").accepted
    assert _asked(casework, case_id, "name_latin") is asked


def test_the_latin_name_goes_first_on_the_documents():
    from intake_bot.documents.context import applicant_name

    casework, case_id = _household_case()
    pairs = [("first_name", "زهرا"), ("last_name", "رحیمی"), ("name_latin", "رحیمی زهرا")]
    outcomes = [casework.answer(case_id, Reply(text=t, path=p), "household", "fa_AF") for p, t in pairs]
    assert outcomes[-1].error.id == "error.name_not_latin"
    assert casework.answer(case_id, Reply(text="RAHIMI Zahra", path="name_latin"), "household",
                           "fa_AF").accepted
    answers = casework.walk(case_id).context
    assert applicant_name(answers) == "RAHIMI Zahra (زهرا رحیمی)"
