"""The reference of the load figures: a bare python-telegram-bot bot that only echoes each text,
with the library's defaults (its Updater's long polling, httpx), started like ``intake-bot run``
(``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_API_BASE_URL`` from the environment).

    .venv/bin/python -m bench.echo_bot
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back to its chat."""
    await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    """Poll until SIGTERM."""
    base_url = os.environ["TELEGRAM_API_BASE_URL"]
    application = (Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
                   .base_url(base_url).build())
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0.0, timeout=1)


if __name__ == "__main__":
    main()
