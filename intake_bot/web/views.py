"""The portal's pages: sign-in, the case list, a case, the indicators, the accounts."""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from intake_bot.cases import NotAllowed, access
from intake_bot.translation.prefetched import Prefetched, fetch
from intake_bot.web.app import (
    SERVICE, SESSION, SESSION_COOKIE, THROTTLE, Handler, render, set_cookie,
)
from intake_bot.web.i18n import _

log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("diagnostic", "contract")


def add_routes(app: web.Application) -> None:
    """Every page of the portal."""
    app.router.add_get("/", home)
    app.router.add_get("/connexion", sign_in_form)
    app.router.add_post("/connexion", sign_in)
    app.router.add_get("/connexion/{token}", link_form)
    app.router.add_post("/connexion/{token}", link_sign_in)
    app.router.add_post("/deconnexion", sign_out)
    app.router.add_get("/dossiers", case_list)
    app.router.add_get("/dossiers/{ref}", case_view)
    app.router.add_post("/dossiers/{ref}/traduction", correct_translation)
    app.router.add_post("/dossiers/{ref}/documents/{kind}", download)
    app.router.add_get("/dossiers/{ref}/effacer", erase_form)
    app.router.add_post("/dossiers/{ref}/effacer", erase)
    app.router.add_get("/indicateurs", indicators)
    app.router.add_get("/indicateurs/export.{format}", indicators_export)
    app.router.add_get("/admin", admin)
    app.router.add_post("/admin/comptes", add_account)
    app.router.add_post("/admin/comptes/desactiver", deactivate_account)


def signed_in(handler: Handler) -> Handler:
    """Only for a signed-in member of staff; others go to the sign-in page."""
    @wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        if request.get(SESSION) is None:
            raise web.HTTPSeeOther("/connexion")
        return await handler(request)
    return checked


def _account(request: web.Request):
    return request[SESSION].account


def _service(request: web.Request):
    return request.app[SERVICE]


# --- sign-in ----------------------------------------------------------------------------------

async def home(request: web.Request) -> web.StreamResponse:
    """To the accounts for an admin, the cases for anyone else signed in, else the sign-in."""
    session = request.get(SESSION)
    if session is None:
        raise web.HTTPSeeOther("/connexion")
    raise web.HTTPSeeOther("/admin" if session.account.role == access.ADMIN else "/dossiers")


async def sign_in_form(request: web.Request) -> web.StreamResponse:
    """The email and password form."""
    return render(request, "sign_in.html")


async def sign_in(request: web.Request) -> web.StreamResponse:
    """Check the password; a failing address waits longer each time; a locked account says so."""
    form = await request.post()
    address = client_address(request)
    throttle = request.app[THROTTLE]
    await asyncio.sleep(throttle.delay(address))
    result = _service(request).sign_in(str(form.get("email", "")), str(form.get("password", "")))
    if result.result != "ok":
        throttle.failed(address)
        message = (_("Compte verrouillé après trop d'essais : réessayez dans 15 minutes.")
                   if result.result == "locked" else _("Adresse ou mot de passe incorrect."))
        return render(request, "sign_in.html", 401, error=message, email=form.get("email", ""))
    throttle.succeeded(address)
    _signed_in(request, result.account, "password")


def client_address(request: web.Request) -> str:
    """The browser's address: behind the proxy on this host (a request from 127.0.0.1), the
    one the proxy appended to X-Forwarded-For; else the connection's."""
    remote = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if remote in ("127.0.0.1", "::1") and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return remote


def _signed_in(request: web.Request, account, how: str) -> web.StreamResponse:
    """Open a session and go to the account's first page (the redirection is raised)."""
    session = _service(request).open_web_session(account, how)
    response = web.HTTPSeeOther("/admin" if account.role == access.ADMIN else "/dossiers")
    set_cookie(request, response, SESSION_COOKIE, session.cookie)
    raise response


async def link_form(request: web.Request) -> web.StreamResponse:
    """A one-time link opens a page with one button (a link preview never uses it up)."""
    return render(request, "link.html", token=request.match_info["token"])


async def link_sign_in(request: web.Request) -> web.StreamResponse:
    """Use a one-time link: signed in, or told the link is used or expired."""
    result = _service(request).redeem_sign_in_link(request.match_info["token"])
    if result.result != "ok":
        return render(request, "error.html", 403,
                      message=_("Ce lien de connexion a déjà servi ou a expiré. "
                                "Demandez-en un nouveau au bot avec /portail."))
    _signed_in(request, result.account, "link")


