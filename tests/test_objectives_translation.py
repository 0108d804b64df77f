"""Issue 15: the objectives a worker types are offered to the translation backend, so the
household reads them in its own column of the contract (marked machine-translated)."""

from __future__ import annotations

from intake_bot.documents.objectives import Objective
from intake_bot.i18n import render
from intake_bot.translation import NoTranslator, Translation, Translator
from tests.test_cases import ALICE, complete, docx_text
from tests.test_contract_objectives import service  # noqa: F401  (the fixture, every store)

WORDS = "Cours de français au centre social"


class FakeTranslator(Translator):
    """Translates by tagging the text with its target language; counts its calls."""

    engine = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """``[target] text``, machine-translated."""
        self.calls.append((text, source, target))
        return Translation(f"[{target}] {text}", source, target, self.engine, True, False)


def spanish_case_with_typed_objective(service):  # noqa: F811
    """A complete case whose household reads Spanish, with one objective in the worker's words."""
    case, _ = complete(service)
    service.store.update_case(case.id, locale="es")
    service.set_objectives(ALICE, case.id, [Objective("french", WORDS)])
    return case


def contract_text(service, case) -> str:  # noqa: F811
    built = service.documents(ALICE, case.id)
    [contract] = [d for d in built if d.kind == "contract"]
    return docx_text(contract.content)


def test_a_typed_objective_is_translated_into_the_households_column(service):  # noqa: F811
    """Before: the worker's words stayed French in the household's column, with a note."""
    case = spanish_case_with_typed_objective(service)
    fake = FakeTranslator()
    assert service.translate_objectives(ALICE, case.id, fake) == 1
    assert fake.calls == [(WORDS, "fr", "es")]
    [kept] = service.objectives(ALICE, case.id)
    assert (kept.text, kept.translation, kept.translation_locale) == (WORDS, f"[es] {WORDS}", "es")
    assert service.translate_objectives(ALICE, case.id, fake) == 0  # not offered twice
    text = contract_text(service, case)
    assert f"[es] {WORDS}" in text and WORDS in text.replace(f"[es] {WORDS}", "")
    assert render("doc.contract.written_in_french", "es") not in text


def test_new_words_drop_the_old_translation(service):  # noqa: F811
    case = spanish_case_with_typed_objective(service)
    service.translate_objectives(ALICE, case.id, FakeTranslator())
    [kept] = service.objectives(ALICE, case.id)
    service.set_objectives(ALICE, case.id, [Objective("french", "Atelier budget", translation=kept.translation,
                                                      translation_locale="es")])
    [changed] = service.objectives(ALICE, case.id)
    assert changed.translation is None and changed.translation_locale is None


def test_without_a_backend_the_french_stays_with_its_note(service):  # noqa: F811
    case = spanish_case_with_typed_objective(service)
    assert service.translate_objectives(ALICE, case.id, NoTranslator()) == 0
    [kept] = service.objectives(ALICE, case.id)
    assert kept.translation is None
    text = contract_text(service, case)
    assert WORDS in text and render("doc.contract.written_in_french", "es") in text


def test_documents_offer_the_typed_objectives_to_the_configured_backend(service):  # noqa: F811
    from dataclasses import replace

    case = spanish_case_with_typed_objective(service)
    fake = FakeTranslator()
    service.casework = replace(service.casework, translator=fake)
    assert f"[es] {WORDS}" in contract_text(service, case)
    assert fake.calls == [(WORDS, "fr", "es")]
