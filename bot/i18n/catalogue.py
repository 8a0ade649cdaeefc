"""Load a locale's .po catalogue once, as Babel `Translations` (compiled in memory: the .po is
the only file, so there is no compile step to forget)."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def po_path(locale: str) -> Path:
    """Where the catalogue of `locale` lives (it may not exist, as for English)."""
    return LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"


@cache
def read_catalogue(locale: str) -> Catalog | None:
    """The parsed .po of `locale`; None when there is none (English)."""
    path = po_path(locale)
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=locale)


@cache
def load_catalogue(locale: str) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    """Translated, non-fuzzy entries of `locale`: msgid -> msgstr, and for plural entries
    (singular, plural) -> one msgstr per plural form; empty for English."""
    catalog = read_catalogue(locale)
    if catalog is None:
        return {}
    return {m.id: m.string for m in catalog if m.id and _translated(m.string) and not m.fuzzy}


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


@cache
def load_translations(locale: str) -> NullTranslations:
    """gettext/ngettext for `locale` with its plural rule; the identity (English's singular
    and plural by count) when there is no catalogue."""
    catalog = read_catalogue(locale)
    if catalog is None:
        return NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, catalog)  # leaves out untranslated and fuzzy entries
    compiled.seek(0)
    return Translations(compiled)
