"""Which of our catalogues a Slack locale maps to."""

from __future__ import annotations

from typing import Literal

Locale = Literal["en", "zh_CN"]
ENGLISH: Locale = "en"
CHINESE: Locale = "zh_CN"
# Slack sends BCP 47 tags (users.info `locale`, e.g. "zh-CN"); Traditional Chinese is not ours.
_CHINESE_TAGS = {"zh", "zh-cn", "zh-hans", "zh-hans-cn", "zh-sg", "zh-hans-sg"}


def locale_for(slack_locale: str | None) -> Locale:
    """ "zh-CN", "zh-Hans" or "zh" -> "zh_CN"; anything else (or nothing) -> "en"."""
    # Anything that is not a string (a Slack answer of another shape) reads as English.
    tag = slack_locale.strip().replace("_", "-").lower() if isinstance(slack_locale, str) else ""
    return CHINESE if tag in _CHINESE_TAGS else ENGLISH
