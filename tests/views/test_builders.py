"""Block Kit builders: Slack's limits, escaping, and the ids the listeners rely on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.compose_form import ComposeForm
from bot.ids import Action, Block, Callback
from bot.views.compose import build_compose_modal, build_preview_modal, build_result_view
from bot.views.home import build_home
from bot.views.live_coach import with_coach
from bot.views.nudge_views import build_answer_modal, build_nudge_message
from bot.views.owned_message import build_owned_message

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


@dataclass
class F:
    kind: str
    start: int
    end: int
    message: str
    suggestion: str


def _texts(obj) -> list[str]:
    """Every `text` string anywhere in a Block Kit structure."""
    found = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += _texts(value)
    elif isinstance(obj, list):
        for item in obj:
            found += _texts(item)
    return found


def _check_limits(view: dict) -> None:
    assert len(view["blocks"]) <= 100
    if "title" in view:
        assert len(view["title"]["text"]) <= 24
    assert all(len(t) <= 3000 for t in _texts(view))


def test_compose_modal_prefills_and_defaults_to_channel():
    view = build_compose_modal(ComposeForm(what_happened="I pushed to main", channel_id="C42"))
    _check_limits(view)
    assert view["callback_id"] == Callback.COMPOSE
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks[Block.WHAT]["element"]["initial_value"] == "I pushed to main"
    assert blocks[Block.CHANNEL]["element"]["initial_conversation"] == "C42"
    assert blocks[Block.DELIVERY]["element"]["initial_option"]["value"] == "channel"
    assert {Block.AFFECTED, Block.SEVERITY, Block.REPAIR, Block.IMPACT} <= set(blocks)


def test_compose_modal_from_a_dm_has_no_initial_channel():
    view = build_compose_modal(ComposeForm(channel_id="D42"))
    channel = next(b for b in view["blocks"] if b.get("block_id") == Block.CHANNEL)
    assert "initial_conversation" not in channel["element"]


def test_preview_has_dispatching_message_input_and_escaped_coach_notes():
    text = "Sorry if <!channel> was bothered"
    finding = F("conditional_apology", 0, 16, "Conditional.", "Say <sorry>.")
    view = build_preview_modal(
        7, ComposeForm(channel_id="C1", affected=["U01ABC"]), text, [finding]
    )
    _check_limits(view)
    message = next(b for b in view["blocks"] if b.get("block_id") == Block.MESSAGE)
    assert message["dispatch_action"] is True
    assert message["element"]["dispatch_action_config"]["trigger_actions_on"] == [
        "on_character_entered"
    ]
    assert json.loads(view["private_metadata"]) == {"draft_id": 7}
    coach = next(b for b in view["blocks"] if b.get("block_id") == Block.COACH)
    assert "Sorry if" in coach["text"]["text"] and "&lt;sorry&gt;" in coach["text"]["text"]
    assert "<sorry>" not in coach["text"]["text"]


def test_live_coach_keeps_inputs_and_drops_read_only_fields():
    view = build_preview_modal(1, ComposeForm(channel_id="C1"), "fine", [])
    from_slack = {**view, "id": "V1", "hash": "h", "state": {"values": {}}, "team_id": "T"}
    updated = with_coach(from_slack, "it was only a tiny bug", [F("minimizing", 7, 22, "m", "")])
    assert not {"id", "hash", "state", "team_id"} & set(updated)
    assert [b.get("block_id") for b in updated["blocks"]] == [
        b.get("block_id") for b in view["blocks"]
    ]
    coach = next(b for b in updated["blocks"] if b.get("block_id") == Block.COACH)
    assert "tiny bug" in coach["text"]["text"]


def test_owned_message_escapes_and_mentions_only_real_ids():
    text, blocks = build_owned_message(
        author_id="U0AUTH", message="<!channel> & <https://x|y>", affected=["U0B", "U0B", "U0C"]
    )
    joined = " ".join(_texts(blocks)) + text
    assert "<!channel>" not in joined and "<https" not in joined
    assert "&lt;!channel&gt; &amp;" in joined
    assert joined.count("<@U0B>") == 1 and "<@U0C>" in joined


def test_owned_message_splits_long_text_under_limits():
    text, blocks = build_owned_message(author_id="U0AUTH", message="&" * 3000, affected=[])
    assert all(len(t) <= 3000 for t in _texts(blocks)) and len(text) <= 4000
    assert sum(t.count("&amp;") for t in _texts(blocks)) == 3000


def test_result_view_title_fits():
    _check_limits(build_result_view(ok=False, text="x" * 5000))


@pytest.mark.parametrize("kind", ["reflection", "prevention", "followup"])
def test_nudge_message_and_answer_modal(kind):
    text, blocks = build_nudge_message(
        nudge_id=5, kind=kind, what_happened="<!here> oops", posted_at=NOW
    )
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [
        Action.NUDGE_ANSWER,
        Action.NUDGE_SNOOZE_HOUR,
        Action.NUDGE_SNOOZE_TOMORROW,
        Action.NUDGE_SKIP,
    ]
    assert {e["value"] for e in actions["elements"]} == {"5"}
    assert "<!here>" not in " ".join(_texts(blocks)) and text
    modal = build_answer_modal(nudge_id=5, kind=kind, what_happened="x", author_id="U0AUTH")
    _check_limits(modal)
    ids = {b.get("block_id") for b in modal["blocks"]}
    assert (Block.OWNER in ids) == (kind == "prevention")


@dataclass
class Oo:
    what_happened: str
    created_at: datetime
    severity: str = "minor"
    status: str = "posted"
    permalink: str | None = None


@dataclass
class A:
    id: int
    description: str
    owner_id: str
    due_on: date | None


@dataclass
class R:
    kind: str
    text: str
    created_at: datetime


def test_home_stays_under_100_blocks_and_escapes():
    oopses = [Oo("<!channel> broke it " * 30, NOW)] * 50
    actions = [A(i, "<@U999> add a check", "U0AUTH", date(2026, 3, 9)) for i in range(50)]
    answers = [R("reflection", "learned & <stuff>", NOW)] * 50
    home = build_home(oopses, actions, answers)
    _check_limits(home)
    joined = " ".join(_texts(home))
    assert "<!channel>" not in joined and "<@U999>" not in joined
    assert (
        sum(
            1
            for b in home["blocks"]
            if b.get("accessory", {}).get("action_id") == Action.ACTION_DONE
        )
        == 10
    )


def test_home_empty_states():
    home = build_home([], [], [])
    assert "Nothing yet" in " ".join(_texts(home))
