"""Load a locale's .po catalogue once: msgid -> msgstr."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def po_path(locale: str) -> Path:
    """Where the catalogue of `locale` lives (it may not exist, as for English)."""
    return LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"


@cache
def load_catalogue(locale: str) -> dict[str, str]:
    """Translated, non-fuzzy entries of `locale`; empty when there is no catalogue (English)."""
    path = po_path(locale)
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }
