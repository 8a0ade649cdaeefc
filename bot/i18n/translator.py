"""Translate a whole message, then fill in its named placeholders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.i18n.catalogue import load_translations
from bot.i18n.locales import ENGLISH, Locale, locale_for


@dataclass(frozen=True)
class Translator:
    """Messages for one locale; `t("Posted in {channel}", channel=c)` translates, then formats."""

    locale: Locale = ENGLISH

    @property
    def is_english(self) -> bool:
        """Whether text goes out as written in the code."""
        return self.locale == ENGLISH

    def gettext(self, msgid: str, /, **params: object) -> str:
        """The translation of `msgid` (itself when missing), with `params` filled in after."""
        text = load_translations(self.locale).gettext(msgid)
        return text.format_map(params) if params else text

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        """The form of `singular`/`plural` for `count` in this locale's plural rule, with
        `{count}` and `params` filled in after."""
        text = load_translations(self.locale).ngettext(singular, plural, count)
        return text.format_map({"count": count, **params})


@cache
def translator(locale: str | None = None) -> Translator:
    """The translator for a Slack locale ("zh-CN") or one of ours ("zh_CN"); English otherwise."""
    return Translator(locale_for(locale))
