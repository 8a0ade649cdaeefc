"""Pure builders: the DMs about a safeguard, the reassign modal, Home's capped lists and the
paged "Show all" modal (Slack's limits: 100 blocks, 3000 chars a text)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from bot.views.home import build_home
from bot.views.home_lists import PAGE_SIZE, build_list_modal
from bot.views.nudge_views import build_nudge_outcome
from bot.views.step_views import build_reassign_modal, build_step_message, build_step_outcome
from storage.states import StepStatus
from storage.step_nudges import StepFacts

FACTS = StepFacts(
    step_id=7,
    description="Check <!here> & *deploys*",
    due_on=date(2026, 3, 4),
    author_id="U0AUTHOR",
    owner_id="U0OWNER",
    status=StepStatus.OPEN,
    permalink="https://example.slack.com/archives/C1/p1",
)


@dataclass
class Step:
    id: int
    description: str
    owner_id: str
    author_id: str
    due_on: date | None


def _buttons(blocks):
    return [
        (e["action_id"], e["value"])
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_the_owners_dm_names_the_step_due_date_asker_link_and_offers_done_and_not_mine():
    text, blocks = build_step_message(
        nudge_id=3, kind="step_assigned", step=FACTS, recipient="U0OWNER"
    )
    shown = json.dumps(blocks)
    assert text == "A safeguard for you to own"
    assert "&lt;!here&gt; &amp; *deploys*" in shown
    assert "<!here>" not in shown
    assert "<@U0AUTHOR>" in shown and "Wed, Mar 4" in shown and FACTS.permalink in shown
    assert _buttons(blocks) == [("prevention_done", "7"), ("step_not_mine", "7")]


def test_the_due_reminder_differs_for_owner_and_author_and_snoozes_by_nudge():
    _, to_owner = build_step_message(nudge_id=3, kind="step_due", step=FACTS, recipient="U0OWNER")
    _, to_author = build_step_message(nudge_id=4, kind="step_due", step=FACTS, recipient="U0AUTHOR")
    assert "your safeguard is due" in to_owner[0]["text"]["text"]
    assert "<@U0OWNER>" in to_author[0]["text"]["text"]
    assert _buttons(to_owner) == [
        ("prevention_done", "7"),
        ("nudge_snooze_hour", "3"),
        ("nudge_snooze_tomorrow", "3"),
    ]


def test_the_authors_not_mine_dm_offers_reassign_in_chinese():
    text, blocks = build_step_message(
        nudge_id=5, kind="step_declined", step=FACTS, recipient="U0AUTHOR", locale="zh-CN"
    )
    assert text == "一项防范措施需要新的负责人"
    assert _buttons(blocks)[0] == ("step_reassign", "7")


def test_outcomes_and_the_reassign_modal():
    text, blocks = build_step_outcome(description="a <b>", outcome="Done.")
    assert text == "Done." and blocks[0]["text"]["text"] == "> a &lt;b&gt;"
    modal = build_reassign_modal(step_id=7, description="x", owner_id="U0OWNER")
    assert modal["callback_id"] == "step_reassign"
    assert json.loads(modal["private_metadata"]) == {"step_id": 7}
    # A snoozed reminder's DM keeps a title (no question to repeat).
    assert build_nudge_outcome(kind="step_due", what_happened="w", outcome="z")[0]


def _steps(n):
    return [
        Step(i, f"Step {i} " + "y" * 5000, "U0OWNER", "U0AUTHOR", date(2026, 3, 1 + i % 20))
        for i in range(n)
    ]


def test_home_caps_each_list_and_says_how_many_more():
    home = build_home(
        [],
        _steps(25),
        [],
        viewer="U0OWNER",
        today=date(2026, 3, 5),
        totals={"oopses": 0, "answers": 0},
    )
    assert len(home["blocks"]) <= 100
    more = [b for b in home["blocks"] if b.get("accessory", {}).get("action_id") == "home_show_all"]
    assert [(b["text"]["text"], b["accessory"]["value"]) for b in more] == [
        ("…and 15 more", "steps")
    ]
    texts = [b["text"]["text"] for b in home["blocks"] if b["type"] == "section"]
    assert all(len(t) <= 3000 for t in texts)
    assert sum(":warning: *Overdue*" in t for t in texts) == 4  # due 1-4 March
    assert all("Asked by <@U0AUTHOR>" in t for t in texts if t.startswith("Step"))


def test_the_show_all_modal_pages_under_slacks_limits():
    rows = _steps(85)
    first = build_list_modal("steps", rows[:PAGE_SIZE], page=0, total=85)
    last = build_list_modal("steps", rows[80:], page=2, total=85, locale="zh-CN")
    assert len(first["blocks"]) <= 100 and len(last["blocks"]) == 5 + 2
    assert _buttons(first["blocks"]) == [("home_show_page", "steps:1")]
    assert _buttons(last["blocks"]) == [("home_show_page", "steps:1")]
    assert "第 3 页，共 3 页" in json.dumps(last, ensure_ascii=False)
    empty = build_list_modal("answers", [], page=0, total=0)
    assert _buttons(empty["blocks"]) == [] and "Nothing here" in json.dumps(empty)


def test_a_modal_title_fits_in_every_language():
    for name in ("steps", "oopses", "answers"):
        for locale in (None, "zh-CN"):
            assert build_list_modal(name, [], page=0, total=0, locale=locale)["title"]
