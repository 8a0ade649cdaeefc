"""The coach's learned model: shipped files, determinism, and sentences it never saw.

The held-out sentences below were written for these tests only; none is in the training data
(bot/coach/training/*.jsonl), and the test below checks that.
"""

import hashlib
import json

import numpy as np
import pytest

from bot.coach import review
from bot.coach.features import BUCKETS, featurize, normalise
from bot.coach.model import ADVICE, META_PATH, WEIGHTS_PATH, Model, encode, load_model
from bot.coach.training import (
    BLAME,
    HEADS,
    MODEL_KINDS,
    NEGATIVES,
    OWNERSHIP,
    SENTENCES,
    SIGNAL_SENTENCES,
)

# Per kind: sentences in other people's wording that must raise it (rules or model).
HELD_OUT_FLAGS = {
    "blame": (
        "priya signed off on the copy so i didnt look at it again",
        "The agency built the landing page, I only pressed publish.",
        "tbh legal approved the wording, so that one isn't really on me",
    ),
    "excuse": (
        "I was covering for two people that week, so the check slipped through.",
        "with the office move and everything i just didnt have the headspace",
        "The handover notes were pretty thin so I did my best with what I had.",
    ),
    "passive": (
        "the discount codes got sent out a day early",
        "Somehow the staging keys were pushed to the public repo.",
        "The holiday rota was overwritten at some point on Monday.",
    ),
    "minimizing": (
        "honestly its a tiny thing, barely anyone will have noticed",
        "It's just a cosmetic glitch, nothing to lose sleep over.",
        "only a handful of folks got the email so no biggie",
    ),
    "conditional_apology": (
        "apologies if this caused anyone any bother",
        "Sorry to anyone who might have been confused by the old link.",
        "If the delay upset anybody, I'm sorry.",
    ),
    "over_apology": (
        "I'm an absolute disaster, I'm so so sorry everyone 😭",
        "I feel sick about this, I'm the worst, I can't believe I did it again.",
        "sorry sorry sorry, I really don't deserve this team",
    ),
}
# Clean sentences in the same register: owning up plainly, facts, repairs, thanks.
HELD_OUT_PASSES = (
    "I broke the signup form this morning and it's fixed now.",
    "i sent the wrong invoice to the Leeds office, a corrected one is on its way",
    "Thanks <@U04KLM321> for flagging it so fast 🙏",
    "Only the sandbox tenant was affected; production never saw the change.",
    "I'm really sorry for the extra work this gave the support team.",
    "If you spot any other duplicates, send them my way and I'll merge them.",
    "I didn't check the date range before exporting, which was my mistake.",
    "No orders were lost and every refund has gone through.",
    "I've added a dry-run step so this can't happen the same way again.",
    "Apologies for the double post in #general, I've removed the second one.",
)


# Blame in shapes the templated batch (training/blame.jsonl) has, in words it never used.
HELD_OUT_BLAME = (
    "the locksmith gave us the wrong code, which is why the storeroom stayed shut all morning",
    "Gareth from facilities said the alarm was off, so I opened the fire door.",
    "honestly the caterer messed up the headcount, not me",
    "I only cancelled the bookings because the travel desk told me to.",
    "nobody from the vet clinic mentioned the new dosage chart",
    "This should have been spotted by the proofreader before it went to print.",
    "The seating plan was rearranged by the venue staff, that's why the VIPs ended up at the back.",
    "if the landlord had fixed the boiler like he promised we wouldn't have lost the samples",
    "their onboarding script wiped my laptop, i just followed the steps",
    "The tender portal rejected it without saying why, so blame them for the late bid.",
)
# Look-alikes: other people named for credit, thanks or plain fact, or beside an owned mistake.
HELD_OUT_NOT_BLAME = (
    "Gareth from facilities spotted the open fire door and closed it, thank you Gareth.",
    "The caterer was brilliant about the late headcount change I sent them.",
    "I cancelled the bookings before the travel desk could check them, that's on me.",
    "The proofreader flagged it and I missed her comment.",
    "The locksmith is coming at 3 to reset the code I mistyped.",
    "The venue staff helped me redo the seating plan I got wrong.",
)


def test_held_out_blame():
    # A floor, not a target: 5 of 10 when the batch was added. Passive agents ("rearranged by
    # the venue staff") and counterfactuals ("if the landlord had fixed it") are missed most.
    missed = [t for t in HELD_OUT_BLAME if "blame" not in {f.kind for f in review(t)}]
    assert len(missed) <= 5, missed


def test_held_out_not_blame():
    flagged = [t for t in HELD_OUT_NOT_BLAME if "blame" in {f.kind for f in review(t)}]
    assert len(flagged) <= 1, flagged


