"""Block Kit builders: Slack's limits, escaping, and the ids the listeners rely on."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.compose_form import ComposeForm
from bot.i18n import translator
from bot.ids import Action, Block, Callback
from bot.states import NudgeKind
from bot.views.compose import (
    build_compose_modal,
    build_posting_view,
    build_preview_modal,
    build_result_view,
    compose_blocks,
)
from bot.views.drafts import build_draft_reminder, build_unopened_notice
from bot.views.home import build_home
from bot.views.live_coach import with_coach
from bot.views.nudge_views import build_answer_modal, build_nudge_message, build_nudge_outcome
from bot.views.owned_message import build_owned_message
from bot.views.privacy import build_forget_modal, build_forgotten_view
from bot.views.replies import build_feedback_modal
from bot.views.safeguards import build_thread_update, build_update_done, build_update_offer
from bot.views.settings import build_settings_modal, settings_summary
from storage.user_settings import Prefs

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
# Every builder runs in each language we ship: Slack's limits count Chinese characters too.
LOCALES = [None, "zh-CN"]
CJK = re.compile(r"[\u4e00-\u9fff]")


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


def _check_element(element: dict) -> None:
    """Limits on one block element and whatever it holds."""
    if element.get("type") == "button":
        assert len(element["text"]["text"]) <= 75, element
    if "placeholder" in element:
        assert len(element["placeholder"]["text"]) <= 150, element
    for opt in element.get("options", []):
        assert len(opt["text"]["text"]) <= 75, opt
        assert len(opt.get("description", {}).get("text", "")) <= 75, opt


def _check_limits(view: dict) -> None:
    assert len(view["blocks"]) <= 100
    for key in ("title", "submit", "close"):
        if key in view:
            assert len(view[key]["text"]) <= 24, view[key]
    assert all(len(t) <= 3000 for t in _texts(view))
    for block in view["blocks"]:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "input":
            assert len(block["label"]["text"]) <= 2000
        for element in [block.get("element"), block.get("accessory"), *block.get("elements", [])]:
            if isinstance(element, dict):
                _check_element(element)


@pytest.mark.parametrize("locale", LOCALES)
def test_compose_modal_prefills_and_defaults_to_channel(locale):
    view = build_compose_modal(
        ComposeForm(what_happened="I pushed to main", channel_id="C42", thread_ts="1.2"), locale
    )
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


@pytest.mark.parametrize("locale", LOCALES)
def test_preview_has_dispatching_message_input_and_escaped_coach_notes(locale):
    text = "Sorry if <!channel> was bothered"
    finding = F("conditional_apology", 0, 16, "Conditional.", "Say <sorry>.")
    view = build_preview_modal(
        7, ComposeForm(channel_id="C1", affected=["U01ABC"]), text, [finding] * 8, locale
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


@pytest.mark.parametrize("locale", LOCALES)
def test_result_view_title_fits(locale):
    _check_limits(build_result_view(ok=False, text="x" * 5000, locale=locale))
    _check_limits(build_result_view(ok=True, text="x", locale=locale))
    _check_limits(build_posting_view(locale))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ["reflection", "prevention", "followup"])
def test_nudge_message_and_answer_modal(kind, locale):
    text, blocks = build_nudge_message(
        nudge_id=5, kind=kind, what_happened="<!here> oops", posted_at=NOW, locale=locale
    )
    _check_limits({"blocks": blocks})
    actions = next(b for b in blocks if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [
        Action.NUDGE_ANSWER,
        Action.NUDGE_SNOOZE_HOUR,
        Action.NUDGE_SNOOZE_TOMORROW,
        Action.NUDGE_SKIP,
    ]
    assert {e["value"] for e in actions["elements"]} == {"5"}
    assert "<!here>" not in " ".join(_texts(blocks)) and text
    modal = build_answer_modal(
        nudge_id=5, kind=kind, what_happened="x", author_id="U0AUTH", locale=locale
    )
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


@pytest.mark.parametrize("locale", LOCALES)
def test_home_stays_under_100_blocks_and_escapes(locale):
    oopses = [Oo("<!channel> broke it " * 30, NOW, "serious", "cancelled", "https://x/p")] * 50
    actions = [A(i, "<@U999> add a check", "U0AUTH", date(2026, 3, 9)) for i in range(50)]
    answers = [R("reflection", "learned & <stuff>", NOW)] * 50
    home = build_home(oopses, actions, answers, locale=locale)
    _check_limits(home)
    joined = " ".join(_texts(home))
    assert "<!channel>" not in joined and "<@U999>" not in joined
    assert (
        sum(
            1 for b in home["blocks"] if b.get("accessory", {}).get("action_id") == Action.STEP_DONE
        )
        == 10
    )


def test_home_empty_states():
    home = build_home([], [], [])
    assert "Nothing yet" in " ".join(_texts(home))


def _modals(locale) -> list[dict]:
    """One of every modal we build."""
    prefs = Prefs(working_hours="08:00-16:00", cadence=2.0, paused=True, kind_words=True)
    return [
        build_forget_modal(locale),
        build_forgotten_view({"answers": 2, "oopses": 1, "drafts": 0}, locale),
        build_forgotten_view({}, locale),
        build_feedback_modal(3, "x" * 500, locale),
        build_settings_modal(prefs, "09:00-17:00", locale),
        build_compose_modal(ComposeForm(), locale),
    ]


def _messages(locale) -> list[tuple[str, list[dict]]]:
    """One of every DM or post we build, as (text, blocks)."""
    return [
        build_draft_reminder(4, locale),
        build_unopened_notice(4, locale),
        build_unopened_notice(None, locale),
        build_nudge_message(
            nudge_id=1, kind=NudgeKind.KINDNESS, what_happened="x", posted_at=NOW, locale=locale
        ),
        build_nudge_outcome(kind="prevention", what_happened="x", outcome="ok", locale=locale),
        build_owned_message(author_id="U0A", message="hi", affected=["U0B"], locale=locale),
        build_update_offer(9, "d" * 400, locale),
        build_thread_update("U0A", "d", locale),
        build_update_done("https://x/p", locale),
        build_update_done(None, locale),
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_modal_and_message_fits_slack_limits(locale):
    for view in _modals(locale):
        _check_limits(view)
    for text, blocks in _messages(locale):
        assert text and len(text) <= 4000
        _check_limits({"blocks": blocks})


def test_chinese_builders_speak_chinese_around_the_authors_words():
    for view in _modals("zh-CN"):
        assert CJK.search(view["title"]["text"]), view["title"]
    for text, blocks in _messages("zh-CN"):
        assert CJK.search(" ".join(_texts(blocks))), text
    _, blocks = build_owned_message(
        author_id="U0A", message="I broke the build", affected=["U0B"], locale="zh-CN"
    )
    # The author's own words go out as written; only our chrome is translated.
    assert "I broke the build" in _texts(blocks)


def test_chinese_coach_says_it_reads_english_and_keeps_english_findings():
    finding = F("excuse", 0, 7, "Reads as an excuse.", "Own the delay.")
    view = build_preview_modal(1, ComposeForm(channel_id="C1"), "Because", [finding], "zh-CN")
    coach = next(b for b in view["blocks"] if b.get("block_id") == Block.COACH)["text"]["text"]
    assert "教练只能读懂英文" in coach
    assert "Reads as an excuse." in coach and "Own the delay." in coach
    assert any("草稿是英文的" in t for t in _texts(view))
    english = build_preview_modal(1, ComposeForm(channel_id="C1"), "Because", [finding])
    assert not any(CJK.search(t) for t in _texts(english))


def test_settings_summary_in_both_languages():
    prefs = Prefs(working_hours=None, cadence=1.0, paused=False, kind_words=True)
    assert settings_summary(prefs, "09:00-17:00") == (
        "Check-ins: standard pace, 09:00-17:00 weekdays · kind words on"
    )
    assert settings_summary(prefs, "off", "zh-CN") == "跟进：标准节奏，任何时间 · 发送宽慰的话"


FORMS = [
    ComposeForm(),
    ComposeForm(what_happened="I pushed to main", channel_id="C42", thread_ts="1.2"),
    ComposeForm(channel_id="D42", severity="serious", delivery="group_dm", affected=["U1", "U2"]),
    ComposeForm(
        what_happened="w" * 5000,
        impact="i" * 5000,
        repair="r",
        prevention="p",
        severity="significant",
        channel_id="G9",
    ),
    ComposeForm(severity="made-up", delivery="nowhere", channel_id="not-an-id"),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("form", FORMS)
def test_compose_modal_reusing_its_fixed_parts_equals_building_it_afresh(locale, form):
    view = build_compose_modal(form, locale)
    fresh = compose_blocks(form, translator(locale))
    if form.thread_ts:
        fresh.insert(1, view["blocks"][1])  # the thread note, checked elsewhere
    assert view["blocks"] == fresh
    # The shared parts are never handed out for a form to change.
    assert build_compose_modal(ComposeForm(), locale)["blocks"] == compose_blocks(
        ComposeForm(), translator(locale)
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_compose_modal_asks_why_it_happened_optionally_and_prefills_it(locale):
    form = ComposeForm(what_happened="I pushed to main", why="x" * 5000, channel_id="C42")
    view = build_compose_modal(form, locale)
    _check_limits(view)
    ids = [b.get("block_id") for b in view["blocks"]]
    assert ids.index(Block.WHAT) < ids.index(Block.WHY) < ids.index(Block.IMPACT)
    why = view["blocks"][ids.index(Block.WHY)]
    assert why["optional"] is True and why["element"]["action_id"] == Action.WHY
    assert why["element"]["initial_value"] == "x" * why["element"]["max_length"]
    assert len(why["hint"]["text"]) <= 2000
    blank = build_compose_modal(ComposeForm(), locale)["blocks"]
    assert (
        "initial_value" not in next(b for b in blank if b.get("block_id") == Block.WHY)["element"]
    )


def test_a_draft_saved_before_the_why_field_still_opens():
    saved = {"what_happened": "I pushed to main", "severity": "minor", "channel_id": "C42"}
    form = ComposeForm.from_dict(saved)
    assert form.why == ""
    assert ComposeForm.from_dict(form.to_dict()) == form
    view = build_compose_modal(form)
    assert any(b.get("block_id") == Block.WHY for b in view["blocks"])


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "text", ["我删除了测试数据库，已经恢复了。", "Я удалил базу данных", "本番DBを消しました"]
)
def test_coach_says_it_cannot_read_text_that_is_not_english(locale, text):
    view = build_preview_modal(3, ComposeForm(channel_id="C1"), text, [], locale)
    _check_limits(view)
    coach = next(b for b in view["blocks"] if b.get("block_id") == Block.COACH)["text"]["text"]
    assert coach.startswith(":globe_with_meridians:")
    assert ":white_check_mark:" not in coach
    if locale:
        assert "教练只能读懂英文" in coach
    else:
        assert "reads English only" in coach
    # No "this draft is in English" note over a draft that is not.
    assert not any("草稿是英文的" in t for t in _texts(view))
    updated = with_coach({**view, "id": "V1"}, text, [], locale)
    assert updated["blocks"] == view["blocks"]


def test_english_with_a_chinese_name_is_still_coached():
    view = build_preview_modal(3, ComposeForm(channel_id="C1"), "I sent 王伟 the wrong file.", [])
    coach = next(b for b in view["blocks"] if b.get("block_id") == Block.COACH)["text"]["text"]
    assert coach.startswith(":white_check_mark:")


def test_chinese_author_with_an_english_draft_is_told_why():
    view = build_preview_modal(3, ComposeForm(channel_id="C1"), "I broke the build.", [], "zh-CN")
    assert any("草稿是英文的" in t for t in _texts(view))
