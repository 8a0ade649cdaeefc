"""The forget confirmation and its result."""

from __future__ import annotations

from bot.ids import Callback
from bot.views.blocks import modal, section


def build_forget_modal() -> dict:
    """Ask before deleting: this cannot be undone."""
    return modal(
        Callback.FORGET,
        "Delete my data",
        [
            section(
                "This deletes everything oops has stored about you: your oopses, your answers, "
                "your prevention steps and any check-ins still to come. Messages already posted "
                "in Slack stay "
                "where they are. *This cannot be undone.*\n\nWant a copy first? Cancel and use "
                "`/oops export`."
            )
        ],
        submit="Delete everything",
    )


def build_forgotten_view(counts: dict[str, int]) -> dict:
    """What was deleted, in plain words."""
    parts = [f"{n} {kind}" for kind, n in counts.items() if n]
    summary = ", ".join(parts) if parts else "nothing (there was nothing stored)"
    return modal(
        Callback.RESULT, "Deleted", [section(f":wastebasket: Deleted {summary}.")], close="Done"
    )