async def sign_out(request: web.Request) -> web.StreamResponse:
    """End the session."""
    _service(request).close_web_session(request.cookies.get(SESSION_COOKIE))
    response = web.HTTPSeeOther("/connexion")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


# --- cases ------------------------------------------------------------------------------------

def _measures(service) -> list[tuple[str, str]]:
    from intake_bot.i18n import choice_label

    f = service.casework.flow.field("measure")
    return [(c.code, choice_label(f, c, "fr")) for c in f.choices]


@signed_in
async def case_list(request: web.Request) -> web.StreamResponse:
    """The cases the account may read, filtered, searched, one page at a time."""
    service, account, q = _service(request), _account(request), request.query
    filters = {k: q.get(k, "") for k in ("statut", "mesure", "travailleur", "q")}
    page = max(1, int(q.get("page", "1"))) if q.get("page", "1").isdigit() else 1
    rows, total = service.find_cases(account, filters["statut"], filters["mesure"],
                                     filters["travailleur"], filters["q"], page)
    progress = {r.case.id: service.casework.progress(r.case.id, "worker") for r in rows}
    pages = max(1, math.ceil(total / 20))
    link = {k: v for k, v in filters.items() if v}
    return render(request, "cases.html", rows=rows, total=total, page=page, pages=pages,
                  filters=filters, progress=progress, measures=dict(_measures(service)),
                  names=service.staff_names(account),
                  workers=service.workers(account) if account.role != access.WORKER else [],
                  previous=urlencode({**link, "page": page - 1}) if page > 1 else None,
                  following=urlencode({**link, "page": page + 1}) if page < pages else None)


@signed_in
async def case_view(request: web.Request) -> web.StreamResponse:
    """One case: answers by theme, budget, freins, documents, the audit trail (coordinators)."""
    service, account = _service(request), _account(request)
    page = service.case_page(account, request.match_info["ref"])
    return render(request, "case.html", page=page, case=page.case,
                  measures=dict(_measures(service)), names=service.staff_names(account),
                  can_erase=account.role == access.COORDINATOR)


@signed_in
async def correct_translation(request: web.Request) -> web.StreamResponse:
    """A worker's own French translation of a household's words."""
    form = await request.post()
    service, account = _service(request), _account(request)
    case = service.case(account, request.match_info["ref"], "answer")
    path, text = str(form.get("path", "")), str(form.get("text", "")).strip()
    if path not in service.casework.state(case.id)["answers"] or not text:
        raise web.HTTPBadRequest(text=_("Traduction vide ou réponse inconnue."))
    service.set_translation(account, case.id, path, text)
    raise web.HTTPSeeOther(f"/dossiers/{case.reference}#reponses")


@signed_in
async def download(request: web.Request) -> web.StreamResponse:
    """The diagnostic or the contract built from the current answers (audited)."""
    from intake_bot.documents import DocumentError

    kind = request.match_info["kind"]
    if kind not in KINDS:
        raise web.HTTPNotFound()
    service, account, ref = _service(request), _account(request), request.match_info["ref"]
    translator = await _objectives_fetched(service, account, ref) if kind == "contract" else None
    try:
        document = service.download(account, ref, kind, translator)
    except DocumentError as error:
        return render(request, "error.html", 409, message=str(error))
    return web.Response(body=document.content, content_type=DOCX, headers={
        "Content-Disposition": f'attachment; filename="{document.file_name}"'})


async def _objectives_fetched(service, account, ref: str) -> Prefetched:
    """Issue 15: the translations of the objectives the worker typed, the backend called in a
    thread (it may block on HTTP for seconds; the store is used only here, on the loop). A
    backend that fails leaves the French (the contract says so)."""
    texts, target = service.objectives_to_translate(account, ref)
    backend = service.casework.translator
    try:
        fetched = await asyncio.to_thread(fetch, backend, texts, target) if texts else {}
    except Exception:  # noqa: BLE001 - a broken backend never costs the contract
        log.exception("objectives of %s not translated", ref)
        fetched = {}
    return Prefetched(fetched, backend.engine)


def _coordinator(request: web.Request) -> None:
    if _account(request).role != access.COORDINATOR:
        raise NotAllowed("case.error.not_allowed")


@signed_in
async def erase_form(request: web.Request) -> web.StreamResponse:
    """Ask the coordinator to confirm the erasure."""
    _coordinator(request)
    case = _service(request).case(_account(request), request.match_info["ref"], "erase")
    return render(request, "erase.html", case=case)


