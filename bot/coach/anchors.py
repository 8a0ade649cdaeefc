"""Which words a pattern can start with, so the matcher tries it only at those words.

Python's regex engine tries an alternation at every position of the text, which is too slow
for dozens of rules on a long message. Instead the matcher splits the text into words once and
tries each pattern only where the word's key (its first letters) can start a match. The keys are
read from the parsed pattern; a pattern whose first word cannot be read is run over the whole
text instead, so this only ever changes speed, never results.
"""

from __future__ import annotations

import re

try:  # the parser is internal to `re`; without it every pattern simply scans the whole text
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    C = P = None

KEY_LEN = 4
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
# Words as the matcher sees them: they start with a letter or digit and may hold apostrophes.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*")
# Enough repetitions for any repeat to have filled or ended every key.
_MAX_STEPS = KEY_LEN + 1


class _Unreadable(Exception):
    """The pattern's first word cannot be listed."""


def token_key(word: str) -> str:
    """The dispatch key of a word: its first letters, or the whole word and "$" if short."""
    word = word.lower()
    return word[:KEY_LEN] if len(word) >= KEY_LEN else word + "$"


def _extend(partial: set[str], chars: set[str], ends: bool) -> tuple[set[str], set[str]]:
    """Add one character from `chars` (or a word end when `ends`) to each partial key."""
    grown: set[str] = set()
    done: set[str] = set()
    for p in partial:
        for ch in chars:
            (done if len(p) + 1 >= KEY_LEN else grown).add(p + ch)
        if ends:
            if not p:
                raise _Unreadable("pattern may start with a non-word character")
            done.add(p + "$")
    return grown, done


def _in_chars(items: list) -> tuple[set[str], bool]:
    chars: set[str] = set()
    ends = False
    for op, av in items:
        if op is C.LITERAL:
            ch = chr(av).lower()
            if ch in WORD_CHARS:
                chars.add(ch)
            else:
                ends = True
        elif op is C.CATEGORY and av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD):
            ends = True
        else:
            raise _Unreadable(f"character class item {op}")
    return chars, ends


def _repeat(av: tuple, partial: set[str]) -> tuple[set[str], set[str]]:
    low, high, sub = av
    done: set[str] = set()
    for _ in range(min(low, _MAX_STEPS)):
        partial, d = _walk(sub, partial)
        done |= d
    reached = set(partial)
    for _ in range(min(high - low, _MAX_STEPS)):
        partial, d = _walk(sub, partial)
        done |= d
        reached |= partial
        if not partial:
            break
    return reached, done


def _walk(items, partial: set[str]) -> tuple[set[str], set[str]]:
    """Run the partial keys through a parsed sequence; return (still partial, finished)."""
    done: set[str] = set()
    for op, av in items:
        if not partial:
            break
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: consumes nothing
        if op is C.LITERAL:
            ch = chr(av).lower()
            partial, d = _extend(partial, {ch} if ch in WORD_CHARS else set(), ch not in WORD_CHARS)
        elif op is C.IN:
            partial, d = _extend(partial, *_in_chars(av))
        elif op is C.BRANCH:
            results = [_walk(branch, partial) for branch in av[1]]
            partial = set().union(*(r[0] for r in results))
            d = set().union(*(r[1] for r in results))
        elif op is C.SUBPATTERN:
            partial, d = _walk(av[-1], partial)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            partial, d = _repeat(av, partial)
        else:
            raise _Unreadable(f"operator {op}")
        done |= d
    return partial, done


def first_word_keys(pattern: str) -> frozenset[str] | None:
    """The keys of every word a match of `pattern` can start with, or None if unknown."""
    if P is None:
        return None
    try:
        partial, done = _walk(P.parse(pattern, re.IGNORECASE), {""})
        _, ended = _extend(partial, set(), ends=True)
    except _Unreadable:
        return None
    return frozenset(done | ended)
