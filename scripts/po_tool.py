"""Translator's helper: list the untranslated entries of a catalog, and fill them back.

    python scripts/po_tool.py export fa_AF            # numbered TSV: N, context, French text
    python scripts/po_tool.py import fa_AF FILE.tsv   # lines "N<TAB>translation" (\\n for newlines)

A plural entry is exported as "singular ||| plural" with a fourth column "forms=K"; its translation
is K forms separated by " ||| ", in the order of the catalog's Plural-Forms formula.

Numbers are the entry's position in the catalog, stable while the catalog is not updated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalog_path(locale: str) -> Path:
    """The .po file of ``locale``."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / "intake_bot.po"


def load(locale: str):
    """The catalog of ``locale`` and its real entries (header left out), in file order."""
    with catalog_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return catalog, [m for m in catalog if m.id]


def export(locale: str, everything: bool = False) -> None:
    """Print the untranslated (or fuzzy) entries as N<TAB>context<TAB>text."""
    catalog, messages = load(locale)
    for number, message in enumerate(messages, start=1):
        if everything or not complete(message.string) or message.fuzzy:
            if isinstance(message.id, tuple):
                text = " ||| ".join(message.id).replace("\n", "\\n")
                print(f"{number}\t{message.context or ''}\t{text}\tforms={catalog.num_plurals}")
            else:
                print(f"{number}\t{message.context or ''}\t{message.id.replace(chr(10), chr(92) + 'n')}")


def complete(text) -> bool:
    """A translation with every form filled (all of a plural entry's forms)."""
    forms = text if isinstance(text, tuple) else (text,)
    return bool(text) and all(forms)


def import_tsv(locale: str, tsv: Path) -> None:
    """Fill translations from lines N<TAB>translation; clear the fuzzy flag of those filled."""
    catalog, messages = load(locale)
    filled = 0
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        number, _, text = line.partition("\t")
        message = messages[int(number) - 1]
        text = text.replace("\\n", "\n")
        if isinstance(message.id, tuple):
            forms = tuple(form.strip() for form in text.split("|||"))
            if len(forms) != catalog.num_plurals:
                sys.exit(f"{locale}: entry {number} needs {catalog.num_plurals} forms, got {len(forms)}")
            message.string = forms
        else:
            message.string = text
        message.flags.discard("fuzzy")
        filled += 1
    with catalog_path(locale).open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True)
    missing = sum(1 for m in messages if not complete(m.string))
    print(f"{locale}: {filled} filled, {missing} still untranslated", file=sys.stderr)


if __name__ == "__main__":
    command, locale, *rest = sys.argv[1:]
    if command == "export":
        export(locale, everything=bool(rest and rest[0] == "--all"))
    elif command == "import":
        import_tsv(locale, Path(rest[0]))
    else:
        sys.exit(__doc__)
