"""The portal's aiohttp application: sessions, CSRF, security headers, error pages, serving.

Every request reads its web session from the case service (server-side, 30 minutes idle);
every POST must carry the session's CSRF token (before sign-in: the token of a SameSite=Strict
cookie, double-submitted), else 403. Every response carries a Content-Security-Policy without
inline scripts, ``frame-ancestors 'none'``, ``Referrer-Policy: no-referrer``, ``nosniff``; every
page but the stylesheet ``Cache-Control: no-store``.
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import threading
from pathlib import Path
from typing import Any, Awaitable, Callable

import jinja2
from aiohttp import web

from intake_bot.cases import CaseError, CaseNotFound, NotAllowed
from intake_bot.cases.staff import AddressThrottle, same_token
from intake_bot.web.i18n import (
    ACTION_LABELS, DOCUMENT_LABELS, GIVEN_BY, ROLE_LABELS, STATUS_LABELS, _,
)

HERE = Path(__file__).resolve().parent
SESSION_COOKIE, ANON_CSRF_COOKIE = "portail_session", "portail_csrf"
SERVICE = web.AppKey("service", Any)
SETTINGS = web.AppKey("settings", Any)
THROTTLE = web.AppKey("throttle", AddressThrottle)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
SESSION = web.RequestKey("session", Any) if hasattr(web, "RequestKey") else "session"
CSP = ("default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def templates() -> jinja2.Environment:
    """The portal's jinja2 templates (autoescape on for every file)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=_, STATUS_LABELS=STATUS_LABELS, ROLE_LABELS=ROLE_LABELS,
                       GIVEN_BY=GIVEN_BY, DOCUMENT_LABELS=DOCUMENT_LABELS,
                       ACTION_LABELS=ACTION_LABELS)
    env.filters["when"] = _when
    env.filters["money"] = _money
    return env


def _when(value: str | None) -> str:
    if not value:
        return ""
    text = str(value)
    day = f"{text[8:10]}/{text[5:7]}/{text[:4]}" if len(text) >= 10 else text
    return f"{day} {text[11:16]}".strip()


def _money(value: Any) -> str:
    from intake_bot.i18n import format_value

    return "—" if value is None else format_value(value, "fr")


def secure_request(request: web.Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, through the proxy, or by setting)."""
    settings = request.app[SETTINGS]
    return (bool(getattr(settings, "web_secure_cookies", False)) or request.secure
            or request.headers.get("X-Forwarded-Proto", "").lower() == "https")


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    """A cookie the page's scripts cannot read, sent to this site only, Secure behind HTTPS."""
    response.set_cookie(name, value, httponly=True, samesite="Strict", path="/",
                        secure=secure_request(request))


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page, with the session and the CSRF token its forms carry."""
    session = request.get(SESSION)
    anonymous = None
    if session is None:
        anonymous = request.cookies.get(ANON_CSRF_COOKIE) or secrets.token_urlsafe(32)
    html = request.app[TEMPLATES].get_template(template).render(
        session=session, account=session.account if session else None,
        csrf=session.csrf if session else anonymous, request=request, **context)
    response = web.Response(text=html, content_type="text/html", status=status)
    if anonymous and request.cookies.get(ANON_CSRF_COOKIE) != anonymous:
        set_cookie(request, response, ANON_CSRF_COOKIE, anonymous)
    return response


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """The security headers of every response."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The web session of the request; a POST without the right CSRF token is refused (403);
    a case one may not see is a 404, an action one may not take a 403."""
    if request.path.startswith("/static/"):
        return await handler(request)
    service = request.app[SERVICE]
    request[SESSION] = service.web_session(request.cookies.get(SESSION_COOKIE))
    if request.method == "POST":
        form = await request.post()
        session = request[SESSION]
        expected = session.csrf if session else request.cookies.get(ANON_CSRF_COOKIE)
        if not same_token(form.get("csrf"), expected):
            return render(request, "error.html", 403,
                          message=_("Formulaire expiré ou invalide : rechargez la page et recommencez."))
    try:
        return await handler(request)
    except CaseNotFound:
        return render(request, "error.html", 404, message=_("Dossier introuvable."))
    except NotAllowed:
        return render(request, "error.html", 403, message=_("Cette page ne vous est pas accessible."))
    except CaseError as refused:
        from intake_bot.i18n import render as say

        return render(request, "error.html", 409, message=say(refused.message_id, "fr", **refused.params))


def create_app(service: Any, settings: Any = None, throttle: AddressThrottle | None = None) -> web.Application:
    """The portal on ``service`` (the case service: the only way to the cases)."""
    from intake_bot.web import views

    app = web.Application(middlewares=[sessions], client_max_size=256 * 1024)
    app[SERVICE], app[SETTINGS] = service, settings
    app[THROTTLE] = throttle or AddressThrottle()
    app[TEMPLATES] = templates()
    app.on_response_prepare.append(add_headers)
    views.add_routes(app)
    app.router.add_static("/static/", HERE / "static", name="static")
    return app


def listen_address(settings: Any) -> tuple[str, int]:
    """Where the portal listens (WEB_LISTEN, WEB_PORT; default 127.0.0.1:8080)."""
    return (getattr(settings, "web_listen", "127.0.0.1") or "127.0.0.1",
            int(getattr(settings, "web_port", 8080) or 8080))


def serve(service: Any, settings: Any) -> int:
    """Serve the portal alone, until interrupted (``intake-bot web``)."""
    host, port = listen_address(settings)
    print(_("Portail du personnel : http://{host}:{port}/").format(host=host, port=port))
    web.run_app(create_app(service, settings), host=host, port=port, print=None)
    return 0


def serve_beside(settings: Any, open_service: Callable[[Any], Any]) -> threading.Thread | None:
    """Serve the portal in a thread of its own, with its own case service (its own database
    connection), beside the bot or the console (``intake-bot run``); None when WEB_ENABLED
    is off."""
    if not getattr(settings, "web_enabled", True):
        return None
    ready = threading.Event()

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        host, port = listen_address(settings)
        try:
            runner = web.AppRunner(create_app(open_service(settings), settings))
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.TCPSite(runner, host, port).start())
        except Exception as error:  # noqa: BLE001 - the bot runs on without its portal
            print(_("Portail du personnel non démarré ({host}:{port}) : {error}").format(
                host=host, port=port, error=error), file=sys.stderr)
            return
        finally:
            ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="portal", daemon=True)
    thread.start()
    ready.wait(10)
    return thread
