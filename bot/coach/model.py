"""The coach's learned classifier: which sentences show an open-vocabulary kind.

A linear model per kind over hashed word and character n-grams (`bot.coach.features`). The
weights ship in the package (`model.bin`: zlib-compressed int8 codes, shape (BUCKETS, kinds);
`model.json`: kinds, biases, thresholds, each kind's code scale and the weights' sha256) and
are read once, on first use. Rebuild both with `python -m bot.coach.training`.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bot.coach.features import BUCKETS, featurize
from bot.coach.findings import Finding

WEIGHTS_PATH = Path(__file__).with_name("model.bin")
META_PATH = Path(__file__).with_name("model.json")

# What to tell the writer about a sentence the model flags; worded like the rulebook's advice
# (its per-kind message where one fits every sentence of that kind).
ADVICE: dict[str, tuple[str, str]] = {
    "excuse": (
        "Explaining the circumstances here reads as a reason the mistake was acceptable.",
        'Say what you did or skipped instead: "I skipped the check to save time."',
    ),
    "blame": (
        "Naming what someone else did makes the message about them, not your part.",
        'Describe your own part: "I ran it without confirming the target."',
    ),
    "passive": (
        "The passive leaves out who did it, so it reads as if the harm happened by itself.",
        'Put yourself in as the subject: "I changed the config."',
    ),
    "minimizing": (
        "Sizing the harm down for the reader suggests they are overreacting.",
        'State the impact plainly and let readers judge: "40 customers were affected."',
    ),
    "conditional_apology": (
        "An apology that doubts anyone was hurt, or apologises for their feelings, "
        "apologises for nothing.",
        'Apologise for what happened: "I\'m sorry I sent the wrong figures."',
    ),
    "over_apology": (
        "Apologising this hard shifts attention to your feelings and asks readers to comfort you.",
        "One sincere apology and a concrete next step carry more weight.",
    ),
}

# Kinds whose rule findings the model may overrule, and the margin (decision score minus
# threshold, in logits) below which it does: in a message that owns the mistake, a rule's
# passive the model reads as far from one is nearly always the impact or the repair ("93
# tickets were sold", "both guests were walked to the Hilton"). Chosen on the held-out fifth of
# the studied messages: at -4, 14 of 17 wrong rule passives went and no right one.
DOUBT_MARGINS: dict[str, float] = {"passive": -4.0}


# A message of more than LONG_FROM sentences needs LONG_MARGIN logits more per doubling of its
# sentences for a finding kind. Chosen on the held-out fifth of the studied messages: clean
# false alarms 0.055 -> 0.048 for recall 0.890 -> 0.889 (at 3 sentences, 0.040 for 0.885).
LONG_FROM = 4  # sentences
LONG_MARGIN = 2.0  # logits

# Trimmed from a flagged sentence so its span starts and ends on a word.
_LEAD = " \t\r\n-*•>"
_TAIL = " \t\r\n.!?,;:-"


@dataclass(frozen=True)
class Model:
    """Weights (BUCKETS, K) as int8 codes, bias (K,), thresholds (K,) and scale (K,) for the K
    `kinds`.

    A weight is stored as the square root of its size (`encode`): code c of kind k stands for
    sign(c) * (|c| * scale[k])**2. A weight a hundredth of its kind's largest still has 13
    steps (within about 8%), where a linear int8 scale rounds four weights in five to zero.
    """

    kinds: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    scale: np.ndarray

    def scores(self, sentences: Sequence[str]) -> np.ndarray:
        """Decision scores, shape (len(sentences), K); a kind is flagged at its threshold."""
        rows, buckets, values = featurize(sentences)  # sorted by row
        codes = self.weights[buckets].astype(np.float32)
        contrib = np.copysign(np.square(codes * self.scale), codes) * values[:, None]
        out = np.zeros((len(sentences), len(self.kinds)), dtype=np.float32)
        if len(rows):
            # One sum per run of a row's features (a sentence may have none).
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
            out[rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return out + self.bias

    def flags(self, sentences: Sequence[str]) -> np.ndarray:
        """Boolean (len(sentences), K): which kinds each sentence shows."""
        return self.scores(sentences) >= self.thresholds


def encode(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 codes (BUCKETS, K) and scale (K,) float32 for float `weights` (BUCKETS, K), as
    `Model` reads them back: 127 steps of the square root of each kind's largest weight."""
    roots = np.sqrt(np.abs(weights))
    scale = (roots.max(axis=0) / 127).astype(np.float32)
    scale[scale == 0] = 1
    codes = np.minimum(np.round(roots / scale), 127) * np.sign(weights)
    return codes.astype(np.int8), scale


