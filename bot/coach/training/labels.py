"""What a training sentence is labelled with: the model's heads and one labelled sentence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.coach.findings import KINDS, WHOLE_TEXT_KINDS

# Every kind a sentence can show: all but the whole-message ones.
MODEL_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k not in WHOLE_TEXT_KINDS)
# What a sentence can say that a whole-message check needs: it puts something right, or the
# writer owns doing it. Extra heads of the same model; never findings themselves.
SIGNALS: tuple[str, ...] = ("repair", "ownership")
HEADS: tuple[str, ...] = MODEL_KINDS + SIGNALS
# One sentence in DEV_SHARE goes to dev, chosen by a hash of its text so the split never moves.
DEV_SHARE = 5


@dataclass(frozen=True)
class Labelled:
    """One sentence and the heads it shows; `unsure` heads are not trained on (weight 0).

    `source` says where it came from ("written", "ours", "templated", "corpus-train",
    "studied", "signals", "weak").
    """

    text: str
    kinds: frozenset[str]
    source: str
    unsure: frozenset[str] = frozenset()


def in_dev(text: str) -> bool:
    """True for the fifth of sentences, by text hash, that set thresholds instead of weights."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % DEV_SHARE == 0
