"""The ``intake-bot`` command: run the bot and administer cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from intake_bot.casework import Casework
from intake_bot.config import Settings
from intake_bot.translation import translator_from
from intake_bot.storage.sqlite import SqliteStorage


def _storage(settings: Settings) -> SqliteStorage:
    return SqliteStorage(settings.database_path)


def _casework(settings: Settings) -> Casework:
    return Casework(_storage(settings), translator=translator_from(settings))


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Telegram when a token is set, else the console chat."""
    if settings.telegram_token and not args.console:
        from intake_bot.channels.telegram.app import run_bot

        return run_bot(settings)
    from intake_bot.channels.console import ConsoleChat

    chat = ConsoleChat(_casework(settings), locale=args.locale, role=args.role,
                       case_id=args.case)
    return chat.run()


def cmd_cases(args: argparse.Namespace, settings: Settings) -> int:
    """Print one line per case."""
    casework = _casework(settings)
    for case in casework.storage.list_cases():
        answered = casework.progress(case.id, "worker")
        print(f"{case.reference}\t{case.id}\t{case.status}\t{case.created_at[:10]}\t"
              f"{answered.answered}/{answered.total}\t{case.label}")
    return 0


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the diagnostic and the contract of a case into a directory."""
    from intake_bot.documents import DocumentError, generate_documents

    try:
        paths = generate_documents(_casework(settings), args.case_id, settings,
                                   actor="cli", out_dir=args.out)
    except DocumentError as error:
        print(error, file=sys.stderr)
        return 2
    for path in paths.values():
        print(path)
    return 0


def cmd_add_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Register (or reactivate) a social worker by Telegram id."""
    storage = _storage(settings)
    worker = storage.save_worker(args.telegram_id, args.name, args.organisation or "", actor="cli")
    print(f"worker {worker.telegram_id} ({worker.name}) active")
    return 0


def cmd_remove_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Deactivate a worker: they keep no access to worker commands (their cases stay)."""
    if not _storage(settings).deactivate_worker(args.telegram_id, actor="cli"):
        print(f"no worker with Telegram id {args.telegram_id}", file=sys.stderr)
        return 1
    print(f"worker {args.telegram_id} deactivated")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="intake-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (console chat without TELEGRAM_BOT_TOKEN)")
    run.add_argument("--console", action="store_true", help="console chat even with a token")
    run.add_argument("--locale", help="language code (fr, ar, fa_AF, …); asked when omitted")
    run.add_argument("--role", choices=("household", "worker"), help="who answers; asked when omitted")
    run.add_argument("--case", type=int, help="case id to resume; asked when omitted")
    run.set_defaults(handler=cmd_run)
    cases = sub.add_parser("cases", help="list cases")
    cases.set_defaults(handler=cmd_cases)
    documents = sub.add_parser("documents", help="generate the diagnostic and the contract (.docx)")
    documents.add_argument("case_id", type=int, help="case id (see `intake-bot cases`)")
    documents.add_argument("--out", type=Path, required=True, help="directory to write to")
    documents.set_defaults(handler=cmd_documents)
    add = sub.add_parser("add-worker", help="allow a Telegram user to use the worker commands")
    add.add_argument("--telegram-id", type=int, required=True, help="numeric Telegram user id")
    add.add_argument("--name", required=True)
    add.add_argument("--organisation", default="")
    add.set_defaults(handler=cmd_add_worker)
    remove = sub.add_parser("remove-worker", help="withdraw a worker's access")
    remove.add_argument("--telegram-id", type=int, required=True)
    remove.set_defaults(handler=cmd_remove_worker)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``intake-bot`` command."""
    args = build_parser().parse_args(argv)
    return args.handler(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
