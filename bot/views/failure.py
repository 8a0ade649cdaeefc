"""What a person sees when something failed on our side: plain words and a reference to quote."""

from __future__ import annotations

from bot.i18n import N_, translator
from bot.ids import Callback
from bot.views.blocks import modal, section

DATABASE_UNREACHABLE = N_(
    ":hourglass: I can't reach my database just now, so I couldn't finish that. Please try "
    "again in a moment. If it keeps happening, give your Slack admin this reference: `{ref}`"
)
FAILED = N_(
    ":warning: Something went wrong on our side and I couldn't finish that. Please try again "
    "in a moment. If it keeps happening, give your Slack admin this reference: `{ref}`"
)


def failure_text(ref: str, locale: str | None = None, *, database: bool = False) -> str:
    """The one-paragraph apology with the log reference `ref` (mrkdwn); `database` when the
    cause was the database being unreachable, which is worth saying: it will pass."""
    return translator(locale)(DATABASE_UNREACHABLE if database else FAILED, ref=ref)


def build_failure_modal(ref: str, locale: str | None = None, *, database: bool = False) -> dict:
    """A modal that replaces the one whose submission failed."""
    t = translator(locale)
    blocks = [section(failure_text(ref, locale, database=database))]
    return modal(Callback.RESULT, t("Something went wrong"), blocks, close=t("Close"))


def build_failure_home(ref: str, locale: str | None = None, *, database: bool = False) -> dict:
    """A Home tab that says it could not be drawn this time."""
    return {"type": "home", "blocks": [section(failure_text(ref, locale, database=database))]}
