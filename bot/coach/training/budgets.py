"""How many clean dev sentences each kind's threshold may let through, and the thresholds.

Numpy only, so the tests can check it without the `[train]` extra.
"""

from __future__ import annotations

import numpy as np

from bot.coach.training.labels import MODEL_KINDS, Labelled

# Share of clean dev sentences each kind may flag, set per kind so that one kind's data never
# moves another's threshold; 1% in all (about 130 of ~13,000 sentences). Blame gets most: rules
# find few of its shapes, so the model carries it. Passive and minimising get a little: with
# none, one clean dev sentence that scores high (a look-alike, or a label one writer would give
# and another not) sets the threshold alone; at 0.1% each, six writers the model had never
# seen (U-Z) went from recall 0.79 to 0.82 for 4 more of 771 clean messages flagged. The
# apologies get two clean sentences each (0.03%): with none, the one clean dev sentence that
# scores highest ("I'm so sorry, everyone.") set the over-apology threshold 2 logits above
# itself, and the model found 52% of the over-apologies on dev; with two, 93%. On the studied
# dev messages recall went 0.891 -> 0.903 for the same clean false alarms; blame gives up the
# 0.06% (its last clean sentences bought the fewest findings). Since session 10 a further 0.1%
# has moved from blame to excuse: excuse was the weakest kind on every set of unseen writers
# (0.67-0.77 on U4-F5), and on the studied dev messages its clean sentences bought the most
# findings (excuse recall 0.84 -> 0.87, blame 0.82 -> 0.81, all kinds 0.9045 -> 0.9058, the
# same 116 of 2,839 clean messages flagged). The shares overlap (one clean sentence can be read
# as two kinds), so they sum to a little over CLEAN_BUDGET while the clean dev sentences any
# kind flags stay under it (`thresholds` shrinks them where they would not). Since session 11
# excuse and blame take that overlap: 0.99% of clean dev sentences flagged in all where 0.93%
# were (studied dev messages: recall 0.908 -> 0.910, 110 -> 114 of 3,172 clean ones flagged).
KIND_BUDGETS = {
    "excuse": 0.0033,
    "blame": 0.0047,
    "passive": 0.001,
    "minimizing": 0.001,
    "conditional_apology": 0.0003,
    "over_apology": 0.0003,
}
# The share of clean dev sentences all kinds together may flag (issue 11: at most 1%).
CLEAN_BUDGET = 0.01


def thresholds(scores: np.ndarray, dev: list[Labelled]) -> np.ndarray:
    """Per-kind thresholds on dev scores (n, K): each kind the most recall for its own budget.

    A kind's threshold lets through at most its KIND_BUDGETS share of the clean dev sentences
    (halfway between that many highest clean scores and the next, or above the highest for
    none). The shares overlap; where all kinds together would flag more than CLEAN_BUDGET of
    the clean dev sentences, every share shrinks by 1% at a time until they do not.
    """
    clean = np.array([not (d.kinds | d.unsure) & set(MODEL_KINDS) for d in dev])
    ladders = [np.sort(scores[clean, k])[::-1] for k in range(len(MODEL_KINDS))]
    scale = 1.0
    while True:
        limits = []
        for kind, ladder in zip(MODEL_KINDS, ladders, strict=True):
            share = int(KIND_BUDGETS[kind] * scale * clean.sum())
            if share == 0:
                limits.append(float(ladder[0] + (ladder[0] - ladder[1]) / 2))
            else:
                limits.append(float((ladder[share - 1] + ladder[share]) / 2))
        flagged = (scores[clean] >= np.array(limits)).any(axis=1).mean()
        if flagged <= CLEAN_BUDGET:
            return np.array(limits)
        scale *= 0.99
