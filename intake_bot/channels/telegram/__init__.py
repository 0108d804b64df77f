"""The Telegram channel. Public surface: :func:`build_application` and :func:`run_bot`.

Everything else lives in private modules (``_core``, ``_household``, ``_worker``, ``_views``…)
and may change without notice.
"""

from intake_bot.channels.telegram.app import build_application, run_bot

__all__ = ["build_application", "run_bot"]
