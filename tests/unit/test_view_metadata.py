"""Typed private_metadata: what builders write reads back; anything else reads as empty."""

import json

import pytest

from bot.compose_form import ComposeForm
from bot.states import NudgeKind
from bot.view_metadata import (
    MAX_METADATA,
    AnswerMeta,
    ComposeMeta,
    FeedbackMeta,
    PreviewMeta,
    read_metadata,
)
from bot.views.compose import build_compose_modal, build_preview_modal
from bot.views.nudge_views import build_answer_modal
from bot.views.replies import build_feedback_modal


def test_what_the_builders_write_reads_back_typed():
    form = ComposeForm(what_happened="I pushed to main", channel_id="C42", thread_ts="17.5")
    assert read_metadata(build_compose_modal(form, draft_id=7)) == ComposeMeta(7, "17.5", "C42")
    assert read_metadata(build_preview_modal(3, form, "Sorry.", [])) == PreviewMeta(3)
    answer = build_answer_modal(
        nudge_id=9, kind=NudgeKind.REFLECTION, what_happened="x", author_id="U1"
    )
    assert read_metadata(answer) == AnswerMeta(9)
    assert read_metadata(build_feedback_modal(4, "x")) == FeedbackMeta(4)


def test_a_new_compose_form_carries_no_metadata():
    view = build_compose_modal(ComposeForm(what_happened="I pushed to main"))
    assert view["private_metadata"] == ""
    assert read_metadata(view) == ComposeMeta()


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "not json",
        '{"draft_id": ',  # cut short
        "[1, 2]",
        '"a string"',
        "null",
        "[" * 2500,  # nesting deep enough to hit the recursion limit
        '{"other": 1}',  # the key is missing
        '{"draft_id": "seven"}',
        '{"draft_id": 1e308}',
        '{"draft_id": true}',
        '{"draft_id": -3}',
        '{"draft_id": 99999999999999999999}',
        '{"draft_id": [7]}',
        json.dumps({"draft_id": 7, "pad": "x" * MAX_METADATA}),  # oversized
        12,
    ],
)
def test_garbled_metadata_reads_as_empty(raw):
    assert PreviewMeta.parse(raw) == PreviewMeta()
    assert PreviewMeta.parse(raw).draft_id == 0  # matches no row


def test_ids_given_as_digit_strings_are_accepted_as_row_id_does():
    assert AnswerMeta.parse('{"nudge_id": "12"}') == AnswerMeta(12)


def test_a_garbled_thread_is_dropped_field_by_field():
    meta = ComposeMeta.parse('{"draft_id": 5, "thread_ts": 17.5, "thread_channel": "#general"}')
    assert meta == ComposeMeta(draft_id=5)
    assert meta.thread_in(None) is None


def test_the_thread_applies_only_in_its_own_channel():
    meta = ComposeMeta.parse(ComposeMeta(thread_ts="17.5", thread_channel="C42").dump())
    assert meta.thread_in("C42") == "17.5"
    assert meta.thread_in("C99") is None


@pytest.mark.parametrize(
    "view",
    [
        None,
        "a view",
        {},
        {"callback_id": "oops_settings", "private_metadata": '{"draft_id": 1}'},
        {"callback_id": ["oops_preview"], "private_metadata": '{"draft_id": 1}'},
    ],
)
def test_views_that_carry_no_metadata_read_as_none(view):
    assert read_metadata(view) is None


def test_a_known_view_without_its_metadata_reads_as_empty():
    assert read_metadata({"callback_id": "nudge_answer"}) == AnswerMeta()


def test_answer_metadata_keeps_the_dm_it_was_opened_from_and_drops_a_forged_one():
    meta = AnswerMeta(nudge_id=7, channel_id="D0123ABC", message_ts="1700000000.000100")
    assert AnswerMeta.parse(meta.dump()) == meta
    forged = '{"nudge_id": 7, "channel_id": "<!channel>", "message_ts": "soon"}'
    assert AnswerMeta.parse(forged) == AnswerMeta(nudge_id=7)
