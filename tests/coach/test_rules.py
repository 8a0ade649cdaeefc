"""Each rule's own examples, and properties every review must keep."""

import pytest

from bot.coach import KINDS, review
from bot.coach.matcher import COMPILED
from bot.coach.rulebook import RULES

FLAGS = [
    pytest.param(rule, text, id=f"{rule.id}:{text[:30]}") for rule in RULES for text in rule.flags
]
PASSES = [
    pytest.param(rule, text, id=f"{rule.id}:{text[:30]}") for rule in RULES for text in rule.passes
]


@pytest.mark.parametrize(("rule", "text"), FLAGS)
def test_rule_flags_its_examples(rule, text):
    # The rules alone: these examples are the rule's own contract (the model has its tests).
    assert rule.kind in {f.kind for f in review(text, model=False)}


@pytest.mark.parametrize(("rule", "text"), PASSES)
def test_rule_passes_its_examples(rule, text):
    assert rule.kind not in {f.kind for f in review(text, model=False)}


def test_rule_ids_are_unique_and_kinds_known():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert {rule.kind for rule in RULES} == set(KINDS)


def test_every_pattern_is_anchored_on_its_first_word():
    # A pattern without a readable first word is run over the whole text, which is slow.
    assert [c.rule.id for c in COMPILED if c.anywhere is not None] == []


def test_spans_point_at_the_phrase_and_are_sorted():
    text = "Mistakes were made. QA should have caught it, and honestly just a few people saw it."
    findings = review(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert [text[f.start : f.end] for f in findings if not f.whole_text] == [
        "Mistakes were made",
        "QA should have caught",
        "just a few",
    ]


def test_whole_message_findings_have_an_empty_span_at_zero():
    text = "Sorry about the outage. The deploy failed and the site went down for an hour."
    whole = [f for f in review(text) if f.kind == "missing_responsibility"]
    assert [(f.start, f.end, f.excerpt(text)) for f in whole] == [(0, 0, "")]


def test_curly_apostrophes_and_case_are_handled():
    for text in ("IT’S NOT MY FAULT", "it's not my fault", "It’s Not My Fault"):
        found = [(f.kind, f.start, f.end) for f in review(text, model=False) if not f.whole_text]
        # Disowning puts it on others and leaves it owned by no one.
        assert found == [("blame", 5, 17), ("missing_responsibility", 5, 17)]


def test_short_clean_sentences_raise_nothing():
    for text in ("", "   ", "Sorry, wrong channel!", "I deleted it by mistake; restoring now."):
        assert review(text) == []


def test_review_is_deterministic():
    text = "Emails were sent to the wrong list. Sorry if anyone was confused. Sorry! Sorry."
    assert review(text) == review(text)


def test_spans_cover_whole_words():
    # A pattern may stop mid-word (a {1,60} tail); review() widens every span to whole words.
    text = "Sorry if anyone was confused because the release notes were misleading about the dates."
    for f in review(text):
        if not f.whole_text:
            assert not (f.start > 0 and text[f.start - 1].isalnum() and text[f.start].isalnum())
            assert not (f.end < len(text) and text[f.end - 1].isalnum() and text[f.end].isalnum())
    conditional = [f for f in review(text) if f.kind == "conditional_apology"]
    assert text[conditional[0].start : conditional[0].end].endswith("misleading")


def test_review_is_pure():
    text = "Dave said it was safe so I shipped it. Sorry if anyone was confused."
    before = text[:]
    assert review(text) == review(text)
    assert text == before


def test_the_present_perfect_is_the_repair_once_the_message_owns_the_mistake():
    owned = "I emailed the draft to the wrong address. The email has been deleted on their side."
    assert "passive" not in {f.kind for f in review(owned)}
    hiding = "The prod config has been overwritten with the staging one."
    assert "passive" in {f.kind for f in review(hiding)}


def test_rule_regexes_compile_on_first_use_or_when_warmed_with_the_same_findings():
    from bot.coach import matcher

    text = "The wrong file was sent to the client, sorry if that caused any confusion."
    before = matcher.review(text)
    assert matcher.warm() == len(matcher._PHRASES) + sum(len(i) for i in matcher._ABSENT)
    assert all(entry._compiled is not None for entry in matcher._PHRASES.values())
    assert matcher.review(text) == before and {f.kind for f in before} >= {
        "passive",
        "conditional_apology",
    }


# A counted scope told plainly in a message that owns the slip is the impact, not minimising.
PRECISE_SCOPES = (
    "I set the delivery fee on the wrong zone this morning. Only 9 orders went through at the "
    "higher fee and I've refunded all 9.",
    "My mistake: the discount code was public for an hour. It only affected 14 orders, list in "
    "the thread, and I've closed the code.",
    "I set the wrong VAT code this morning. It only affected 3 invoices, but I've reissued all "
    "three and told the client.",
)
# The same count waved away, or beside a defence, stays minimising.
WAVED_SCOPES = (
    "I set the delivery fee on the wrong zone. Only 9 orders went through, so nobody will care.",
    "Sorry if anyone was charged twice. Only 9 orders went through at the higher fee.",
)


@pytest.mark.parametrize("text", PRECISE_SCOPES)
def test_a_plainly_counted_scope_is_not_minimising(text):
    assert "minimizing" not in {f.kind for f in review(text)}


@pytest.mark.parametrize("text", WAVED_SCOPES)
def test_a_count_waved_away_is_still_minimising(text):
    assert "minimizing" in {f.kind for f in review(text)}


@pytest.mark.parametrize(
    "text",
    (
        "Review didn't catch it, but I'm the one who wrote and deployed it. Reverted.",
        "The linter didn't flag it, but it's not the linter's job to, it's mine. Fixed now.",
    ),
)
def test_the_writer_taking_the_gap_back_clears_the_blame(text):
    assert "blame" not in {f.kind for f in review(text)}