def test_held_out_sentences_are_not_training_data():
    trained = {
        json.loads(line)["text"].lower()
        for path in (SENTENCES, NEGATIVES, OWNERSHIP, SIGNAL_SENTENCES, BLAME)
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    held = [t for ts in HELD_OUT_FLAGS.values() for t in ts] + list(HELD_OUT_PASSES)
    held += list(HELD_OUT_BLAME) + list(HELD_OUT_NOT_BLAME)
    held += [t for _, t in VETOED] + [t for _, t in NOT_VETOED]
    held += list(REPAIRED_MESSAGES) + list(UNREPAIRED_MESSAGES)
    assert not {t.lower() for t in held} & trained


def test_held_out_flags():
    # A floor, not a target: measured 14 of 18 when the model was added. Blame generalises
    # worst (0 of 3 here): the written blame sentences name the other party in few ways.
    missed = [
        (kind, text)
        for kind, texts in HELD_OUT_FLAGS.items()
        for text in texts
        if kind not in {f.kind for f in review(text)}
    ]
    assert len(missed) <= 4, missed


@pytest.mark.parametrize("text", HELD_OUT_PASSES)
def test_held_out_passes(text):
    assert [f.kind for f in review(text) if f.kind in MODEL_KINDS] == []


def test_shipped_files_agree():
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    assert hashlib.sha256(WEIGHTS_PATH.read_bytes()).hexdigest() == meta["weights_sha256"]
    model = load_model()
    assert model.kinds == HEADS == tuple(meta["kinds"])
    assert model.kinds[: len(MODEL_KINDS)] == MODEL_KINDS
    assert model.weights.shape == (BUCKETS, len(HEADS))
    assert model.thresholds.shape == model.bias.shape == (len(HEADS),)
    assert np.isfinite(model.weights).all() and np.isfinite(model.thresholds).all()
    assert set(ADVICE) == set(MODEL_KINDS)
    assert meta["dev"]["clean"]["false_alarm_rate"] <= 0.01
    assert WEIGHTS_PATH.stat().st_size < 4_000_000  # "a few MB at most" (issue 11)
    assert model.weights.dtype == np.int8 and model.scale.shape == (len(HEADS),)


def test_weights_are_stored_as_square_root_codes_that_keep_small_weights():
    rng = np.random.default_rng(3)
    weights = rng.laplace(scale=0.05, size=(BUCKETS, 2)) * np.array([1.0, 20.0])
    weights[:5] = 0
    codes, scale = encode(weights)
    assert codes.dtype == np.int8 and scale.dtype == np.float32 and scale.shape == (2,)
    back = np.copysign(np.square(codes * scale), codes)
    assert (back[:5] == 0).all() and (np.sign(back) * np.sign(weights) >= 0).all()
    # A step is at most (2|w|^0.5 + step) * step: relative error shrinks with size, and even
    # the small weights (a linear int8 scale rounds most of them to 0) keep their sign.
    big = np.abs(weights) > 0.01 * np.abs(weights).max(axis=0)
    assert (np.abs(back - weights)[big] <= 0.25 * np.abs(weights)[big]).all()
    assert (codes[np.abs(weights) > 1e-3 * np.abs(weights).max(axis=0)] != 0).mean() > 0.9
    # Scores read the codes back the same way.
    model = Model(("a", "b"), codes, np.zeros(2, np.float32), np.zeros(2, np.float32), scale)
    rows, buckets, values = featurize(["the flag got flipped"])
    want = np.array([(values[:, None] * back[buckets]).sum(axis=0)], dtype=np.float32)
    assert np.allclose(model.scores(["the flag got flipped"]), want, rtol=1e-4, atol=1e-6)


def test_loaded_once_and_scores_deterministic():
    assert load_model() is load_model()
    texts = ["Dave said it was safe, so I shipped it.", "I'm sorry, I shipped it too early."]
    first = load_model().scores(texts)
    assert first.shape == (2, len(HEADS))
    assert np.array_equal(first, load_model().scores(list(reversed(texts)))[::-1])


def test_features_ignore_case_mentions_and_digits():
    assert normalise("Thanks <@U01ABC>, 12 ROWS") == normalise("thanks <@U99XYZ>, 34 rows")
    rows, buckets, values = featurize(["", "Sorry.", "I ran it twice"])
    assert set(rows.tolist()) == {1, 2}  # an empty sentence has no n-grams
    assert buckets.min() >= 0 and buckets.max() < BUCKETS
    assert (values > 0).all()


def test_model_findings_cover_the_trimmed_sentence():
    text = "I restored it. - jess told me the column was unused so i dropped it!  "
    blame = [f for f in review(text) if f.kind == "blame"]
    assert [text[f.start : f.end] for f in blame] == [
        "jess told me the column was unused so i dropped it"
    ]
    assert blame[0].message == ADVICE["blame"][0]


def test_a_kind_a_rule_found_is_not_flagged_again_in_that_sentence():
    text = "QA should have caught this before it went out to the whole list."
    blame = [f for f in review(text) if f.kind == "blame"]
    assert len(blame) == 1
    assert text[blame[0].start : blame[0].end] == "QA should have caught"


# Shapes a rule knows better than the model (bot/coach/rulebook/vetoes.py), and look-alikes
# that must still be flagged.
VETOED = (
    ("excuse", "if i'd looked at the second tab i would have seen the old prices"),
    ("excuse", "Had I asked Marta first, the wrong batch would never have shipped."),
    ("excuse", "I could have avoided the whole thing by reading the handover doc."),
    ("passive", "The calendar invite was created by <@U0X1Y2> from the old template."),
    ("passive", "none of the patient records were touched"),
    ("blame", "The dose was caught by the night nurse before it was given."),
)
NOT_VETOED = (
    ("excuse", "if i hadnt been dragged into three calls i'd have seen the old prices"),
    ("excuse", "Had I known the batch was flagged, I would never have shipped it."),
    ("blame", "thanks to the vendor's change, the nightly sync broke again"),
)


@pytest.mark.parametrize(("kind", "text"), VETOED)
def test_model_is_vetoed_where_a_rule_knows_better(kind, text):
    assert kind not in {f.kind for f in review(text)}


@pytest.mark.parametrize(("kind", "text"), NOT_VETOED)
def test_excuses_of_the_same_shape_are_still_flagged(kind, text):
    assert kind in {f.kind for f in review(text)}


@pytest.mark.parametrize(
    "text",
    (
        "I was rushing to get the rota out before close, and that's no excuse: I should have "
        "checked it. Fixed now.",
        "We were two people short on the line. Not an excuse, it's on me. I've re-run the batch.",
        "the supplier was late with the file but that doesn't excuse it, i should have waited. "
        "resent the right one.",
        "It had been a hectic week, but that's not why, I just skipped the check. Reissued today.",
        "I was covering two wards that night, but the handover is my job and I skipped it. "
        "I've briefed the day team now.",
        "We were short two people on the desk, but I should have checked the totals. Corrected.",
        # Owned in other words, or the other party cleared by name.
        "I was worn out and rushed the release, which is on me: it went without the new "
        "forecast. Reissued at 21:48.",
        "I was jet-lagged, but I shouldn't have been signing purchase orders like that. I've "
        "cancelled the wrong one with the supplier.",
        "I pasted my section over Kasia's edits in the proposal. Not her fault at all, I was in "
        "an offline copy. Her version is restored from history.",
        "I gave Raj and Nina the same week off during the launch. My oversight, not theirs; both "
        "asked in good time. I've spoken to both and Nina has moved hers.",
        "I was short with the courier about the late pickup, which wasn't his fault: I'd booked "
        "the wrong slot. I've called the depot and booked the right one.",
        "I took the trough sample two hours late. Pharmacy adjusted the dose on that level, "
        "which was wrong through no fault of theirs. The dose is corrected and the patient is "
        "fine.",
    ),
)
def test_an_excuse_or_blame_the_writer_disclaims_is_not_flagged(text):
    assert not {"excuse", "blame"} & {f.kind for f in review(text)}


def test_an_undisclaimed_excuse_is_still_flagged():
    text = "I was too busy to check the rota, so it went out unchecked. Fixed now."
    assert "excuse" in {f.kind for f in review(text)}


@pytest.mark.parametrize(
    "text",
    (
        "I left the tags on last week's prices, that's on me but we had three people off and the "
        "scanner kept crashing so I never got round to it. Will do them tomorrow.",
        "That's on me, though honestly the new admin system hides where early closures go, so I "
        "had no idea. I've sent the bus company the remaining dates.",
    ),
)
def test_a_disclaimer_taken_back_with_but_still_leaves_the_excuse(text):
    assert "excuse" in {f.kind for f in review(text)}


def test_review_without_model_is_rules_only():
    text = "jess told me the column was unused so i dropped it"
    assert "blame" in {f.kind for f in review(text)}
    assert "blame" not in {f.kind for f in review(text, model=False)}


# Whole messages whose repair no rule reads: the model's repair signal must (held out).
REPAIRED_MESSAGES = (
    "I mixed up the two venues in the reminder email this morning, sorry. Corrected map pinned "
    "in the channel.",
    "i wiped the sandbox org while testing the cleanup script. spun it back up from tuesday's "
    "snapshot.",
    "I gave the auditors the unsigned version of the lease. Signed copy is with them as of noon.",
)
# Whole messages with no repair at all, worded with repair-like verbs.
UNREPAIRED_MESSAGES = (
    "I rebooked the client lunch for the wrong Friday and the restaurant kept the deposit. "
    "Really sorry.",
    "I updated the wrong supplier record with the new bank details yesterday. I'm so sorry.",
)


# A first-person act told after the slip is the fix even where the model also reads it as an
# act of the writer's, and so is one told in the slip's own sentence.
PLAIN_PAST_REPAIRS = (
    "I put the March rota on the board instead of April. I printed the April one and pinned "
    "it up at 7.",
    "I gave the wrong room number to the interview candidate. I met her at reception and "
    "walked her up.",
    "I forgot to add the new pricing to the renewal quote for Sipho's account, redoing it now, "
    "will have it to you in 20 min. sorry!",
)


@pytest.mark.parametrize("text", PLAIN_PAST_REPAIRS)
def test_a_plain_past_fix_after_the_slip_is_a_repair(text):
    assert "missing_repair" not in {f.kind for f in review(text)}


def test_a_repair_in_words_no_rule_knows_is_read_by_the_model():
    # A floor, not a target: 3 of 3 when the signal heads were added.
    read = [t for t in REPAIRED_MESSAGES if "missing_repair" not in {f.kind for f in review(t)}]
    assert any(
        "missing_repair" in {f.kind for f in review(t, model=False)} for t in REPAIRED_MESSAGES
    )
    assert len(read) >= 2


@pytest.mark.parametrize("text", UNREPAIRED_MESSAGES)
def test_harm_told_with_repair_verbs_is_still_missing_repair(text):
    assert "missing_repair" in {f.kind for f in review(text)}


def test_a_rule_passive_the_model_doubts_goes_only_where_the_writer_owns_it(monkeypatch):
    from bot.coach import model as coach_model
    from bot.coach.findings import Finding

    owning = "I typed the wrong gate into the booking. The coach was sent to gate 9. I've rebooked."
    hiding = "The coach was sent to gate 9 instead of gate 2. It's rebooked now."
    kinds = lambda text: [f.kind for f in review(text)]  # noqa: E731
    assert "passive" in kinds(owning) and "passive" in kinds(hiding)
    # Every sentence far from a passive: the owning message's one goes, the other stays.
    monkeypatch.setitem(coach_model.DOUBT_MARGINS, "passive", 1e9)
    assert "passive" not in kinds(owning)
    assert "passive" in kinds(hiding)
    reading = coach_model.Reading([], frozenset(), {"passive": [(10, 30)]})
    assert reading.doubts(Finding("passive", 12, 20, "m"))
    assert not reading.doubts(Finding("passive", 31, 40, "m"))
    assert not reading.doubts(Finding("blame", 12, 20, "m"))


class _FixedScores:
    """A stand-in model whose every sentence scores `margins[i]` above its threshold."""

    kinds = ("blame", "repair")

    def __init__(self, blame: list[float], repair: list[float]) -> None:
        self.thresholds = np.zeros(2, dtype=np.float32)
        self._scores = np.array(list(zip(blame, repair, strict=True)), dtype=np.float32)

    def scores(self, sentences):
        return self._scores[: len(sentences)]


def _sentences(n: int) -> tuple[str, list[tuple[int, int]]]:
    text = " ".join(f"Sentence number {i} of the write-up." for i in range(n))
    spans, start = [], 0
    for _ in range(n):
        end = text.index(".", start) + 1
        spans.append((start, end))
        start = end + 1
    return text, spans


@pytest.mark.parametrize(
    ("n", "margin", "flagged"),
    [
        (4, 1.0, True),  # a short message: the threshold as set on dev
        (8, 1.0, False),  # twice the sentences: 2 logits more are needed
        (8, 2.5, True),  # a clear finding in a long message still shows
        (16, 3.5, False),  # four times: 4 logits more
        (16, 4.5, True),
    ],
)
def test_a_long_message_needs_a_clearer_sentence_to_be_flagged(monkeypatch, n, margin, flagged):
    """Each sentence is one more chance of a false alarm (W3-B4's long write-ups were flagged
    wrongly far more often than short messages); a repair signal is read as before."""
    import bot.coach.model as model_module

    blame = [margin if i == 2 else -5.0 for i in range(n)]
    repair = [0.5 if i == 3 else -5.0 for i in range(n)]
    monkeypatch.setattr(model_module, "load_model", lambda: _FixedScores(blame, repair))
    monkeypatch.setattr(model_module, "LONG_FROM", 4)
    monkeypatch.setattr(model_module, "LONG_MARGIN", 2.0)
    text, spans = _sentences(n)
    reading = model_module.model_findings(text, spans)
    assert ({f.kind for f in reading.findings} == {"blame"}) is flagged
    assert reading.signals == {"repair"}
