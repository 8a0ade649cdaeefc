"""Escaping and mention helpers: nothing a user types can ping a channel or forge a link."""

import pytest

from bot.slack_text import chunk, decode_incoming, escape_mrkdwn, mention


@pytest.mark.parametrize(
    "raw", ["<!channel>", "<!here>", "<@U123>", "<https://evil|bank>", "<#C123>", "<!subteam^S1>"]
)
def test_escape_neutralises_every_special_sequence(raw):
    escaped = escape_mrkdwn(raw)
    assert "<" not in escaped and ">" not in escaped


def test_escape_ampersand_first_so_entities_stay_literal():
    assert escape_mrkdwn("a & <b> &lt;") == "a &amp; &lt;b&gt; &amp;lt;"


def test_decode_incoming_then_escape_round_trips():
    sent_by_slack = "fish &amp; chips &lt;3"
    assert decode_incoming(sent_by_slack) == "fish & chips <3"
    assert escape_mrkdwn(decode_incoming(sent_by_slack)) == sent_by_slack


def test_mention_refuses_forgeries():
    assert mention("U123ABC") == "<@U123ABC>"
    with pytest.raises(ValueError):
        mention("U1> <!channel")


def test_chunk_respects_limit_and_never_splits_an_entity():
    text = ("&amp;" * 700) + " tail"
    pieces = chunk(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert all(not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_chunk_prefers_line_breaks():
    text = "a" * 10 + "\n" + "b" * 10
    assert chunk(text, 15) == ["a" * 10, "b" * 10]
