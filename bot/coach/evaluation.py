"""Scores review() against a labelled corpus; shared by the corpus test and the benchmark."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.coach.findings import KINDS, WHOLE_TEXT_KINDS, Finding
from bot.coach.matcher import review_message


@dataclass(frozen=True)
class Example:
    """One labelled text: the kinds review() must raise for it ([] means clean).

    `split` is "train", "dev" or "test" in the corpus ("" where a file has no split). `scope`
    "sentence" marks a sentence written to show sentence kinds, not a message: the whole-message
    kinds are neither labelled nor scored on it.
    """

    text: str
    kinds: frozenset[str]
    split: str = ""
    scope: str = "message"


@dataclass
class KindScore:
    """Counts for one kind over the corpus."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def recall(self) -> float:
        """Share of labelled texts the kind was raised for (1.0 when none are labelled)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        """Share of raised kinds that were labelled (1.0 when never raised)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


@dataclass
class Scores:
    """Per-kind and overall results, plus the texts that went wrong."""

    per_kind: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    clean_total: int = 0
    clean_flagged: int = 0
    misses: list[tuple[Example, frozenset[str]]] = field(default_factory=list)

    @property
    def overall(self) -> KindScore:
        """Micro-averaged counts over all kinds."""
        total = KindScore()
        for s in self.per_kind.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total

    @property
    def clean_false_alarm_rate(self) -> float:
        """Share of clean texts that raised anything."""
        return self.clean_flagged / self.clean_total if self.clean_total else 0.0


def load_corpus(path: str | Path, split: str | None = None) -> list[Example]:
    """Read a JSON-lines corpus of {"text", "kinds"[, "split"]}; unknown kinds are an error.

    With `split`, only the examples of that split.
    """
    examples = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        kinds = frozenset(row["kinds"])
        if not kinds <= set(KINDS):
            raise ValueError(f"{path}:{number}: unknown kinds {sorted(kinds - set(KINDS))}")
        example = Example(row["text"], kinds, row.get("split", ""), row.get("scope", "message"))
        if split is None or example.split == split:
            examples.append(example)
    return examples


def score(
    examples: Iterable[Example], reviewer: Callable[[str], list[Finding]] = review_message
) -> Scores:
    """Compare the kinds `reviewer` raises with each example's labels; by default as the
    product reviews a message (nothing for text the coach cannot read)."""
    scores = Scores()
    for example in examples:
        raised = frozenset(f.kind for f in reviewer(example.text))
        if example.scope == "sentence":
            raised -= WHOLE_TEXT_KINDS
        for kind in KINDS:
            s = scores.per_kind[kind]
            wanted, got = kind in example.kinds, kind in raised
            s.tp += wanted and got
            s.fp += got and not wanted
            s.fn += wanted and not got
        if not example.kinds:
            scores.clean_total += 1
            scores.clean_flagged += bool(raised)
        if raised != example.kinds:
            scores.misses.append((example, raised))
    return scores
