"""Issue 14: catalog wording found wrong in review stays fixed (compiled catalogs and .po entries)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from intake_bot.i18n import pgettext

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
BUDGET_SENTENCES = {
    "chat.budget_rest": "Reste à vivre : {rest} par mois, soit {per_day} par jour et par unité de "
                        "consommation. Taux d'effort : {effort}.",
    "doc.sentence.budget": "Reste à vivre : {rav} par mois, soit {rav_day} par jour et par unité de "
                           "consommation. Taux d'effort : {effort}.",
}
EFFORT_BASES = ("doc.effort.base.with_housing_benefit", "doc.effort.base.without_housing_benefit")
# The word-for-word renderings the review found (« rest to live », « effort rate »…).
CALQUES = {
    "es": ("Resto para vivir", "Tasa de esfuerzo"),
    "pt": ("Montante para viver", "Taxa de esforço"),
    "ru": ("Остаток на жизнь", "Чистая доля расходов"),
    "uk": ("Залишок на життя", "Чиста частка витрат"),
    "fa_AF": ("پول باقی‌مانده برای زندگی", "نسبت مصرف خانه", "نسبت خالص مصرف خانه"),
    "ka": ("საცხოვრებლად დარჩენილი თანხა", "წმინდა დატვირთვა"),
    "bn": ("জীবনযাপনের জন্য বাকি টাকা", "নিট খরচের হার"),
}
PS_BUTTONS = ("tg.button_delete", "tg.button_keep", "tg.w.erase_yes", "tg.w.erase_no",
              "tg.w.link_accept", "tg.w.link_refuse", "tg.button_bilingual_on", "tg.button_bilingual_off")
PS_SINGULAR_IMPERATIVE = re.compile(r"(کړه|ساته|ښایه)$")
MEASURE_EXPLAINED = {  # a word of the explanation, for DALO and for CCAPEX
    "sq": ("banesë", "dëbimeve"),
    "tr": ("konut", "tahliye"),
    "ro": ("locuință", "evacuărilor"),
}


@lru_cache(maxsize=None)
def entries(locale: str) -> tuple:
    """The real entries (context, French, translation) of a locale's .po catalog."""
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "intake_bot.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return tuple((m.context, m.id, m.string) for m in catalog if m.id and isinstance(m.id, str))


def translations(locale: str, context: str, french: str | None = None) -> list[str]:
    """The translations of the entries of ``context`` (and ``french`` text, when given)."""
    return [text for ctx, fr, text in entries(locale) if ctx == context and french in (None, fr)]


@pytest.mark.parametrize("locale", sorted(CALQUES))
def test_reste_a_vivre_and_taux_d_effort_read_naturally(locale):
    for context, french in BUDGET_SENTENCES.items():
        text = pgettext(context, french, locale)  # the compiled catalog
        assert text != french
        assert text.count("(reste à vivre)") == 1 and text.count("(taux d'effort)") == 1
        assert not any(calque in text for calque in CALQUES[locale]), text
    for context in EFFORT_BASES:
        (text,) = translations(locale, context)
        assert "(taux d'effort net)" in text
        assert not any(calque in text for calque in CALQUES[locale]), text


def test_dari_social_follow_up_is_peigiri_not_pursuit():
    french = "Qui est la personne qui vous suit ? Écrivez le service et son nom."
    referent = pgettext("current_referent", french, "fa_AF")
    title = pgettext("section.follow_up", "Suivi social", "fa_AF")
    assert "پیگیری" in referent and "پیگیری" in title
    assert not [text for _, _, text in entries("fa_AF") if "تعقیب" in text]


def test_pashto_social_follow_up_is_not_surveillance():
    french = "Qui est la personne qui vous suit ? Écrivez le service et son nom."
    for text in (pgettext("current_referent", french, "ps"), pgettext("section.follow_up", "Suivi social", "ps")):
        assert "پیګیري" in text and "څارنه" not in text


def test_georgian_factures_are_bills_not_receipts():
    bills = [text for _, french, text in entries("ka") if "factures" in french.lower()]
    assert len(bills) >= 3
    assert not [text for text in bills if "ქვით" in text]
    assert "გადასახად" in pgettext("energy_management", "Les factures sont trop chères pour moi", "ka")


def test_arabic_no_support_service_is_not_nobody():
    text = pgettext("supports_in_place", "Aucun", "ar")
    assert text != "Aucun" and "أحد" not in text


def test_pashto_buttons_use_the_polite_plural_imperative():
    for context in PS_BUTTONS:
        (text,) = translations("ps", context)
        assert not PS_SINGULAR_IMPERATIVE.search(text), (context, text)
    assert pgettext("tg.button_delete", "Oui, tout effacer", "ps").endswith("کړئ")


@pytest.mark.parametrize("locale", ["so", "ti"])
def test_allocations_are_translated(locale):
    concerned = [text for _, french, text in entries(locale) if "allocation" in french.lower()]
    assert len(concerned) >= 6
    assert not [text for text in concerned if "allocation" in text.lower()]
    assert "allocation" not in pgettext("rights.benefit.af", "Allocations familiales", locale).lower()


@pytest.mark.parametrize("locale", sorted(MEASURE_EXPLAINED))
def test_avdl_dalo_and_ccapex_are_explained(locale):
    dalo_word, ccapex_word = MEASURE_EXPLAINED[locale]
    for context in ("measure", "recommended_measure"):
        dalo = pgettext(context, "AVDL DALO", locale)
        ccapex = pgettext(context, "AVDL CCAPEX", locale)
        assert len(dalo) > len("AVDL DALO") + 20 and dalo_word in dalo
        assert len(ccapex) > len("AVDL CCAPEX") + 20 and ccapex_word in ccapex
        assert ccapex_word in pgettext(context, "Diagnostic CCAPEX", locale)