@signed_in
async def erase(request: web.Request) -> web.StreamResponse:
    """Erase the case (confirmed), then back to the list."""
    _coordinator(request)
    form = await request.post()
    service, account = _service(request), _account(request)
    case = service.case(account, request.match_info["ref"], "erase")
    if form.get("confirm") != case.reference:
        return render(request, "erase.html", 400, case=case,
                      error=_("Recopiez la référence du dossier pour confirmer."))
    service.erase(account, case.id)
    return render(request, "error.html", 200, title=_("Dossier effacé"),
                  message=_("Le dossier {reference} est effacé.").format(reference=case.reference))


# --- indicators -------------------------------------------------------------------------------

def period_of(query) -> tuple[Any, dict[str, str]]:
    """The period the form asks for (this year by default) and the form's values."""
    from intake_bot.indicators import Period

    today = date.today()
    kind = query.get("periode", "annee")
    raw_year = query.get("annee", "")
    year = int(raw_year) if raw_year.isdigit() else today.year
    values = {"periode": kind, "annee": str(year), "mois": query.get("mois", str(today.month)),
              "trimestre": query.get("trimestre", str((today.month - 1) // 3 + 1)),
              "du": query.get("du", ""), "au": query.get("au", ""), "mesure": query.get("mesure", "")}
    try:
        if kind == "mois":
            return Period.month(year, int(values["mois"])), values
        if kind == "trimestre":
            return Period.quarter(year, int(values["trimestre"])), values
        if kind == "personnalisee":
            return Period(date.fromisoformat(values["du"]), date.fromisoformat(values["au"])), values
    except ValueError:
        raise web.HTTPBadRequest(text=_("Période invalide."))
    values["periode"] = "annee"
    return Period.year(year), values


@signed_in
async def indicators(request: web.Request) -> web.StreamResponse:
    """The figures of a period and a measure, with charts (coordinators)."""
    from intake_bot.indicators import chart_svg

    service, account = _service(request), _account(request)
    period, values = period_of(request.query)
    figures = service.indicators(account, period, values["mesure"] or None)
    charts = {t.id: chart_svg(t) for t in figures.tables}
    return render(request, "indicators.html", ind=figures, charts=charts, values=values,
                  measures=_measures(service), export=urlencode(values))


@signed_in
async def indicators_export(request: web.Request) -> web.StreamResponse:
    """The same figures as CSV or XLSX."""
    from intake_bot.indicators import to_csv, to_xlsx

    kind = request.match_info["format"]
    if kind not in ("csv", "xlsx"):
        raise web.HTTPNotFound()
    period, values = period_of(request.query)
    figures = _service(request).indicators(_account(request), period, values["mesure"] or None)
    body = to_csv(figures) if kind == "csv" else to_xlsx(figures)
    name = f"indicateurs_{period.start.isoformat()}_{period.end.isoformat()}.{kind}"
    return web.Response(body=body, content_type="text/csv" if kind == "csv" else XLSX,
                        charset="utf-8" if kind == "csv" else None,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- accounts (admins) ------------------------------------------------------------------------

@signed_in
async def admin(request: web.Request) -> web.StreamResponse:
    """Every account; no household data."""
    accounts = _service(request).accounts(by=_account(request))
    return render(request, "admin.html", accounts=accounts, roles=access.ROLES)


@signed_in
async def add_account(request: web.Request) -> web.StreamResponse:
    """Add (or update) a member of staff who signs in by email."""
    form = await request.post()
    fields = {k: str(form.get(k, "")).strip() for k in ("email", "name", "organisation", "role")}
    if not all(fields.values()) or "@" not in fields["email"]:
        accounts = _service(request).accounts(by=_account(request))
        return render(request, "admin.html", 400, accounts=accounts, roles=access.ROLES,
                      error=_("Renseignez l'adresse, le nom, l'organisation et le rôle."))
    _service(request).add_staff(fields["email"], fields["name"], fields["organisation"],
                                fields["role"], by=_account(request))
    raise web.HTTPSeeOther("/admin")


@signed_in
async def deactivate_account(request: web.Request) -> web.StreamResponse:
    """Deactivate an account; its sessions end."""
    form = await request.post()
    _service(request).deactivate_staff(_account(request), str(form.get("account", "")))
    raise web.HTTPSeeOther("/admin")
