"""Issue 15 from the portal: downloading the contract offers the objectives the worker typed to
the translation backend in a thread (the portal keeps answering while it waits), so the
household reads them in its own column; a backend that is down leaves the French and its note."""

from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import replace

import docx
import pytest

from intake_bot.documents.objectives import Objective
from intake_bot.i18n import render
from intake_bot.translation import LibreTranslateTranslator, Translation, Translator
from tests.portal_world import ALICE, Browser, Clock, completed_case, world

WORDS = "Cours de français au centre social, le jeudi"
WAIT_SECONDS = 10.0


class GatedTranslator(Translator):
    """Tags the text with its target language, once the test opens the gate; notes its calls."""

    engine = "fake"

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        self.calls: list[tuple[str, str, str]] = []

    def translate(self, text: str, source: str, target: str = "fr") -> Translation:
        """``[target] text``, machine-translated, after the gate opens."""
        self.calls.append((text, source, target))
        self.started.set()
        self.release.wait(WAIT_SECONDS)
        return Translation(f"[{target}] {text}", source, target, self.engine, True, False)


@pytest.fixture
def service():
    return world(Clock())


@pytest.fixture
def browser(service):
    opened = Browser(service)
    yield opened
    opened.close()


def spanish_case_with_typed_objective(service):
    """A completed case whose household reads Spanish; Alice typed one objective."""
    case = completed_case(service, ALICE)
    service.set_household_language(service.household("telegram", "100"), "es")
    service.set_objectives(ALICE, case.id, [Objective("french", WORDS)])
    return case


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


async def request(browser: Browser, method: str, path: str, **kwargs) -> tuple[int, bytes]:
    """Status and body of one request of ``browser`` (on its own event loop)."""
    async with browser.client.request(method, path, **kwargs) as response:
        return response.status, await response.read()


def test_the_contract_shows_the_typed_objective_translated_and_the_portal_never_waits(service, browser):
    """Before: the backend was called on the portal's event loop, every page waited for it."""
    case = spanish_case_with_typed_objective(service)
    gate = GatedTranslator()
    service.casework = replace(service.casework, translator=gate)
    browser.sign_in_link(service, ALICE)
    csrf = browser.get(f"/dossiers/{case.reference}").csrf

    async def scenario():
        download = asyncio.create_task(request(
            browser, "POST", f"/dossiers/{case.reference}/documents/contract", data={"csrf": csrf}))
        assert await asyncio.to_thread(gate.started.wait, WAIT_SECONDS)
        listing = await request(browser, "GET", "/dossiers")  # while the backend still waits
        waiting = not download.done()
        gate.release.set()
        return listing, waiting, await download

    (listed, _), waiting, (status, body) = browser.runner.run(scenario())
    assert listed == 200 and waiting
    assert status == 200
    assert gate.calls == [(WORDS, "fr", "es")]
    text = docx_text(body)
    assert f"[es] {WORDS}" in text and WORDS in text.replace(f"[es] {WORDS}", "")
    assert render("doc.contract.written_in_french", "es") not in text
    [kept] = [o for o in service.objectives(ALICE, case.id) if o.text]
    assert (kept.translation, kept.translation_locale) == (f"[es] {WORDS}", "es")


def test_a_backend_that_is_down_leaves_the_french_in_the_downloaded_contract(service, browser, server):
    server.mode = "error"
    case = spanish_case_with_typed_objective(service)
    service.casework = replace(service.casework, translator=LibreTranslateTranslator(server.url))
    browser.sign_in_link(service, ALICE)
    browser.get(f"/dossiers/{case.reference}")
    page = browser.post(f"/dossiers/{case.reference}/documents/contract")
    assert page.status == 200 and "attachment" in page.headers["Content-Disposition"]
    assert [p["q"] for _, p in server.requests] == [WORDS]  # offered once, refused
    text = docx_text(page.body)
    assert WORDS in text and f"[es] {WORDS}" not in text
    assert render("doc.contract.written_in_french", "es") in text
    [kept] = [o for o in service.objectives(ALICE, case.id) if o.text]
    assert kept.translation is None
