"""The bot's HTTP client (aiohttp under python-telegram-bot's Bot), against the fake Bot API and
against servers that refuse or never answer."""

from __future__ import annotations

import asyncio
import os
import socket
import threading

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut

from intake_bot.channels.telegram._http import AiohttpRequest
from tests.telegram.harness import free_port

TOKEN = "123456:HTTP-test"


def bot_on(base_url: str, read_timeout: float = 5.0) -> Bot:
    """A Bot whose requests all go through AiohttpRequest."""
    return Bot(TOKEN, base_url=base_url, request=AiohttpRequest(read_timeout=read_timeout),
               get_updates_request=AiohttpRequest(connection_pool_size=1, read_timeout=read_timeout))


def test_a_message_with_a_keyboard_reaches_the_server_and_comes_back_parsed(api):
    text = "سلام ‏<b>&</b> {{ x }} 🙂 é"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Oui", callback_data="a:1")]])

    async def scenario():
        async with bot_on(api.base_url) as bot:
            return await bot.send_message(42, text, reply_markup=markup)

    sent = asyncio.run(scenario())
    call = api.calls_of("sendMessage")[-1]
    assert call.params["text"] == text and call.params["chat_id"] == 42
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a:1"
    assert sent.text == text and sent.chat.id == 42


def test_a_document_is_uploaded_as_multipart_with_its_name_and_bytes(api):
    content = bytes(range(256)) * 40

    async def scenario():
        async with bot_on(api.base_url) as bot:
            await bot.send_document(7, InputFile(content, filename="diagnostic é.docx"), caption="Diagnostic")

    asyncio.run(scenario())
    params = api.calls_of("sendDocument")[-1].params
    assert params["document"] == content
    assert params["document_filename"] == "diagnostic é.docx" and params["caption"] == "Diagnostic"


def test_a_refusal_from_telegram_is_a_bad_request(api):
    api.fail_next["sendMessage"] = (400, {"ok": False, "error_code": 400,
                                          "description": "Bad Request: chat not found"})

    async def scenario():
        async with bot_on(api.base_url) as bot:
            await bot.send_message(1, "hello")

    with pytest.raises(BadRequest, match="(?i)chat not found"):
        asyncio.run(scenario())


def test_a_server_that_is_not_there_is_a_network_error(api):
    async def scenario():
        async with bot_on(api.base_url) as bot:  # getMe at start-up needs a live server
            bot._base_url = f"http://127.0.0.1:{free_port()}/bot{TOKEN}"
            await bot.send_message(1, "hello")

    with pytest.raises(NetworkError) as raised:
        asyncio.run(scenario())
    assert not isinstance(raised.value, TimedOut)


def test_a_server_that_never_answers_times_out(api):
    silent = SilentServer()

    async def scenario():
        async with bot_on(api.base_url, read_timeout=0.3) as bot:
            bot._base_url = f"http://127.0.0.1:{silent.port}/bot{TOKEN}"
            await bot.send_message(1, "hello")

    try:
        with pytest.raises(TimedOut):
            asyncio.run(scenario())
    finally:
        silent.close()


def test_a_request_before_initialize_is_refused():
    async def scenario():
        request = AiohttpRequest()
        await request.do_request("http://127.0.0.1:9/", "POST")

    with pytest.raises(RuntimeError, match="not initialized"):
        asyncio.run(scenario())


class SilentServer:
    """Accepts connections on 127.0.0.1 and reads requests, but never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                connection, _ = self.listener.accept()
                self.accepted.append(connection)
        except OSError:  # closed
            pass

    def close(self) -> None:
        """Stop listening and drop the connections."""
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def test_proxies_come_from_the_environment_and_no_proxy_is_honoured(monkeypatch):
    from intake_bot.channels.telegram._http import proxy_for

    for name in [n for n in os.environ if n.lower().endswith("_proxy")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.cd93.example:3128")
    monkeypatch.setenv("NO_PROXY", "bot-api.internal")
    proxy_for.cache_clear()
    try:
        assert proxy_for("https", "api.telegram.org") == "http://proxy.cd93.example:3128"
        assert proxy_for("https", "bot-api.internal") is None
        assert proxy_for("http", "api.telegram.org") is None  # no HTTP_PROXY set
    finally:
        proxy_for.cache_clear()