@cache
def load_model() -> Model:
    """The shipped model, read once; fails loudly if the weights do not match model.json."""
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))
    blob = WEIGHTS_PATH.read_bytes()
    weights = np.frombuffer(zlib.decompress(blob), dtype=meta["dtype"])
    kinds = tuple(meta["kinds"])
    if meta["bits"] != BUCKETS.bit_length() - 1 or weights.size != BUCKETS * len(kinds):
        raise RuntimeError(f"{WEIGHTS_PATH.name} does not match the features; rebuild the model")
    return Model(
        kinds=kinds,
        weights=weights.reshape(BUCKETS, len(kinds)),
        bias=np.array(meta["bias"], dtype=np.float32),
        thresholds=np.array(meta["thresholds"], dtype=np.float32),
        scale=np.array(meta["scale"], dtype=np.float32),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEAD:
        start += 1
    while end > start and text[end - 1] in _TAIL:
        end -= 1
    return start, end


@dataclass(frozen=True)
class Reading:
    """What the model read in a text: its findings, the signals any sentence shows, and per
    kind of DOUBT_MARGINS the (start, end) of sentences it reads as far from showing it."""

    findings: list[Finding]
    signals: frozenset[str]
    doubted: dict[str, list[tuple[int, int]]]

    def doubts(self, f: Finding) -> bool:
        """True when `f` lies in a sentence the model reads as far from `f.kind`."""
        return any(s <= f.start < e for s, e in self.doubted.get(f.kind, ()))


def model_findings(
    text: str,
    spans: Sequence[tuple[int, int]],
    taken: Sequence[Finding] = (),
    vetoes: Mapping[str, re.Pattern[str]] | None = None,
) -> Reading:
    """Findings per (sentence, kind) the model flags in `text`, the signals it read there and
    the sentences it doubts (see `Reading`).

    `spans` are the sentences' (start, end); a finding's span is the trimmed sentence. A kind
    already found by a rule inside a sentence (in `taken`) is not reported again there, since
    the rule's span and advice are sharper, nor where that kind's pattern in `vetoes` matches
    the sentence (a shape a rule knows). Signals ("repair", "ownership": heads with no advice)
    are returned when any sentence shows them, for the whole-message checks.
    """
    vetoes = vetoes or {}
    model = load_model()
    # Scored with their punctuation, as the training sentences were; reported trimmed.
    spans = [(s, e) for s, e in spans if any(ch.isalpha() for ch in text[s:e])]
    if not spans:
        return Reading([], frozenset(), {})
    margins = model.scores([text[s:e] for s, e in spans]) - model.thresholds
    if len(spans) > LONG_FROM and LONG_MARGIN:
        # Each sentence is one more chance of a false alarm: a long write-up must be no
        # likelier to be flagged wrongly than a short message (a Bonferroni-like correction).
        # It applies to all the model says of the finding kinds, its doubts of a rule's
        # passive too; the signals say what the message does show, and are left as read.
        extra = LONG_MARGIN * np.log2(len(spans) / LONG_FROM)
        margins[:, [k for k, kind in enumerate(model.kinds) if kind in ADVICE]] -= extra
    doubted = {
        kind: [
            span
            for span, m in zip(spans, margins[:, model.kinds.index(kind)], strict=True)
            if m < cut
        ]
        for kind, cut in DOUBT_MARGINS.items()
        if kind in model.kinds
    }
    flags = margins >= 0
    found, signals = [], set()
    for (start, end), row in zip(
        map(lambda span: _trimmed(text, *span), spans), flags, strict=True
    ):
        for k in np.flatnonzero(row):
            kind = model.kinds[k]
            if kind not in ADVICE:
                signals.add(kind)
                continue
            if any(f.kind == kind and f.start < end and f.end > start for f in taken):
                continue
            if kind in vetoes and vetoes[kind].search(text, start, end):
                continue
            message, suggestion = ADVICE[kind]
            found.append(Finding(kind, start, end, message, suggestion, rule="model"))
    return Reading(found, frozenset(signals), doubted)
