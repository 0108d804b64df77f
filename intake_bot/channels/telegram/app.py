"""The Telegram bot: build the python-telegram-bot Application and run it.

Long polling by default; a webhook (with Telegram's secret-token header) when
``TELEGRAM_WEBHOOK_URL`` is set. ``TELEGRAM_API_BASE_URL`` points the bot at another Bot API
server (a local one, or the tests' fake).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sqlite3
from datetime import timedelta
from typing import Callable

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler

from intake_bot.cases import CaseService, open_service
from intake_bot.config import Settings
from intake_bot.i18n import match_locale, render
from intake_bot.i18n.detection import load_profiles
from intake_bot.translation.prefetched import fetch
from intake_bot.channels.telegram._busy import BUSY_TIMEOUT_SECONDS, BusyGate
from intake_bot.channels.telegram._core import Core
from intake_bot.channels.telegram._courier import Courier
from intake_bot.channels.telegram._groupcommit import commit_soon, durable
from intake_bot.channels.telegram._measure import reminder_job
from intake_bot.channels.telegram._event import COMMAND, TEXT, read_event
from intake_bot.channels.telegram._polling import run_polling
from intake_bot.channels.telegram._http import AiohttpRequest
from intake_bot.channels.telegram._menu import set_menus
from intake_bot.channels.telegram._offloop import OffLoop, run_off_loop
from intake_bot.channels.telegram._outbox import AfterText, Outbox
from intake_bot.channels.telegram._processor import ChatOrderedProcessor, FloodGate
from intake_bot.channels.telegram._webhook import Webhook, run_webhook

log = logging.getLogger(__name__)
CORE = "intake_core"
COURIER = "intake_courier"
GATE = "intake_busy_gate"
FOLLOW_UPS = "intake_follow_ups"  # tasks still running after their update (tests wait on them)
OFF_LOOP = "intake_off_loop"  # chat -> the task building its documents (its next update waits)
RETENTION_JOB = "intake_retention"  # the daily retention task (issue 11)
REMINDER_JOB = "intake_reminders"  # the workers' reminders task (issue 13)
RETENTION_PERIOD = timedelta(days=1)
# Longer than the period, so that its holder renews it; another instance takes over once it lapses.
RETENTION_LEASE = RETENTION_PERIOD.total_seconds() * 1.5
UPDATES_KEPT = timedelta(days=7)  # Telegram keeps unconfirmed updates 24 h; a week is plenty


def build_application(settings: Settings, service: CaseService,
                      gate: FloodGate | None = None) -> Application:
    """The Application with the channel's handler, processor, error handler and startup; every
    case goes through ``service``."""
    core = Core(service)
    service.limit_storage_waits(BUSY_TIMEOUT_SECONDS)
    builder = (Application.builder().token(settings.telegram_token)
               .request(AiohttpRequest()).get_updates_request(AiohttpRequest(connection_pool_size=1)))
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url).base_file_url(
            file_url(settings.telegram_api_base_url))
    processor = ChatOrderedProcessor(gate=gate)
    application = (builder.concurrent_updates(processor).post_init(on_startup).post_stop(on_stop)
                   .build())
    courier = Courier(service, application.bot)
    core.in_transaction = courier.write_notes
    processor.on_flood = lambda update: _flood_notice(application, update)
    application.bot_data[CORE] = core
    application.bot_data[COURIER] = courier
    application.bot_data[GATE] = None  # made on the running loop (start-up)
    application.bot_data[FOLLOW_UPS] = set()
    application.bot_data[OFF_LOOP] = {}
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
    core.service.checkpoint_aside(True)
    core.service.forget_updates((core.now() - UPDATES_KEPT).isoformat(timespec="milliseconds"))
    application.bot_data[RETENTION_JOB] = asyncio.get_running_loop().create_task(
        retention_job(core.service))
    application.bot_data[GATE] = BusyGate()
    application.bot_data[COURIER].start()
    application.bot_data[REMINDER_JOB] = asyncio.get_running_loop().create_task(
        reminder_job(core.service, application.bot_data[COURIER]))  # issue 13
    try:
        await set_menus(application.bot, core.service)
    except (NetworkError, TimedOut) as error:  # the menus only help: the bot works without them
        log.warning("command menus not set (%s)", error)


async def on_stop(application: Application) -> None:
    """Stop sending kept replies (they stay in the database for the next start)."""
    await application.bot_data[COURIER].stop()
    application.bot_data[CORE].service.checkpoint_aside(False)
    reminders = application.bot_data.get(REMINDER_JOB)
    if reminders is not None:  # issue 13: what it queued stays in the outbox
        reminders.cancel()


async def retention_job(service: CaseService, sleep=asyncio.sleep) -> None:
    """Issue 11: at start-up, then once a day, erase the cases without activity for
    RETENTION_MONTHS (the service decides which; references only are logged). With several
    instances on one database, only the holder of the job's lease purges (issue 16)."""
    while True:
        try:
            erased = service.purge() if service.hold_lease("retention", RETENTION_LEASE) else []
            if erased:
                log.info("retention: erased %s", ", ".join(s.reference for s in erased))
        except Exception:  # noqa: BLE001 - tomorrow's run tries again; the bot goes on
            log.exception("retention: the daily purge failed")
        await sleep(RETENTION_PERIOD.total_seconds())


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update: handled and committed by the core, then the replies are sent. While the
    database is busy the update is tried again (and stays unconfirmed to Telegram); when its
    handling fails the person is told that nothing was saved."""
    core: Core = context.bot_data[CORE]
    courier: Courier = context.bot_data[COURIER]
    core.bot_username = core.bot_username or context.bot.username
    event = read_event(update)
    gate = context.bot_data[GATE] or BusyGate()
    await _after_off_loop(context.bot_data, event.chat_id)
    try:
        box = await gate.run(lambda: _in_group(core, lambda: core.handle(event)),
                             lambda: _not_saved(courier, core, event, "tg.not_saved_retrying"))
        await durable(box.group)  # committed before any reply leaves
    except Exception as error:  # noqa: BLE001 - rolled back: say so, never "saved"
        log.error("update %s not saved", event.update_id, exc_info=error)
        await _not_saved(courier, core, event, not_saved_message(error))
        return
    if update.message and event.kind in (TEXT, COMMAND):
        courier.note_incoming(event.chat_id, update.message.message_id)
    await courier.deliver(box)
    if box.off_loop:
        _start_off_loop(context.application, update, event.chat_id, box.off_loop)
    for job in box.after:
        task = context.application.create_task(follow_up(context.application, job))
        tasks = context.bot_data[FOLLOW_UPS]
        tasks.add(task)
        task.add_done_callback(tasks.discard)


def _in_group(core: Core, work: Callable[[], Outbox]) -> Outbox:
    """``work()`` (an update handled, documents audited, translations stored), done in a
    transaction of the open commit group, whose commit is then asked for (also when the work
    failed: the group holds other updates' writes). Wait for ``box.group`` before sending."""
    try:
        box = work()
    finally:
        group = commit_soon(core.service)
    box.group = group
    return box


async def _after_off_loop(bot_data: dict, chat_id: int | None) -> None:
    """A chat's next update waits until the documents it asked for are sent (order per chat);
    other chats never wait for them."""
    task = bot_data[OFF_LOOP].get(chat_id)
    if task is not None:
        await asyncio.wait([task])


def _start_off_loop(application: Application, update: Update, chat_id: int,
                    jobs: list[OffLoop]) -> None:
    """Build an update's documents in a worker process once its answer is committed and its
    replies sent, then audit and send them (issue 16). The update itself is done: polling
    confirms it without waiting for the build, so no other chat's update waits behind it; a
    crash meanwhile loses the documents, not an answer (the worker asks again)."""
    core: Core = application.bot_data[CORE]
    courier: Courier = application.bot_data[COURIER]
    gate = application.bot_data[GATE] or BusyGate()
    task = application.create_task(
        run_off_loop(jobs, lambda job, outcome: _finish(core, courier, gate, job, outcome)), update)
    pending, follow_ups = application.bot_data[OFF_LOOP], application.bot_data[FOLLOW_UPS]
    pending[chat_id] = task
    follow_ups.add(task)
    task.add_done_callback(follow_ups.discard)
    task.add_done_callback(lambda done: pending.pop(chat_id) if pending.get(chat_id) is done else None)


async def _finish(core: Core, courier: Courier, gate: BusyGate, job: OffLoop, outcome) -> list[OffLoop]:
    """Audit and send what was built off the loop (its own transaction, the chat held); the
    work it queued next (documents gathered once translations fetched off the loop are stored)."""
    box = await gate.run(lambda: _in_group(core, lambda: core.finish(job, outcome)), _quietly)
    await durable(box.group)
    await courier.deliver(box)
    return box.off_loop


async def follow_up(application: Application, job: AfterText) -> None:
    """After the reply: translate pending free text (the backend called in a thread, the
    storage only here on the loop), then send the language offer if there is one."""
    core: Core = application.bot_data[CORE]
    gate = application.bot_data[GATE] or BusyGate()  # a busy database: wait without the loop
    try:
        texts = core.pending_texts(job)
        fetched = await asyncio.to_thread(fetch, core.casework.translator, texts) if texts else {}
        box = await gate.run(lambda: _in_group(core, lambda: core.after_text(job, fetched)), _quietly)
        await durable(box.group)
        await application.bot_data[COURIER].deliver(box)
    except Exception:  # noqa: BLE001 - a follow-up must never take the bot down
        log.exception("follow-up of a free-text answer failed (case %s)", job.case_id)


async def _quietly() -> None:
    """Nobody to tell: a follow-up is the bot's own work."""


async def _not_saved(courier: Courier, core: Core, event, message_id: str) -> None:
    """Tell the sender, in their language, that their update was not saved (best effort)."""
    if event.chat_id is None:
        return
    box = Outbox()
    box.answer_callback(event.callback_id)
    box.say(event.chat_id, render(message_id, core.known_locale(event.user_id, event.language_code)))
    try:
        await courier.deliver(box)
    except Exception:  # noqa: BLE001 - the notice must never take the update down
        log.exception("could not tell chat %s its update was not saved", event.chat_id)


def not_saved_message(error: object) -> str:
    """What to tell a person whose update failed before its commit (nothing was saved):
    ``tg.cannot_save`` when the database cannot be written (disk full, read-only, I/O error),
    else ``tg.not_saved``."""
    return "tg.cannot_save" if error_message(error) == "tg.cannot_save" else "tg.not_saved"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an error after the update was committed (sending its replies, a follow-up); tell
    the person, in their language, without any detail."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    core: Core = context.bot_data[CORE]
    user = update.effective_user
    try:
        locale = _error_locale(core, user)
        box = Outbox()
        if update.callback_query:
            box.answer_callback(update.callback_query.id)
        box.say(update.effective_chat.id, render(error_message(context.error), locale))
        await context.bot_data[COURIER].deliver(box)
    except Exception:  # noqa: BLE001 - the error handler must never raise
        log.exception("could not tell the user about the error")


def _error_locale(core: Core, user) -> str:
    """The person's language for an error notice; their app's when the lookup fails too (the
    household's language is kept with its case, in the store that may be what failed)."""
    language_code = user.language_code if user else None
    try:
        return core.locale_of(user.id if user else None, language_code)
    except Exception:  # noqa: BLE001 - the error handler must still answer
        log.warning("language of user unknown while handling an error; their app's is used")
        return match_locale(language_code)


def error_message(error: object) -> str:
    """``tg.cannot_save`` when the database cannot be written (disk full, read-only, I/O
    error: the transaction was rolled back), else ``tg.error``. The cause is looked for along
    the exception chain: SQLite may roll back by itself, and the storage's own rollback then
    fails with an error of its own."""
    while error is not None:
        text = str(error).lower()
        if isinstance(error, sqlite3.OperationalError) and any(
                word in text for word in ("full", "readonly", "read-only", "disk i/o")):
            return "tg.cannot_save"
        error = error.__cause__ or error.__context__
    return "tg.error"


async def _flood_notice(application: Application, update: Update) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    core: Core = application.bot_data[CORE]
    locale = core.locale_of(user.id if user else None, user.language_code if user else None)
    box = Outbox()
    box.say(chat.id, render("tg.slow_down", locale))
    try:
        await application.bot_data[COURIER].deliver(box)
    except Exception:  # noqa: BLE001 - a lost notice must not stop the processor
        log.exception("could not send the flood notice")


def settle_memory() -> None:
    """Load what lives as long as the bot (language profiles: 90,000 objects, the questionnaire,
    the libraries), then exempt it from garbage collection. Each full collection otherwise went
    through all of it and stopped every chat for 40-50 ms, which set the bot's p99 under load."""
    load_profiles()
    gc.collect()
    gc.freeze()


def run_bot(settings: Settings, service: CaseService | None = None) -> int:
    """Run until interrupted: webhook when configured, else long polling."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    service = service or open_service(settings)
    application = build_application(settings, service)
    settle_memory()
    if settings.webhook_url:
        asyncio.run(run_webhook(application, Webhook.from_settings(settings)))
    else:
        asyncio.run(run_polling(application, service))  # the leader only (issue 16)
    service.close()
    return 0
