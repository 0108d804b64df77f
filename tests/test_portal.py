"""The staff portal through aiohttp's test client: sign-in, sessions, CSRF, headers, the case
list and page, documents, translations, erasure, accounts (issue 12)."""

from __future__ import annotations

import io

import docx
import pytest

from intake_bot.cases import statuses
from intake_bot.cases.staff import LINK_MINUTES, MAX_FAILURES, AddressThrottle
from tests.portal_world import (
    ALICE, ARABIC, BRUNO, CLARA, OSCAR, PASSWORD, Browser, Clock, completed_case, world,
)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(clock):
    return world(clock)


@pytest.fixture
def browser(service):
    opened = Browser(service)
    yield opened
    opened.close()


def actions(service, case_id=None):
    return [line["action"] for line in service.casework.storage.audit_log(case_id)]


# --- sign-in, sessions, lockout ---------------------------------------------------------------

def test_a_password_signs_a_coordinator_in_and_logout_ends_the_session(service, browser):
    page = browser.sign_in(CLARA.id.removeprefix("email:"))
    assert page.status == 200 and page.url.endswith("/dossiers")
    assert "Clara Coord" in page.text
    browser.post("/deconnexion")
    assert browser.get("/dossiers").url.endswith("/connexion")


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(service, browser):
    email = "clara@ccas.example"
    for _ in range(MAX_FAILURES - 1):
        assert browser.sign_in(email, "wrong password!").status == 401
    locked = browser.sign_in(email, "wrong password!")
    assert locked.status == 401 and "verrouillé" in locked.text
    refused = browser.sign_in(email, PASSWORD)  # even the right password, while locked
    assert refused.status == 401 and "verrouillé" in refused.text
    assert "staff.locked" in actions(service)


def test_the_lock_lifts_after_its_time(service, browser, clock):
    for _ in range(MAX_FAILURES):
        browser.sign_in("clara@ccas.example", "wrong password!")
    clock.advance(16)
    assert browser.sign_in("clara@ccas.example").url.endswith("/dossiers")


def test_an_unknown_address_reads_like_a_wrong_password(browser):
    page = browser.sign_in("nobody@example.org")
    assert page.status == 401 and "incorrect" in page.text


def test_an_address_that_keeps_failing_waits_longer_each_time():
    throttle = AddressThrottle(free=3, ceiling=30)
    delays = []
    for _ in range(8):
        delays.append(throttle.delay("10.0.0.9"))
        throttle.failed("10.0.0.9")
    assert delays[:3] == [0, 0, 0] and delays[3:] == sorted(delays[3:]) and delays[-1] > delays[3]
    assert throttle.delay("10.0.0.10") == 0
    throttle.succeeded("10.0.0.9")
    assert throttle.delay("10.0.0.9") == 0


def test_a_one_time_link_signs_in_once(service, browser):
    token = service.sign_in_link(ALICE)
    assert browser.get(f"/connexion/{token}").status == 200  # a preview of the link uses nothing
    assert browser.post(f"/connexion/{token}").url.endswith("/dossiers")
    other = Browser(service)
    try:
        other.get(f"/connexion/{token}")
        again = other.post(f"/connexion/{token}")
        assert again.status == 403 and "déjà servi" in again.text
    finally:
        other.close()


def test_a_one_time_link_expires_after_ten_minutes(service, browser, clock):
    token = service.sign_in_link(ALICE)
    clock.advance(LINK_MINUTES + 1)
    browser.get(f"/connexion/{token}")
    assert browser.post(f"/connexion/{token}").status == 403


def test_only_the_tokens_hash_is_stored(service):
    token = service.sign_in_link(ALICE)
    stored = service.casework.storage._portal("_sign_in")
    assert token not in stored and all(token not in repr(v) for v in stored.values())


