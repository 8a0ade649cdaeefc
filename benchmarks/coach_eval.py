"""Per-kind recall and precision of the coach on tests/coach/corpus.jsonl.

Run from the repository root: python benchmarks/coach_eval.py [--quick] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach.evaluation import load_corpus, score  # noqa: E402

CORPUS = ROOT / "tests" / "coach" / "corpus.jsonl"


def main(argv: list[str] | None = None) -> int:
    """Print the scores table; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI mode (the corpus is small anyway)")
    parser.add_argument("--misses", action="store_true", help="list texts scored wrongly")
    args = parser.parse_args(argv)
    examples = load_corpus(CORPUS)
    scores = score(examples)
    print(f"corpus: {len(examples)} texts, {scores.clean_total} clean")
    print(f"{'kind':<24}{'labelled':>9}{'recall':>8}{'precision':>11}")
    for kind, s in scores.per_kind.items():
        print(f"{kind:<24}{s.tp + s.fn:>9}{s.recall:>8.2f}{s.precision:>11.2f}")
    o = scores.overall
    print(f"{'overall':<24}{o.tp + o.fn:>9}{o.recall:>8.2f}{o.precision:>11.2f}")
    rate = scores.clean_false_alarm_rate
    print(f"clean false-alarm rate: {rate:.3f} ({scores.clean_flagged}/{scores.clean_total})")
    if args.misses:
        for example, raised in scores.misses:
            print(f"- want {sorted(example.kinds)} got {sorted(raised)}: {example.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
