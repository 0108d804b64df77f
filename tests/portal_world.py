"""A small world for the portal's tests: two services, their staff, cases answered through the
case service, and a browser-like client over aiohttp's test server."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from aiohttp.test_utils import TestClient, TestServer

from intake_bot.cases import open_service
from intake_bot.config import Settings
from intake_bot.engine.reader import Reply
from intake_bot.storage.base import Account
from intake_bot.storage.memory import MemoryStorage
from intake_bot.web import create_app
from tests.scripted import SINGLE_MOTHER, answer_for

SETTINGS = Settings(organisation="CCAS de Caen", web_enabled=False)
ALICE = Account("telegram:1", "Alice Worker", "CCAS", "worker")
BRUNO = Account("telegram:2", "Bruno Worker", "CCAS", "worker")
CLARA = Account("email:clara@ccas.example", "Clara Coord", "CCAS", "coordinator")
OSCAR = Account("telegram:4", "Oscar Other", "Other service", "worker")
ADAM = Account("email:adam@ccas.example", "Adam Admin", "CCAS", "admin")
PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ARABIC = "أريد البقاء في منزلي ودفع الدين"


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        """Move on by ``minutes``."""
        self.now += timedelta(minutes=minutes)


def world(clock: Clock | None = None, store=None):
    """A case service with the staff above; Clara and Adam have passwords."""
    store = store or MemoryStorage()
    for account in (ALICE, BRUNO, CLARA, OSCAR, ADAM):
        store.save_account(account)
    service = open_service(SETTINGS, store=store, clock=clock or Clock())
    for account in (CLARA, ADAM):
        service.set_password(account.id, PASSWORD)
    return service


def answer_all(service, actor, case_id, role, script=SINGLE_MOTHER, locale="fr") -> None:
    """Answer ``role``'s questions as the script says, through the service."""
    while (question := service.casework.current(case_id, role)) is not None:
        text = answer_for(script, question.path)
        outcome = service.answer(actor, case_id, Reply(text=text, path=question.path), locale).outcome
        assert outcome.accepted, (question.path, outcome.error)


def completed_case(service, worker=ALICE, user="100", script=SINGLE_MOTHER):
    """A case its household (who wrote its expectations in Arabic) and worker answered."""
    case = service.create_case(worker)
    issued = service.invite(worker, case.id)
    assert service.redeem("telegram", user, issued.token, f"User {user}", "fr").result == "linked"
    link = service.household("telegram", user)
    answer_all(service, link, case.id, "household", script)
    answer_all(service, worker, case.id, "worker", script)
    service.jump(link, case.id, "household_expectations")
    service.answer(link, case.id, Reply(text=ARABIC, path="household_expectations"), "ar")
    return service.case(worker, case.id)


@dataclass
class Page:
    """A response as a test reads it."""

    status: int
    text: str
    headers: dict
    body: bytes
    url: str

    @property
    def csrf(self) -> str | None:
        """The CSRF token of the page's forms."""
        found = CSRF.search(self.text)
        return found.group(1) if found else None


class Browser:
    """One browser (its own cookies) on the portal of ``service``, used synchronously."""

    def __init__(self, service, settings=SETTINGS) -> None:
        self.runner = asyncio.Runner()

        async def start() -> TestClient:
            client = TestClient(TestServer(create_app(service, settings)))
            await client.start_server()
            return client
        self.client = self.runner.run(start())
        self.last: Page | None = None

    def _fetch(self, method: str, path: str, **kwargs) -> Page:
        async def go() -> Page:
            async with self.client.request(method, path, **kwargs) as response:
                body = await response.read()
                return Page(response.status, body.decode("utf-8", "replace"),
                            dict(response.headers), body, str(response.url))
        self.last = self.runner.run(go())
        return self.last

    def get(self, path: str, **kwargs) -> Page:
        """GET ``path`` (redirects followed)."""
        return self._fetch("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs) -> Page:
        """POST a form, with the CSRF token of the last page unless ``csrf`` is False."""
        data = dict(data or {})
        if csrf and self.last is not None and self.last.csrf:
            data.setdefault("csrf", self.last.csrf)
        return self._fetch("POST", path, data=data, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD) -> Page:
        """Sign in with a password through the form."""
        self.get("/connexion")
        return self.post("/connexion", {"email": email, "password": password})

    def sign_in_link(self, service, account) -> Page:
        """Sign in through a one-time link, as the bot's /portail gives it."""
        token = service.sign_in_link(account)
        self.get(f"/connexion/{token}")
        return self.post(f"/connexion/{token}")

    def cookies(self) -> dict[str, str]:
        """The cookies the browser keeps."""
        return {c.key: c.value for c in self.client.session.cookie_jar}

    def close(self) -> None:
        """Stop the test server."""
        self.runner.run(self.client.close())
        self.runner.close()
