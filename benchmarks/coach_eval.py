"""Per-kind recall and precision of the coach on each split of the corpus, and on a blind set.

Run from the repository root: python benchmarks/coach_eval.py [--quick] [--misses SPLIT]

Sets: the train/dev/test splits of tests/coach/corpus.jsonl (rules were written against all of
it before the split; the model is fitted on train and thresholded on dev only);
studied_dev, the fifth of the messages of tests/coach/independent_dev*.jsonl (earlier blind
sets by seven other writers, since studied) that training holds out: the set thresholds and
budgets are chosen on; and
tests/coach/blind.jsonl when present (660 texts by two writers, C and D, who never saw the rules,
the corpus or the training data; nothing is tuned or trained on it). Figures are rules + model,
with rules alone beside them; then the model alone on its dev sentences (bot/coach/training).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach.evaluation import Example, Scores, load_corpus, score  # noqa: E402
from bot.coach.findings import KINDS  # noqa: E402
from bot.coach.matcher import review_message  # noqa: E402
from bot.coach.model import load_model  # noqa: E402
from bot.coach.training import MODEL_KINDS, datasets, dev_figures  # noqa: E402
from bot.coach.training.labels import in_dev  # noqa: E402
from bot.coach.training.studied import STUDIED  # noqa: E402

CORPUS = ROOT / "tests" / "coach" / "corpus.jsonl"
BLIND = ROOT / "tests" / "coach" / "blind.jsonl"


def _sets() -> dict[str, list[Example]]:
    sets = {split: load_corpus(CORPUS, split) for split in ("train", "dev", "test")}
    studied = [x for path in STUDIED if path.exists() for x in load_corpus(path)]
    # The fifth of studied messages held out of training (bot/coach/training/studied.py).
    sets["studied_dev"] = [x for x in studied if in_dev(x.text)]
    if BLIND.exists():
        sets["blind"] = load_corpus(BLIND)
    return sets


def _cell(both: Scores, rules: Scores, kind: str) -> str:
    b, r = both.per_kind[kind], rules.per_kind[kind]
    return f"{b.tp + b.fn:>4} {b.recall:>5.2f} ({r.recall:.2f}) {b.precision:>4.2f}"


def _table(results: dict[str, tuple[Scores, Scores]]) -> None:
    print("each cell: labelled, recall (rules alone), precision")
    print(f"{'kind':<23}" + "".join(f"{name:^25}" for name in results))
    for kind in KINDS:
        print(f"{kind:<23}" + "".join(f" {_cell(*r, kind):<24}" for r in results.values()))
    line = f"{'overall':<23}"
    for both, rules in results.values():
        o, ro = both.overall, rules.overall
        line += f" {o.tp + o.fn:>4} {o.recall:>5.2f} ({ro.recall:.2f}) {o.precision:>4.2f}     "
    print(line)
    line = f"{'clean false alarms':<23}"
    for both, rules in results.values():
        line += f" {both.clean_flagged:>3}/{both.clean_total:<3} {both.clean_false_alarm_rate:.3f}"
        line += f" ({rules.clean_false_alarm_rate:.3f})    "
    print(line)


def main(argv: list[str] | None = None) -> int:
    """Print the scores tables; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI mode (the corpus is small anyway)")
    parser.add_argument("--misses", metavar="SPLIT", help="list texts of SPLIT scored wrongly")
    args = parser.parse_args(argv)
    sets = _sets()
    results = {
        name: (score(examples), score(examples, partial(review_message, model=False)))
        for name, examples in sets.items()
    }
    print(
        ", ".join(
            f"{n}: {len(e)} texts ({sum(not x.kinds for x in e)} clean)" for n, e in sets.items()
        )
    )
    _table(results)

    _, dev = datasets()
    figures = dev_figures(load_model(), dev)
    print(f"\nmodel alone on its dev sentences ({len(dev)}; thresholds were set on these)")
    for kind in MODEL_KINDS:
        f = figures[kind]
        print(f"{kind:<23}{f['labelled']:>5} recall {f['recall']:.2f} prec. {f['precision']:.2f}")
    clean = figures["clean"]
    print(f"{'clean false alarms':<23}{clean['sentences']:>5} rate {clean['false_alarm_rate']:.3f}")

    if args.misses:
        for example, raised in results[args.misses][0].misses:
            print(f"- want {sorted(example.kinds)} got {sorted(raised)}: {example.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