def test_a_session_ends_after_thirty_idle_minutes(service, browser, clock):
    browser.sign_in_link(service, ALICE)
    clock.advance(29)
    assert browser.get("/dossiers").url.endswith("/dossiers")
    clock.advance(29)  # seen 29 minutes ago: still on
    assert browser.get("/dossiers").url.endswith("/dossiers")
    clock.advance(31)
    assert browser.get("/dossiers").url.endswith("/connexion")


def test_a_post_without_the_csrf_token_is_refused(service, browser):
    browser.get("/connexion")
    assert browser.post("/connexion", {"email": "clara@ccas.example", "password": PASSWORD},
                        csrf=False).status == 403
    browser.sign_in("clara@ccas.example")
    assert browser.post("/deconnexion", csrf=False).status == 403
    assert browser.post("/deconnexion", {"csrf": "forged"}, csrf=False).status == 403
    assert browser.get("/dossiers").url.endswith("/dossiers")  # still signed in


def test_every_page_carries_the_security_headers_and_a_strict_cookie(service, browser):
    page = browser.sign_in("clara@ccas.example")
    headers = page.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "<script" not in page.text
    raw = browser.get("/connexion").headers  # anonymous page: the CSRF cookie's attributes
    fresh = Browser(service)
    try:
        cookie = fresh.get("/connexion").headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
        behind_proxy = Browser(service)
        cookie = behind_proxy.get("/connexion", headers={"X-Forwarded-Proto": "https"}).headers["Set-Cookie"]
        assert "Secure" in cookie
        behind_proxy.close()
    finally:
        fresh.close()
    assert raw["Cache-Control"] == "no-store"


# --- the case list ----------------------------------------------------------------------------

def test_a_worker_lists_their_own_cases_only(service, browser):
    mine = completed_case(service, ALICE, "100")
    theirs = completed_case(service, BRUNO, "200")
    page = browser.sign_in_link(service, ALICE)
    assert mine.reference in page.text and theirs.reference not in page.text
    done = service.casework.progress(mine.id, "worker")
    assert done.remaining == 0 and f"{done.answered}/{done.total}" in page.text
    assert "Haddad" in page.text and "ASLL" in page.text and "Alice Worker" in page.text


def test_a_coordinator_filters_searches_and_pages(service, browser):
    first = completed_case(service, ALICE, "100")
    for _ in range(24):
        service.create_case(BRUNO)
    browser.sign_in("clara@ccas.example")
    page = browser.get("/dossiers")
    link = f'href="/dossiers/{first.reference}"'
    assert "(25)" in page.text and "Page 1 / 2" in page.text and link not in page.text
    assert link in browser.get("/dossiers?page=2").text
    assert browser.get("/dossiers?q=hadd").text.count("/dossiers/D-") == 1
    assert browser.get(f"/dossiers?q={first.id}").text.count("/dossiers/D-") == 1
    assert browser.get("/dossiers?mesure=asll").text.count("/dossiers/D-") == 1
    assert browser.get("/dossiers?statut=invited").text.count("/dossiers/D-") == 20
    assert browser.get(f"/dossiers?travailleur={ALICE.id}").text.count("/dossiers/D-") == 1
    assert "Aucun dossier" in browser.get("/dossiers?q=nobody").text


# --- the case page ----------------------------------------------------------------------------

