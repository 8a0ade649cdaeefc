"""What a person sees when something failed on our side: plain words and a reference to quote."""

from __future__ import annotations

from bot.i18n import N_, translator
from bot.ids import Callback
from bot.views.blocks import modal, section

FAILED = N_(
    ":warning: Something went wrong on our side and I couldn't finish that. Please try again "
    "in a moment. If it keeps happening, give your Slack admin this reference: `{ref}`"
)


def failure_text(ref: str, locale: str | None = None) -> str:
    """The one-paragraph apology with the log reference `ref` (mrkdwn)."""
    return translator(locale)(FAILED, ref=ref)


def build_failure_modal(ref: str, locale: str | None = None) -> dict:
    """A modal that replaces the one whose submission failed."""
    t = translator(locale)
    blocks = [section(failure_text(ref, locale))]
    return modal(Callback.RESULT, t("Something went wrong"), blocks, close=t("Close"))


def build_failure_home(ref: str, locale: str | None = None) -> dict:
    """A Home tab that says it could not be drawn this time."""
    return {"type": "home", "blocks": [section(failure_text(ref, locale))]}
