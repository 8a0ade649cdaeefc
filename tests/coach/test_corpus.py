"""The coach against our labelled corpus: recall, precision and clean false alarms."""

from pathlib import Path

import pytest

from bot.coach import KINDS
from bot.coach.evaluation import load_corpus, score

CORPUS = Path(__file__).with_name("corpus.jsonl")


@pytest.fixture(scope="module")
def examples():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def scores(examples):
    return score(examples)


def test_corpus_is_big_and_covers_every_kind(examples):
    assert len(examples) >= 220
    assert sum(1 for e in examples if not e.kinds) >= 90
    for kind in KINDS:
        assert sum(kind in e.kinds for e in examples) >= 15, kind
    assert len({e.text for e in examples}) == len(examples), "duplicate texts"


def test_overall_recall(scores):
    assert scores.overall.recall >= 0.9, scores.misses


@pytest.mark.parametrize("kind", KINDS)
def test_recall_per_kind(scores, kind):
    assert scores.per_kind[kind].recall >= 0.8


def test_clean_false_alarm_rate(scores):
    assert scores.clean_false_alarm_rate <= 0.05, scores.misses


def test_overall_precision(scores):
    assert scores.overall.precision >= 0.85