def test_the_case_page_shows_answers_by_theme_with_their_provenance(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in_link(service, ALICE)
    page = browser.get(f"/dossiers/{case.reference}")
    assert page.status == 200
    for text in ("Composition du foyer", "Budget", "Amina", "le ménage", "le travailleur social",
                 ARABIC, "Corriger la traduction", "Reste à vivre", "Surendettement",
                 "Suggérés"):
        assert text in page.text, text
    assert 'id="journal"' not in page.text  # a worker does not read the audit trail
    assert "case.view" in actions(service, case.id)


def test_a_coordinator_reads_the_audit_trail(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in("clara@ccas.example")
    page = browser.get(f"/dossiers/{case.reference}")
    assert 'id="journal"' in page.text and "invitation.create" in page.text


def test_another_organisations_case_is_not_found(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in_link(service, OSCAR)
    assert browser.get(f"/dossiers/{case.reference}").status == 404
    assert browser.get("/dossiers/D-999999").status == 404
    browser.get("/dossiers")
    assert browser.post(f"/dossiers/{case.reference}/documents/diagnostic").status == 404


def test_a_worker_corrects_a_translation(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in_link(service, ALICE)
    browser.get(f"/dossiers/{case.reference}")
    page = browser.post(f"/dossiers/{case.reference}/traduction",
                        {"path": "household_expectations", "text": "Je veux garder mon logement"})
    assert page.status == 200 and "Je veux garder mon logement" in page.text
    assert "translation.correct" in actions(service, case.id)


def test_both_documents_download_as_docx_and_are_audited(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in_link(service, ALICE)
    for kind in ("diagnostic", "contract"):
        browser.get(f"/dossiers/{case.reference}")
        page = browser.post(f"/dossiers/{case.reference}/documents/{kind}")
        assert page.status == 200 and "attachment" in page.headers["Content-Disposition"]
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(page.body)).paragraphs)
        assert ("Diagnostic social" if kind == "diagnostic" else "Contrat d'accompagnement") in text
    audit = service.casework.storage.audit_log(case.id)
    assert [(a["action"], a["details"]["kind"]) for a in audit if a["action"] == "document.download"] \
        == [("document.download", "diagnostic"), ("document.download", "contract")]
    assert "Produit" in browser.get(f"/dossiers/{case.reference}").text  # the documents' history


def test_only_a_coordinator_erases_and_only_once_confirmed(service, browser):
    case = completed_case(service, ALICE)
    browser.sign_in_link(service, ALICE)
    assert browser.get(f"/dossiers/{case.reference}/effacer").status == 403
    browser.post("/deconnexion")
    browser.sign_in("clara@ccas.example")
    browser.get(f"/dossiers/{case.reference}/effacer")
    assert browser.post(f"/dossiers/{case.reference}/effacer", {"confirm": "oui"}).status == 400
    assert service.case(CLARA, case.id).status != statuses.ERASED
    browser.get(f"/dossiers/{case.reference}/effacer")
    assert browser.post(f"/dossiers/{case.reference}/effacer", {"confirm": case.reference}).status == 200
    assert browser.get(f"/dossiers/{case.reference}").status == 404


# --- accounts ---------------------------------------------------------------------------------

def test_an_admin_manages_accounts_and_sees_no_household(service, browser):
    completed_case(service, ALICE)
    page = browser.sign_in("adam@ccas.example")
    assert page.url.endswith("/admin") and "Alice Worker" in page.text
    assert "Haddad" not in page.text and "Amina" not in page.text
    assert browser.get("/dossiers").status == 403
    assert browser.get("/dossiers/D-000001").status == 404
    browser.get("/admin")
    page = browser.post("/admin/comptes", {"email": "Dora@CCAS.example", "name": "Dora",
                                           "organisation": "CCAS", "role": "worker"})
    assert "email:dora@ccas.example" in page.text
    assert service.account("email:dora@ccas.example").role == "worker"


def test_a_deactivated_account_loses_its_session(service, browser):
    alice = Browser(service)
    try:
        alice.sign_in_link(service, ALICE)
        browser.sign_in("adam@ccas.example")
        browser.post("/admin/comptes/desactiver", {"account": ALICE.id})
        assert alice.get("/dossiers").url.endswith("/connexion")
    finally:
        alice.close()


# --- indicators -------------------------------------------------------------------------------

def test_a_coordinator_reads_the_indicators_with_charts_and_exports_them(service, browser):
    import openpyxl

    completed_case(service, ALICE)
    browser.sign_in("clara@ccas.example")
    page = browser.get("/indicateurs?periode=annee&annee=2026")
    assert page.status == 200 and "<svg" in page.text and "<script" not in page.text
    for kind in ("mois&mois=11", "trimestre&trimestre=4", "personnalisee&du=2026-01-01&au=2026-12-31"):
        assert browser.get(f"/indicateurs?periode={kind}&annee=2026").status == 200
    csv = browser.get("/indicateurs/export.csv?periode=annee&annee=2026")
    assert csv.status == 200 and "attachment" in csv.headers["Content-Disposition"]
    xlsx = browser.get("/indicateurs/export.xlsx?periode=annee&annee=2026&mesure=asll")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body))
    assert book.sheetnames and any(row for row in book.worksheets[0].iter_rows(values_only=True))
    assert browser.get("/indicateurs?periode=personnalisee&du=bad").status == 400


def test_a_worker_gets_no_indicators(service, browser):
    browser.sign_in_link(service, ALICE)
    assert browser.get("/indicateurs").status == 403
    assert browser.get("/indicateurs/export.xlsx").status == 403


# --- the command line -------------------------------------------------------------------------

def test_add_staff_and_set_password_from_the_command_line(tmp_path, monkeypatch, capsys):
    import sys

    from intake_bot.cases import open_service
    from intake_bot.cli import main as cli_main
    from intake_bot.config import Settings

    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    assert cli_main(["add-staff", "--email", "Eve@CCAS.example", "--name", "Eve",
                     "--organisation", "CCAS", "--role", "coordinator"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli_main(["set-password", "eve@ccas.example"]) == 2
    assert "trop court" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase\n"))
    assert cli_main(["set-password", "eve@ccas.example"]) == 0
    service = open_service(Settings(data_dir=tmp_path / "data"))
    try:
        assert service.sign_in("EVE@ccas.example", "a long enough passphrase").result == "ok"
        assert service.sign_in("eve@ccas.example", "a long enough passphrase!").result == "invalid"
        credential = service.casework.storage.get_credential("email:eve@ccas.example")
        assert credential.password_hash.startswith("$argon2id$")
    finally:
        service.close()


def test_the_portal_serves_beside_the_bot_unless_turned_off():
    from intake_bot.config import Settings
    from intake_bot.web import serve_beside

    assert Settings.from_env({"WEB_ENABLED": "0"}).web_enabled is False
    assert Settings.from_env({}).web_port == 8080 and Settings.from_env({}).web_listen == "127.0.0.1"
    assert serve_beside(Settings(web_enabled=False), lambda settings: None) is None


def test_a_busy_port_leaves_the_bot_running_without_its_portal(capsys):
    import socket

    from intake_bot.config import Settings
    from intake_bot.web import serve_beside

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        thread = serve_beside(Settings(web_port=port), lambda settings: world())
        thread.join(10)
    assert not thread.is_alive() and "non démarré" in capsys.readouterr().err


def test_behind_the_proxy_each_browser_is_slowed_by_its_own_failures(service, browser):
    from intake_bot.web.app import THROTTLE

    browser.get("/connexion")
    for _ in range(2):
        browser.post("/connexion", {"email": "x@y.fr", "password": "wrong password"},
                     headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
    assert browser.client.server.app[THROTTLE].failures == {"203.0.113.7": 2}


def test_intake_bot_web_serves_the_portal_alone_on_the_configured_address(tmp_path, monkeypatch):
    from aiohttp import web

    from intake_bot.cli import main as cli_main

    served = {}
    monkeypatch.setattr(web, "run_app", lambda app, host, port, print: served.update(
        host=host, port=port, routes={r.resource.canonical for r in app.router.routes()}))
    monkeypatch.setenv("INTAKE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WEB_LISTEN", "127.0.0.1")
    monkeypatch.setenv("WEB_PORT", "8181")
    assert cli_main(["web"]) == 0
    assert (served["host"], served["port"]) == ("127.0.0.1", 8181)
    assert {"/connexion", "/dossiers", "/indicateurs", "/admin"} <= served["routes"]
