"""The coach model's labelled sentences and their train/dev split (rebuild: `python -m ...`).

Sources, both in the repository:
- `blame.jsonl` here: ~620 blame sentences and ~380 clean look-alikes (see BLAME);
- `sentences.jsonl` here: 4,131 sentences written for the model, {"text", "kinds", "group"},
  kinds from MODEL_KINDS ([] for the ~1,500 hard negatives);
- `negatives.jsonl` here: ~130 clean sentences we wrote (same format) for what those lack:
  plain apologies ("I'm so sorry about the invoices."), status lines ("It's fixed now."),
  thanks and factual impact, which the model otherwise took for over-apology or minimising;
- `tests/coach/corpus.jsonl`: labelled messages with a train/dev/test split. Only sentences whose
  labels are certain are used: every sentence of a message with none of MODEL_KINDS is clean,
  and a one-sentence message keeps its labels. The test split is never read here.

This module needs only the standard library and numpy; training itself (`__main__`) needs the
`[train]` extra (scikit-learn).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bot.coach.model import Model
from bot.coach.sentences import Sentences
from bot.coach.training.labels import HEADS, MODEL_KINDS, SIGNALS, Labelled, in_dev

__all__ = ["HEADS", "MODEL_KINDS", "SIGNALS", "Labelled", "datasets", "dev_figures"]

SENTENCES = Path(__file__).with_name("sentences.jsonl")
NEGATIVES = Path(__file__).with_name("negatives.jsonl")
# Hard negatives of ours: owning counterfactuals ("if I'd checked ..."), a doer named in a
# passive ("sent by <@U1>"), thanks for a near miss and plain statements of impact.
OWNERSHIP = Path(__file__).with_name("ownership.jsonl")
# Blame in many shapes (another person, team, vendor or tool as the doer or cause: "X told me
# ... so I", "nobody told me", "should have been caught by", "was changed by the vendor") and
# look-alikes that are clean (thanks, credit, neutral mentions, owning it with others present);
# written from templates with varied fillers, a quarter lower-cased.
BLAME = Path(__file__).with_name("blame.jsonl")
# Sentences written for the model in a second round by two writers who saw no rule, corpus or
# test set: 700 blame sentences in many shapes paired with 700 clean look-alikes, and 1,500 of
# the other kinds (560 clean: owned causes, passive repairs, precise scope, subject-drop).
WRITTEN_BLAME = Path(__file__).with_name("written_blame.jsonl")
WRITTEN_KINDS = Path(__file__).with_name("written_kinds.jsonl")
CORPUS = Path(__file__).resolve().parents[3] / "tests" / "coach" / "corpus.jsonl"
# Sentences we wrote, labelled for both signals: {"text", "signals"}.
SIGNAL_SENTENCES = Path(__file__).with_name("signals.jsonl")
# 1,800 more by a writer who saw no rule or data: repair in every form (done, a state after
# the fix, under way, passive, future, fragments, prevention, an offer), ownership with and
# without a subject, and hard negatives (impact, the mistake's own actions, reassurance).
WRITTEN_SIGNALS = Path(__file__).with_name("written_signals.jsonl")


def corpus_sentences(split: str, path: Path = CORPUS) -> list[Labelled]:
    """Sentences of the corpus `split` whose labels are certain (see the module docstring)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else None
        if not row or row["split"] != split:
            continue
        kinds = frozenset(row["kinds"]) & set(MODEL_KINDS)
        spans = Sentences(row["text"]).spans
        parts = [row["text"][s:e].strip() for s, e in spans]
        parts = [p for p in parts if any(ch.isalpha() for ch in p)]
        if not kinds:
            found += [Labelled(p, frozenset(), f"corpus-{split}") for p in parts]
        elif len(parts) == 1:
            found.append(Labelled(parts[0], kinds, f"corpus-{split}"))
    return found


def _corpus_texts(splits: tuple[str, ...], path: Path = CORPUS) -> set[str]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["text"].strip().lower() for row in rows if row["split"] in splits}


def written_sentences(
    paths: tuple[Path, ...] = (
        SENTENCES,
        NEGATIVES,
        OWNERSHIP,
        BLAME,
        WRITTEN_BLAME,
        WRITTEN_KINDS,
    ),
) -> tuple[list[Labelled], list[Labelled]]:
    """(train, dev) of the written sentences, less any that is also a corpus dev/test text."""
    held = _corpus_texts(("dev", "test"))
    train, dev = [], []
    lines = [
        (path, line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()
    ]
    for path, line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        if row["text"].strip().lower() in held:
            continue
        source = "ours" if row.get("group") == "negative-ours" else "written"
        source = "templated" if path == BLAME else source
        item = Labelled(row["text"], frozenset(row["kinds"]), source)
        (dev if in_dev(row["text"]) else train).append(item)
    return train, dev


def datasets() -> tuple[list[Labelled], list[Labelled]]:
    """(train, dev): written sentences split 80/20 by hash, plus the corpus train/dev splits."""
    train, dev = written_sentences()
    return train + corpus_sentences("train"), dev + corpus_sentences("dev")


def signal_sentences(
    paths: tuple[Path, ...] = (SIGNAL_SENTENCES, WRITTEN_SIGNALS),
) -> tuple[list[Labelled], list[Labelled]]:
    """(train, dev) of the signal sentences, their `kinds` the SIGNALS they show."""
    train, dev = [], []
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if line.strip():
            row = json.loads(line)
            item = Labelled(row["text"], frozenset(row["signals"]), "signals")
            (dev if in_dev(row["text"]) else train).append(item)
    return train, dev


def signal_figures(model: Model, dev: list[Labelled]) -> dict[str, dict[str, float]]:
    """Per-signal recall and precision of `model` on the signal dev sentences."""
    flags = model.flags([d.text for d in dev])
    figures: dict[str, dict[str, float]] = {}
    for signal in SIGNALS:
        k = model.kinds.index(signal)
        wanted = np.array([signal in d.kinds for d in dev])
        tp = int((wanted & flags[:, k]).sum())
        figures[signal] = {
            "labelled": int(wanted.sum()),
            "recall": round(tp / max(int(wanted.sum()), 1), 3),
            "precision": round(tp / max(int(flags[:, k].sum()), 1), 3),
        }
    return figures


def dev_figures(model: Model, dev: list[Labelled]) -> dict[str, dict[str, float]]:
    """Per-kind recall and precision of `model` on `dev`, and its clean false-alarm rate."""
    flags = model.flags([d.text for d in dev])[:, : len(MODEL_KINDS)]
    figures: dict[str, dict[str, float]] = {}
    for k, kind in enumerate(MODEL_KINDS):
        wanted = np.array([kind in d.kinds for d in dev])
        tp = int((wanted & flags[:, k]).sum())
        fn = int((wanted & ~flags[:, k]).sum())
        fp = int((~wanted & flags[:, k]).sum())
        figures[kind] = {
            "labelled": tp + fn,
            "recall": round(tp / max(tp + fn, 1), 3),
            "precision": round(tp / max(tp + fp, 1), 3),
        }
    clean = [i for i, d in enumerate(dev) if not (d.kinds & set(MODEL_KINDS))]
    figures["clean"] = {
        "sentences": len(clean),
        "false_alarm_rate": round(sum(bool(flags[i].any()) for i in clean) / len(clean), 4),
    }
    return figures
