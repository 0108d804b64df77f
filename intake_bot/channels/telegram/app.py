"""The Telegram bot: build the python-telegram-bot Application and run it.

Long polling by default; a webhook (with Telegram's secret-token header) when
``TELEGRAM_WEBHOOK_URL`` is set. ``TELEGRAM_API_BASE_URL`` points the bot at another Bot API
server (a local one, or the tests' fake).
"""

from __future__ import annotations

import importlib.util
import logging
import secrets
from datetime import timedelta
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from intake_bot.casework import Casework
from intake_bot.config import Settings
from intake_bot.i18n import render
from intake_bot.storage.base import Storage
from intake_bot.storage.sqlite import SqliteStorage
from intake_bot.channels.telegram._core import Core
from intake_bot.translation import translator_from
from intake_bot.channels.telegram._event import read_event
from intake_bot.channels.telegram._menu import set_menus
from intake_bot.channels.telegram._outbox import Outbox
from intake_bot.channels.telegram._processor import ChatOrderedProcessor, FloodGate
from intake_bot.channels.telegram._sender import deliver

log = logging.getLogger(__name__)
CORE = "intake_core"
UPDATES_KEPT = timedelta(days=7)  # Telegram keeps unconfirmed updates 24 h; a week is plenty


def build_application(settings: Settings, storage: Storage, casework: Casework | None = None,
                      gate: FloodGate | None = None) -> Application:
    """The Application with the channel's handler, processor, error handler and startup."""
    casework = casework or Casework(storage, translator=translator_from(settings))
    core = Core(casework, invite_ttl_days=settings.invite_ttl_days)
    builder = Application.builder().token(settings.telegram_token)
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url).base_file_url(
            file_url(settings.telegram_api_base_url))
    processor = ChatOrderedProcessor(gate=gate)
    application = builder.concurrent_updates(processor).post_init(on_startup).build()
    processor.on_flood = lambda update: _flood_notice(application, update)
    application.bot_data[CORE] = core
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


def file_url(base_url: str) -> str:
    """The file download URL matching a Bot API base URL (``…/bot`` -> ``…/file/bot``)."""
    return base_url[: -len("bot")] + "file/bot" if base_url.endswith("/bot") else base_url


async def on_startup(application: Application) -> None:
    """Set the command menus once the bot knows who it is; forget old processed update ids."""
    core: Core = application.bot_data[CORE]
    core.bot_username = application.bot.username
    core.storage.forget_updates((core.now() - UPDATES_KEPT).isoformat(timespec="milliseconds"))
    await set_menus(application.bot, core.storage)


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update: handled and committed by the core, then the replies are sent."""
    core: Core = context.bot_data[CORE]
    core.bot_username = core.bot_username or context.bot.username
    box = core.handle(read_event(update))
    await deliver(context.bot, box)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the person, in their language, without any detail."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    core: Core = context.bot_data[CORE]
    user = update.effective_user
    try:
        locale = core.locale_of(user.id if user else None, user.language_code if user else None)
        box = Outbox()
        if update.callback_query:
            box.answer_callback(update.callback_query.id)
        box.say(update.effective_chat.id, render("tg.error", locale))
        await deliver(context.bot, box)
    except Exception:  # noqa: BLE001 - the error handler must never raise
        log.exception("could not tell the user about the error")


async def _flood_notice(application: Application, update: Update) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    core: Core = application.bot_data[CORE]
    locale = core.locale_of(user.id if user else None, user.language_code if user else None)
    box = Outbox()
    box.say(chat.id, render("tg.slow_down", locale))
    try:
        await deliver(application.bot, box)
    except Exception:  # noqa: BLE001 - a lost notice must not stop the processor
        log.exception("could not send the flood notice")


def run_bot(settings: Settings) -> int:
    """Run until interrupted: webhook when configured, else long polling."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its log lines contain the token
    storage = SqliteStorage(settings.database_path)
    application = build_application(settings, storage)
    if settings.webhook_url and importlib.util.find_spec("tornado") is None:
        log.error("webhook mode needs python-telegram-bot[webhooks] (tornado); not installed")
        return 2
    if settings.webhook_url:
        secret = settings.webhook_secret or secrets.token_urlsafe(32)
        path = urlparse(settings.webhook_url).path.lstrip("/")
        application.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                                url_path=path, webhook_url=settings.webhook_url, secret_token=secret,
                                allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    storage.close()
    return 0
