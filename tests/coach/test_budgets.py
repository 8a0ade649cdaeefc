"""The model's thresholds keep all kinds together within the clean budget (issue 11: 1%)."""

import numpy as np

from bot.coach.training.budgets import CLEAN_BUDGET, KIND_BUDGETS, thresholds
from bot.coach.training.labels import MODEL_KINDS, Labelled


def _clean_dev(n: int) -> list[Labelled]:
    return [Labelled(f"clean sentence {i}", frozenset(), "studied") for i in range(n)]


def _flagged(scores: np.ndarray, limits: np.ndarray) -> float:
    return float((scores >= limits).any(axis=1).mean())


def test_kinds_that_flag_different_clean_sentences_shrink_to_the_budget():
    # Each kind's highest clean scores fall on different sentences, so their shares add up:
    # together they would flag more than CLEAN_BUDGET without the shrinking.
    n = 20_000
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(n, len(MODEL_KINDS)))
    assert sum(KIND_BUDGETS.values()) > CLEAN_BUDGET
    limits = thresholds(scores, _clean_dev(n))
    assert _flagged(scores, limits) <= CLEAN_BUDGET
    # ...and no tighter than it needs to be: within a few sentences of the budget.
    assert _flagged(scores, limits) > CLEAN_BUDGET - 0.001


def test_kinds_that_flag_the_same_clean_sentences_keep_their_whole_shares():
    # One score for every kind: the kinds overlap entirely, the union is the largest share.
    n = 20_000
    column = np.random.default_rng(1).normal(size=(n, 1))
    scores = np.repeat(column, len(MODEL_KINDS), axis=1)
    limits = thresholds(scores, _clean_dev(n))
    for k, kind in enumerate(MODEL_KINDS):
        assert (scores[:, k] >= limits[k]).sum() == int(KIND_BUDGETS[kind] * n)
