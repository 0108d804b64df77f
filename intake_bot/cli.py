"""The ``intake-bot`` command: run the bot and administer cases and accounts.

Every command goes through the case service (as the server's operator); nothing here touches
the store.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from intake_bot.cases import (
    ROLES, SYSTEM_ACCOUNT, CaseError, CaseService, StoreUnavailable, missing_resources,
    open_service, restore_store, store_failure,
)
from intake_bot.config import Settings
from intake_bot.i18n import render

TELEGRAM = "telegram"


def _account_id(telegram_id: int) -> str:
    return f"{TELEGRAM}:{telegram_id}"


def cmd_run(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Telegram when a token is set, else the console chat; the staff portal beside either
    (WEB_ENABLED, WEB_LISTEN, WEB_PORT)."""
    from intake_bot.web import serve_beside

    serve_beside(settings, open_service)
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

    if not _contract_terms(args, service):
        return 2
    try:
        built = service.documents(SYSTEM_ACCOUNT, args.case)
    except DocumentError as error:
        print(error, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for reason in built.failed.values():  # the diagnostic never waits for the contract
        print(reason, file=sys.stderr)
    for document in built:
        path = args.out / document.file_name
        _write_private(path, document.content)
        print(path)
    return _pdfs(args, built) if args.pdf else 0


def _contract_terms(args: argparse.Namespace, service: CaseService) -> bool:
    """Keep the contract's ``--start`` and ``--months`` before the documents are made; a
    duration outside the measure's bounds is refused (one French line, nothing kept)."""
    months, start = getattr(args, "months", None), getattr(args, "start", None)
    if months is not None:
        from intake_bot.documents.measures import bounds_for, contract_measure

        gathered = service.gather_documents(SYSTEM_ACCOUNT, args.case, ("contract",))
        bounds = bounds_for(contract_measure(gathered.data.answers), gathered.options.duration_bounds)
        if not bounds.minimum <= months <= bounds.maximum:
            print(render("cli.documents.months_bounds", "fr", months=months,
                         minimum=bounds.minimum, maximum=bounds.maximum), file=sys.stderr)
            return False
    if start is not None:
        service.set_contract_start(SYSTEM_ACCOUNT, args.case, start)
    if months is not None:
        service.set_contract_months(SYSTEM_ACCOUNT, args.case, months)
    return True


def _pdfs(args: argparse.Namespace, built: list) -> int:
    """Write a PDF beside each .docx (LibreOffice); say so and go on when it is not installed."""
    from intake_bot.documents import pdf

    if not pdf.available():
        print(render("doc.pdf.unavailable", "fr"), file=sys.stderr)
        return 0
    for document in built:
        content = pdf.to_pdf(document.content, document.file_name)
        if content is None:
            print(render("doc.pdf.failed", "fr", file=document.file_name), file=sys.stderr)
            continue
        path = args.out / Path(document.file_name).with_suffix(".pdf")
        _write_private(path, content)
        print(path)
    return 0


def _write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, readable by its owner only (0600, whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.chmod(path, 0o600)


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


def cmd_add_staff(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Register (or update, or reactivate) a member of staff who signs in to the portal by email."""
    account = service.add_staff(args.email, args.name, args.organisation, args.role)
    print(f"{account.id} ({account.name}, {account.role}, {account.organisation}) active")
    return 0


def cmd_set_password(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Set a portal password: asked twice without echo on a terminal, else one line of stdin."""
    from intake_bot.cases.staff import email_account_id

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Encore une fois : ") != password:
            print("Les deux mots de passe diffèrent.", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    account_id = args.email if ":" in args.email else email_account_id(args.email)
    service.set_password(account_id, password)
    print(render("portal.password_set", "fr", account=account_id))
    return 0


def cmd_web(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Serve the staff portal alone (WEB_LISTEN, WEB_PORT)."""
    from intake_bot.web import serve

    return serve(service, settings)


def cmd_reassign(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Give a case to another worker of its organisation (they are told in the bot)."""
    case, _notices = service.reassign(SYSTEM_ACCOUNT, args.case, _account_id(args.to))
    print(f"{case.reference} -> {case.worker}")
    return 0


def cmd_erase(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Erase a case's personal data (answers, people, links, invitations, objectives)."""
    reference = service.case(SYSTEM_ACCOUNT, args.case).reference
    service.erase(SYSTEM_ACCOUNT, args.case)
    print(f"{reference} erased")
    return 0


def cmd_case_log(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Issue 13: a case's measure (decision, support dates, reviews, renewals, exit) and its
    follow-up log, one tab-separated line each (codes and ISO dates)."""
    case = service.case(SYSTEM_ACCOUNT, args.case)
    measure = service.measure(SYSTEM_ACCOUNT, case.id)
    print(f"{case.reference}\t{case.status}\t{measure.granted or ''}\t{measure.purpose or ''}")
    print(f"decision\t{measure.decided_on or ''}\t{measure.decision or ''}\t{measure.body or ''}")
    print(f"support\t{measure.start or ''}\t{measure.end or ''}")
    for kind, on in measure.reviews:
        print(f"review\t{on}\t{kind}")
    for on, end, reason in measure.renewals:
        print(f"renewal\t{on}\t{end}\t{reason}")
    for step, (on, value) in measure.eviction.items():
        print(f"eviction\t{on}\t{step}\t{value}")
    for entry in service.follow_up_log(SYSTEM_ACCOUNT, case.id):
        print(f"{entry.kind}\t{entry.on}\t{entry.detail}\t{entry.by}\t{entry.note}")
    if measure.closed_on:
        print(f"exit\t{measure.closed_on}\t{measure.outcome}")
    return 0


def cmd_migrate_store(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Copy an SQLite file into the empty PostgreSQL database of DATABASE_URL (stop the bot
    first: what it writes during the copy would not be copied)."""
    from intake_bot.cases import migrate_store

    source = args.source or settings.database_path
    try:
        counts = migrate_store(settings, source)
    except FileNotFoundError:
        print(f"no SQLite file at {source}", file=sys.stderr)
        return 2
    except ValueError as refused:
        print(f"nothing copied: {refused}", file=sys.stderr)
        return 2
    for table, count in counts.items():
        print(f"{table}\t{count}")
    return 0


def cmd_purge(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Erase every case without activity for RETENTION_MONTHS (references only are printed);
    ``--dry-run`` only says which."""
    months = settings.retention_months
    found = service.purge(dry_run=args.dry_run, months=months)
    line = "store.purge.would_erase" if args.dry_run else "store.purge.erased"
    for stale in found:
        print(render(line, "fr", reference=stale.reference, date=stale.last_activity.isoformat()))
    cutoff = retention_cutoff(service, months)
    print(render("store.purge.summary", "fr", count=len(found), months=months, cutoff=cutoff))
    return 0


def retention_cutoff(service: CaseService, months: int) -> str:
    """The day before which a case's last activity makes it erased (ISO date)."""
    from intake_bot.cases.retention import months_before

    return months_before(service.now(), months).date().isoformat()


def cmd_backup(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """A consistent copy of the database (SQLite's online backup API, safe while the bot
    runs), readable by its owner only."""
    try:
        service.backup(args.destination)
    except NotImplementedError:
        _say_refused(CaseError("store.error.no_backup"))
        return 2
    size = args.destination.stat().st_size
    print(render("store.backup.done", "fr", path=str(args.destination), size=size))
    return 0


def cmd_restore(args: argparse.Namespace, service: CaseService | None, settings: Settings) -> int:
    """Replace the database by a checked backup (the bot stopped); the previous file is kept
    as .bak."""
    message_id, params = restore_store(settings, args.source)
    print(render(message_id, "fr", **params))
    return 0


def cmd_indicators(args: argparse.Namespace, service: CaseService, settings: Settings) -> int:
    """Write the indicators of a period (CSV for a French spreadsheet, or XLSX), computed by
    the database, for one organisation or all and one measure or all."""
    from intake_bot.indicators import Period, to_csv, to_xlsx

    if args.end < args.start:
        print(render("indicators.cli.bad_period", "fr", start=args.start.isoformat(),
                     end=args.end.isoformat()), file=sys.stderr)
        return 2
    found = service.indicators(SYSTEM_ACCOUNT, Period(args.start, args.end), args.measure,
                               organisation=args.organisation)
    _write_private(args.out, to_csv(found) if args.format == "csv" else to_xlsx(found))
    print(render("indicators.cli.written", "fr", path=str(args.out)))
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
    documents.add_argument("--pdf", action="store_true",
                           help="also write a PDF of each (needs LibreOffice's soffice)")
    documents.add_argument("--months", type=int,
                           help="the contract's duration in months, within the measure's bounds")
    documents.add_argument("--start", type=_day, help="the day the contract starts (YYYY-MM-DD)")
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
    staff = sub.add_parser("add-staff", help="allow a member of staff into the web portal by email")
    staff.add_argument("--email", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--organisation", required=True, help="the service the account belongs to")
    staff.add_argument("--role", choices=ROLES, default="worker")
    staff.set_defaults(handler=cmd_add_staff)
    password = sub.add_parser("set-password", help="set a portal password (asked, or read from stdin)")
    password.add_argument("email", help="the account's email (or an account id such as telegram:42)")
    password.set_defaults(handler=cmd_set_password)
    sub.add_parser("web", help="serve the staff web portal alone").set_defaults(handler=cmd_web)
    reassign = sub.add_parser("reassign", help="give a case to another worker of its organisation")
    reassign.add_argument("case", help="case reference (D-000001) or number")
    reassign.add_argument("--to", type=int, required=True, help="Telegram id of the new worker")
    reassign.set_defaults(handler=cmd_reassign)
    erase = sub.add_parser("erase", help="erase a case's personal data")
    erase.add_argument("case", help="case reference (D-000001) or number")
    erase.set_defaults(handler=cmd_erase)
    case_log = sub.add_parser("case-log", help="a case's measure and follow-up log (issue 13)")
    case_log.add_argument("case", help="case reference (D-000001) or number")
    case_log.set_defaults(handler=cmd_case_log)
    move = sub.add_parser("migrate-store", help="copy an SQLite file into the PostgreSQL database "
                                                "of DATABASE_URL")
    move.add_argument("--from", dest="source", type=Path,
                      help="the SQLite file (default: intake.sqlite in INTAKE_DATA_DIR)")
    move.set_defaults(handler=cmd_migrate_store)
    purge = sub.add_parser("purge", help="erase the cases without activity for RETENTION_MONTHS")
    purge.add_argument("--dry-run", action="store_true", help="only print what would be erased")
    purge.set_defaults(handler=cmd_purge)
    backup = sub.add_parser("backup", help="a consistent copy of the database, while the bot runs")
    backup.add_argument("destination", type=Path, help="the file to write (mode 0600)")
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help="replace the database by a backup (bot stopped)")
    restore.add_argument("source", type=Path, help="a file written by intake-bot backup")
    restore.set_defaults(handler=cmd_restore)
    figures = sub.add_parser("indicators", help="the indicators of a period, as CSV or XLSX")
    figures.add_argument("--from", dest="start", type=_day, required=True, help="first day (YYYY-MM-DD)")
    figures.add_argument("--to", dest="end", type=_day, required=True, help="last day, included")
    figures.add_argument("--measure", help="one measure's code (asll, avdl, …); default: all")
    figures.add_argument("--organisation", help="one organisation; default: all")
    figures.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    figures.add_argument("--out", type=Path, required=True, help="the file to write (mode 0600)")
    figures.set_defaults(handler=cmd_indicators)
    return parser


def _day(text: str) -> "date":
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


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
    if args.handler is cmd_migrate_store:  # opens both stores itself
        return cmd_migrate_store(args, None, settings)
    problems = missing_resources()
    if problems:
        for problem in problems:
            _say_refused(problem)
        return 2
    try:
        if args.handler is cmd_restore:  # replaces the database file: nothing may hold it open
            return cmd_restore(args, None, settings)
        service = open_service(settings)
    except StoreUnavailable as refused:
        print(refused, file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - a database failure is one line, not a traceback
        return _store_failed(error, settings)
    try:
        return args.handler(args, service, settings)
    except CaseError as refused:
        _say_refused(refused)
        return 2
    except Exception as error:  # noqa: BLE001 - a database failure is one line, not a traceback
        return _store_failed(error, settings)
    finally:
        service.close()


def _say_refused(refused: CaseError) -> None:
    print(render(refused.message_id, "fr", **refused.params), file=sys.stderr)


def _store_failed(error: Exception, settings: Settings) -> int:
    refused = error if isinstance(error, CaseError) else store_failure(error, settings)
    if refused is None:
        raise error
    _say_refused(refused)
    return 2


if __name__ == "__main__":
    sys.exit(main())
