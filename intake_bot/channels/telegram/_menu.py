"""The command menu (the "/" button) in every language the bot speaks, and for workers."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from intake_bot.i18n import BASE_LOCALE, LANGUAGES, render
from intake_bot.cases import CaseService
from intake_bot.channels.telegram._sender import with_retry
from intake_bot.channels.telegram._session import CHANNEL

log = logging.getLogger(__name__)
HOUSEHOLD_COMMANDS = ("start", "help", "back", "change", "skip", "pause", "language", "contract",
                      "delete")
WORKER_COMMANDS = ("new", "cases", "fill", "answers", "change", "progress", "invite", "revoke",
                   "objectives", "debut", "documents", "bilingual", "back", "skip", "pause",
                   "takeover", "erase", "droits", "bilan", "portail",
                   "decision", "demarrage", "suivi", "journal", "prolonger", "cloture",
                   "expulsion", "objet", "help")  # issue 13: the measure's commands


def commands(names: tuple[str, ...], locale: str) -> list[BotCommand]:
    """Bot commands with their descriptions in ``locale``."""
    return [BotCommand(name, render(f"tg.cmd.{name}", locale)) for name in names]


def telegram_language(locale: str) -> str:
    """The two-letter code Telegram uses for a locale (fa_AF -> fa)."""
    return locale.split("_")[0].lower()


async def set_menus(bot: Bot, service: CaseService) -> None:
    """Household menu per language (French by default); worker menu in each worker's chat."""
    await with_retry(lambda: bot.set_my_commands(commands(HOUSEHOLD_COMMANDS, BASE_LOCALE)))
    for locale in LANGUAGES:
        if locale != BASE_LOCALE:
            await with_retry(lambda: bot.set_my_commands(commands(HOUSEHOLD_COMMANDS, locale),
                                                         language_code=telegram_language(locale)))
    for user_id in service.staff_ids(CHANNEL):
        try:
            await with_retry(lambda: bot.set_my_commands(
                commands(WORKER_COMMANDS, "fr"), scope=BotCommandScopeChat(int(user_id))))
        except TelegramError as exc:  # the worker never opened the bot yet
            log.info("no worker menu for %s: %s", user_id, exc)
