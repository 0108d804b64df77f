"""The ``intake-bot`` command: run the bot and administer cases and accounts.

Every command goes through the case service (as the server's operator); nothing here touches
the store.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from intake_bot.cases import (
    ROLES, SYSTEM_ACCOUNT, CaseError, CaseService, open_service,
)
from intake_bot.config import Settings
from intake_bot.i18n import render

TELEGRAM = "telegram"


def _account_id(telegram_id: int) -> str:
    return f"{TELEGRAM}:{telegram_id}"


def cmd_run(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Telegram when a token is set, else the console chat."""
    if settings.telegram_token and not args.console:
        from intake_bot.channels.telegram.app import run_bot

        return run_bot(settings, service)
    from intake_bot.channels.console import ConsoleChat

    chat = ConsoleChat(service, locale=args.locale, role=args.role, case_id=args.case)
    return chat.run()


def cmd_cases(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Print one line per case: reference, status, organisation, worker, date, progress."""
    for case in service.cases(SYSTEM_ACCOUNT):
        answered = service.casework.progress(case.id, "worker")
        print(f"{case.reference}\t{case.status}\t{case.organisation or '-'}\t{case.worker or '-'}\t"
              f"{case.created_at[:10]}\t{answered.answered}/{answered.total}")
    return 0


def cmd_documents(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Write the diagnostic and the contract of a case into a directory (the same files the
    bot sends, audited the same way)."""
    from intake_bot.documents import DocumentError

    try:
        built = service.documents(SYSTEM_ACCOUNT, args.case)
    except DocumentError as error:
        print(error, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for document in built:
        path = args.out / document.file_name
        path.write_bytes(document.content)
        print(path)
    return 0


def cmd_add_worker(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Register (or update, or reactivate) a member of staff by Telegram id."""
    account = service.save_account(_account_id(args.telegram_id), args.name, args.organisation,
                                   args.role)
    print(f"{account.id} ({account.name}, {account.role}, {account.organisation}) active")
    return 0


def cmd_remove_worker(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Deactivate an account: it gets nothing any more, notifications included (cases stay)."""
    if not service.remove_account(_account_id(args.telegram_id)):
        print(f"no account with Telegram id {args.telegram_id}", file=sys.stderr)
        return 1
    print(f"{_account_id(args.telegram_id)} deactivated")
    return 0


def cmd_reassign(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Give a case to another worker of its organisation (they are told in the bot)."""
    case, _notices = service.reassign(SYSTEM_ACCOUNT, args.case, _account_id(args.to))
    print(f"{case.reference} -> {case.worker}")
    return 0


def cmd_erase(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Erase a case's personal data (answers, people, links, invitations, objectives)."""
    service.erase(SYSTEM_ACCOUNT, args.case)
    print(f"{args.case} erased")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="intake-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (console chat without TELEGRAM_BOT_TOKEN)")
    run.add_argument("--console", action="store_true", help="console chat even with a token")
    run.add_argument("--locale", help="language code (fr, ar, fa_AF, …); asked when omitted")
    run.add_argument("--role", choices=("household", "worker"), help="who answers; asked when omitted")
    run.add_argument("--case", type=_case_id, help="case to resume (D-000003 or 3); asked when omitted")
    run.set_defaults(handler=cmd_run)
    sub.add_parser("cases", help="list cases").set_defaults(handler=cmd_cases)
    documents = sub.add_parser("documents", help="generate the diagnostic and the contract (.docx)")
    documents.add_argument("case", help="case reference (D-000001) or number")
    documents.add_argument("--out", type=Path, required=True, help="directory to write to")
    documents.set_defaults(handler=cmd_documents)
    add = sub.add_parser("add-worker", help="allow a Telegram user in, with a role")
    add.add_argument("--telegram-id", type=int, required=True, help="numeric Telegram user id")
    add.add_argument("--name", required=True)
    add.add_argument("--organisation", required=True, help="the service the account belongs to")
    add.add_argument("--role", choices=ROLES, default="worker")
    add.set_defaults(handler=cmd_add_worker)
    remove = sub.add_parser("remove-worker", help="withdraw an account's access")
    remove.add_argument("--telegram-id", type=int, required=True)
    remove.set_defaults(handler=cmd_remove_worker)
    reassign = sub.add_parser("reassign", help="give a case to another worker of its organisation")
    reassign.add_argument("case", help="case reference (D-000001) or number")
    reassign.add_argument("--to", type=int, required=True, help="Telegram id of the new worker")
    reassign.set_defaults(handler=cmd_reassign)
    erase = sub.add_parser("erase", help="erase a case's personal data")
    erase.add_argument("case", help="case reference (D-000001) or number")
    erase.set_defaults(handler=cmd_erase)
    return parser


def _case_id(text: str) -> int:
    from intake_bot.cases import parse_reference

    case_id = parse_reference(text)
    if case_id is None:
        raise argparse.ArgumentTypeError(f"not a case reference: {text!r}")
    return case_id


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``intake-bot`` command."""
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    service = open_service(settings)
    try:
        return args.handler(args, service, settings)
    except CaseError as refused:
        print(render(refused.message_id, "fr", **refused.params), file=sys.stderr)
        return 2
    finally:
        service.close()


if __name__ == "__main__":
    sys.exit(main())
