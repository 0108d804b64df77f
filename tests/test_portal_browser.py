"""The staff portal in a real browser: Debian's chromium driven by Playwright, against the
portal served on 127.0.0.1 (a free port) the way ``intake-bot run`` serves it (issue 12).

Skipped only when chromium is missing on a developer's machine; in CI (``CI`` set) a missing
chromium fails, as scripts/ensure_chromium.sh installs it. With PORTAL_SCREENSHOTS=docs the
full-page screenshots go to docs/ (docs/portal.md shows them); else to a temporary folder.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import tempfile
from pathlib import Path

import docx
import openpyxl
import pytest

from intake_bot.config import Settings
from intake_bot.storage.base import Account
from intake_bot.web import serve_beside
from tests.portal_world import ADAM, ALICE, BRUNO, OSCAR, PASSWORD, completed_case, world

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 390, "height": 844}
LOCKED = Account("email:lock@ccas.example", "Léa Locked", "CCAS", "coordinator")

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: scripts/ensure_chromium.sh installs it", pytrace=False)
    pytest.skip("chromium not installed (scripts/ensure_chromium.sh)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def portal():
    """The portal on a free 127.0.0.1 port over a service with answered cases; (url, service, cases)."""
    service = world()
    service.casework.storage.save_account(LOCKED)
    service.set_password(LOCKED.id, PASSWORD)
    cases = [completed_case(service, ALICE, str(100 + i)) for i in range(3)]
    for _ in range(24):
        service.create_case(BRUNO)
    completed_case(service, OSCAR, "900")
    port = _free_port()
    serve_beside(Settings(web_listen="127.0.0.1", web_port=port), lambda settings: service)
    return f"http://127.0.0.1:{port}", service, cases


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True, locale="fr-FR")
    yield context.new_page()
    context.close()


def shot(page, name: str) -> None:
    """A full-page screenshot (docs/portal_<name>.png with PORTAL_SCREENSHOTS=docs)."""
    folder = Path(os.environ.get("PORTAL_SCREENSHOTS") or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"portal_{name}.png"), full_page=True)


def sign_in_by_link(page, url, service, account) -> None:
    token = service.sign_in_link(account)
    page.goto(f"{url}/connexion/{token}")
    shot(page, "link")
    page.click("#use-link")


def sign_in_by_password(page, url, email, password=PASSWORD) -> None:
    page.goto(f"{url}/connexion")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_a_worker_signs_in_with_a_one_time_link_filters_and_opens_a_case(portal, page):
    url, service, cases = portal
    sign_in_by_link(page, url, service, ALICE)
    assert page.url.endswith("/dossiers")
    shot(page, "cases")
    page.select_option("select[name=mesure]", "asll")
    page.fill("input[name=q]", "hadd")
    page.click("text=Filtrer")
    assert page.locator("table.list tbody tr").count() == 3
    page.click(f"text={cases[0].reference}")
    assert page.url.endswith(f"/dossiers/{cases[0].reference}")
    assert page.locator("text=Composition du foyer").count() == 1
    shot(page, "case")
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/dossiers")
    shot(page, "cases_phone")


def test_both_documents_download_and_open_in_python_docx(portal, page):
    url, service, cases = portal
    sign_in_by_link(page, url, service, ALICE)
    page.goto(f"{url}/dossiers/{cases[1].reference}")
    for kind, title in (("diagnostic", "Diagnostic social"), ("contract", "Contrat d'accompagnement")):
        with page.expect_download() as download:
            page.click(f"#download-{kind}")
        document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert title in "\n".join(p.text for p in document.paragraphs)
        assert download.value.suggested_filename.endswith(".docx")


def test_a_coordinator_opens_the_indicators_and_downloads_the_xlsx(portal, page):
    url, service, cases = portal
    sign_in_by_password(page, url, "clara@ccas.example")
    page.goto(f"{url}/indicateurs?periode=annee&annee=2026")
    assert page.locator("svg").count() >= 1
    shot(page, "indicators")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert any(any(cell is not None for cell in row)
               for row in book.worksheets[0].iter_rows(values_only=True))
    page.goto(f"{url}/dossiers/{cases[2].reference}")
    assert page.locator("#journal").count() == 1
    page.click("text=Effacer ce dossier")
    shot(page, "erase")


def test_a_post_without_its_csrf_token_is_refused(portal, page):
    url, service, _ = portal
    sign_in_by_link(page, url, service, ALICE)
    refused = page.request.post(f"{url}/deconnexion", form={"nothing": "here"})
    assert refused.status == 403
    page.goto(f"{url}/dossiers")
    assert page.url.endswith("/dossiers")  # still signed in


def test_an_account_locks_after_repeated_wrong_passwords(portal, page):
    url, _, _ = portal
    page.goto(f"{url}/connexion")
    shot(page, "sign_in")
    for _ in range(5):
        sign_in_by_password(page, url, "lock@ccas.example", "not the password")
    sign_in_by_password(page, url, "lock@ccas.example")
    assert "verrouillé" in page.locator(".error").inner_text()
    assert page.url.endswith("/connexion")
    shot(page, "locked")


def test_a_worker_of_another_organisation_gets_404(portal, page):
    url, service, cases = portal
    sign_in_by_link(page, url, service, OSCAR)
    response = page.goto(f"{url}/dossiers/{cases[0].reference}")
    assert response.status == 404
    shot(page, "not_found")


def test_an_admin_sees_accounts_and_no_names(portal, page):
    url, service, _ = portal
    sign_in_by_password(page, url, ADAM.id.removeprefix("email:"))
    assert page.url.endswith("/admin")
    text = page.content()
    assert "Alice Worker" in text and "Haddad" not in text and "Amina" not in text
    shot(page, "admin")
    assert page.goto(f"{url}/dossiers").status == 403
