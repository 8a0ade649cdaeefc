"""One App Home list in full, a page at a time, in a modal ("Show all")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.i18n import N_, translator
from bot.ids import Action, Callback
from bot.views.blocks import button, context, modal
from bot.views.home import ANSWERS, OOPSES, STEPS, answer_block, oops_block, step_block

# Rows per page: with the pager and the page line, well under Slack's 100 blocks.
PAGE_SIZE = 40
TITLES = {
    STEPS: N_("Safeguards"),
    OOPSES: N_("What you owned up to"),
    ANSWERS: N_("Your reflections"),
}


def page_count(total: int) -> int:
    """How many pages `total` rows fill (at least one)."""
    return max(1, -(-total // PAGE_SIZE))


def build_list_modal(
    name: str,
    rows: Sequence,
    *,
    page: int,
    total: int,
    viewer: str | None = None,
    today: date | None = None,
    locale: str | None = None,
) -> dict:
    """Page `page` (0-based) of list `name` (`rows` are that page's), with Previous/Next."""
    t = translator(locale)
    if name == STEPS:
        blocks = [step_block(t, row, viewer, today) for row in rows]
    elif name == OOPSES:
        blocks = [oops_block(t, row) for row in rows]
    else:
        blocks = [answer_block(t, row) for row in rows]
    pages = page_count(total)
    if not blocks:
        blocks.append(context(t("Nothing here any more.")))
    blocks.append(context(t("Page {page} of {pages}", page=page + 1, pages=pages)))
    pager = []
    if page > 0:
        pager.append(button(t("Previous"), Action.SHOW_PAGE, f"{name}:{page - 1}"))
    if page + 1 < pages:
        pager.append(button(t("Next"), Action.SHOW_PAGE, f"{name}:{page + 1}"))
    if pager:
        blocks.append({"type": "actions", "block_id": "home_list_pager", "elements": pager})
    return modal(Callback.HOME_LIST, t(TITLES[name]), blocks, close=t("Close"))
