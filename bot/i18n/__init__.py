"""One message catalogue for every user-facing string: English msgids, Simplified Chinese .po."""

from bot.i18n.locales import CHINESE, ENGLISH, locale_for
from bot.i18n.translator import Translator, translator


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    """Mark a module-level msgid for the catalogue; translate it where it is shown."""
    return msgid


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 (as N_)
    """Mark a module-level singular/plural pair; `t.ngettext(*pair, count)` where it is shown."""
    return singular, plural


__all__ = ["CHINESE", "ENGLISH", "N_", "N_plural", "Translator", "locale_for", "translator"]
