"""The forget confirmation and its result."""

from __future__ import annotations

from bot.i18n import N_plural, translator
from bot.ids import Callback
from bot.views.blocks import modal, section

# One phrase per kind storage.privacy.forget_author counts, so word order is the translator's.
DELETED_KINDS = {
    "answers": N_plural("{count} answer", "{count} answers"),
    "prevention steps": N_plural("{count} prevention step", "{count} prevention steps"),
    "check-ins": N_plural("{count} check-in", "{count} check-ins"),
    "oopses": N_plural("{count} oops", "{count} oopses"),
    "drafts": N_plural("{count} draft", "{count} drafts"),
}


def build_forget_modal(locale: str | None = None) -> dict:
    """Ask before deleting: this cannot be undone."""
    t = translator(locale)
    return modal(
        Callback.FORGET,
        t("Delete my data"),
        [
            section(
                t(
                    "This deletes everything oops has stored about you: your oopses, your "
                    "answers, your prevention steps and any check-ins still to come. Messages "
                    "already posted in Slack stay where they are. *This cannot be undone.*\n\n"
                    "Want a copy first? Cancel and use `/oops export`."
                )
            )
        ],
        submit=t("Delete everything"),
        close=t("Cancel"),
    )


def build_forgotten_view(counts: dict[str, int], locale: str | None = None) -> dict:
    """What was deleted, in plain words."""
    t = translator(locale)
    parts = [
        t.ngettext(*DELETED_KINDS[kind], n) if kind in DELETED_KINDS else f"{n} {kind}"
        for kind, n in counts.items()
        if n
    ]
    if parts:
        text = t(":wastebasket: Deleted {what}.", what=t(", ").join(parts))
    else:
        text = t(":wastebasket: Nothing to delete: there was nothing stored.")
    return modal(Callback.RESULT, t("Deleted"), [section(text)], close=t("Done"))
