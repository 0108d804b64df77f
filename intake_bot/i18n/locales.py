"""The languages intake-bot speaks: code, name in the language itself, writing direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A supported language."""

    code: str
    native_name: str
    rtl: bool = False


BASE_LOCALE = "fr"
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("fr", "Français"),
    Language("en", "English"),
    Language("ar", "العربية", rtl=True),
    Language("fa_AF", "دری", rtl=True),
    Language("ps", "پښتو", rtl=True),
    Language("ti", "ትግርኛ"),
    Language("so", "Soomaali"),
    Language("uk", "Українська"),
    Language("ru", "Русский"),
    Language("ka", "ქართული"),
    Language("sq", "Shqip"),
    Language("tr", "Türkçe"),
    Language("es", "Español"),
    Language("pt", "Português"),
    Language("ro", "Română"),
    Language("bn", "বাংলা"),
)}


def match_locale(code: str | None) -> str:
    """The supported locale closest to a client's language code (``fa-AF``, ``prs``, ``en-US``)."""
    if not code:
        return BASE_LOCALE
    normalized = code.replace("-", "_")
    if normalized in LANGUAGES:
        return normalized
    aliases = {"fa": "fa_AF", "prs": "fa_AF", "fa_IR": "fa_AF"}
    if normalized in aliases:
        return aliases[normalized]
    base = normalized.split("_")[0].lower()
    return aliases.get(base, base if base in LANGUAGES else BASE_LOCALE)
