"""draft(): golden texts per severity, determinism, and drafts the coach itself accepts."""

import pytest

from bot.coach import DraftFacts, draft, review

GOLDEN = {
    "minor": (
        DraftFacts("sent the standup invite for the wrong day", repair="sent a corrected invite"),
        (
            "I made a mistake: sent the standup invite for the wrong day. "
            "What I've done to put it right: sent a corrected invite. Sorry about that. "
            "Let me know if anything else needs fixing."
        ),
    ),
    "significant": (
        DraftFacts(
            "I pushed an untested migration to production at 14:05",
            impact="checkout was down for 25 minutes",
            severity="significant",
            repair="I rolled the migration back and checkout is working again",
            affected_count=340,
        ),
        (
            "I want to own a mistake I made: I pushed an untested migration to production "
            "at 14:05. "
            "As a result: checkout was down for 25 minutes. "
            "All told, it affected 340 people.\n\n"
            "To fix it: I rolled the migration back and checkout is working again. "
            "I'm sorry for the extra work this made for everyone.\n\n"
            "Questions or anything I missed: reply here and I'll pick it up."
        ),
    ),
    "serious": (
        DraftFacts(
            "I shared the customer export link in a public channel",
            impact="a file with 1,200 customer emails was visible company-wide for two hours",
            severity="serious",
            repair="I deleted the message, revoked the link and told the security team",
            prevention="exports now go only through the restricted drive",
            affected_count=1200,
        ),
        (
            "I take full responsibility for a serious mistake I made: I shared the "
            "customer export link in a public channel. "
            "As a result: a file with 1,200 customer emails was visible company-wide for "
            "two hours. "
            "It reached 1,200 people.\n\n"
            "Here's how I'm putting it right: I deleted the message, revoked the link and "
            "told the security team. "
            "I'm truly sorry for the harm this has caused. "
            "So it doesn't happen again: exports now go only through the restricted drive.\n\n"
            "Please reply here or message me directly with questions or anything you need "
            "from me."
        ),
    ),
    "serious_without_prevention": (
        DraftFacts("I deleted the shared finance folder", severity="serious"),
        (
            "I made a serious mistake, and I take full responsibility for it: I deleted "
            "the shared finance folder.\n\n"
            "I'm working on the fix now and I'll keep this thread updated until it's resolved. "
            "I'm deeply sorry for the impact this has had on everyone affected. "
            "Within the week I'll share a concrete step to prevent a repeat.\n\n"
            "Please reply here or message me directly with questions or anything you need "
            "from me."
        ),
    ),
}

NORMAL_INPUTS = [
    DraftFacts("I sent the board deck with last quarter's numbers"),
    DraftFacts("booked the room for the wrong Tuesday", impact="the design review moved"),
    DraftFacts(
        "I merged before review", severity="significant", impact="checkout totals were wrong"
    ),
    DraftFacts("I ran the cleanup job on production", severity="significant", affected_count=1),
    DraftFacts(
        "I forgot to renew the TLS certificate",
        impact="the docs site showed a security warning for an hour",
        severity="serious",
        repair="the new certificate is live",
        prevention="renewals are now automated, with an alert 30 days before expiry",
        affected_count=5000,
    ),
    DraftFacts(
        "I emailed the salary file to the wrong list", severity="serious", repair="recalled it"
    ),
]


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_drafts(name):
    facts, expected = GOLDEN[name]
    assert draft(facts) == expected


def test_minor_slip_gets_exactly_one_apology_and_one_paragraph():
    text = draft(DraftFacts("sent the invite for the wrong day"))
    assert "\n" not in text
    assert sum(text.lower().count(w) for w in ("sorry", "apolog")) == 1


def test_serious_mistake_gets_responsibility_regret_repair_and_prevention():
    text = draft(DraftFacts("I deleted the shared finance folder", severity="serious"))
    assert "responsibility" in text or "I own it" in text
    assert "sorry" in text
    assert "prevent" in text or "changing" in text


@pytest.mark.parametrize("facts", NORMAL_INPUTS)
def test_drafts_pass_review_and_carry_no_markup(facts):
    text = draft(facts)
    assert review(text) == []
    assert not set(text) & set("<>*_~`@")
    assert len(text) < 3000


@pytest.mark.parametrize("facts", NORMAL_INPUTS)
def test_same_facts_give_same_draft(facts):
    assert draft(facts) == draft(DraftFacts(**facts.__dict__))


def test_wording_varies_across_inputs():
    openings = {draft(DraftFacts(f"I mislabelled batch {n}")).split(":")[0] for n in range(40)}
    assert len(openings) >= 3


def test_whitespace_and_trailing_punctuation_are_normalised():
    text = draft(
        DraftFacts(
            "  I sent   the\n wrong file...  ", impact="some confusion;", severity="significant"
        )
    )
    assert "I sent the wrong file." in text
    assert ".." not in text and ";." not in text and "  " not in text.replace("\n\n", "")


def test_exclamation_is_not_followed_by_a_full_stop():
    assert "folder!." not in draft(DraftFacts("I deleted the shared folder!"))


def test_empty_optional_fields_leave_no_gaps():
    text = draft(DraftFacts("I deleted the wrong branch", impact="", repair="   ", prevention=""))
    assert ": ." not in text and "  " not in text


def test_invalid_facts_are_rejected():
    with pytest.raises(ValueError):
        DraftFacts("x", severity="catastrophic")
    with pytest.raises(ValueError):
        DraftFacts("x", affected_count=-1)
