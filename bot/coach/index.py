"""Finds every rule's matches by trying rules only at words they can start with."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.coach.anchors import KEY_LEN
from bot.coach.rules import CompiledRule

Span = tuple[int, int]


class Keyed:
    """The rules that can start at one word key, as one regex compiled on first use: compiling
    all of them (some hold long verb lists) took most of a second at import, and one message
    needs only the keys of its own words."""

    __slots__ = ("_source", "_numbers", "_compiled")

    def __init__(self, keyed: list[tuple[int, str]]) -> None:
        self._source = "".join(f"(?:(?=(?P<r{n}>{s}))|)" for n, s in keyed)
        self._numbers = tuple(n for n, _ in keyed)
        self._compiled: tuple[re.Pattern[str], tuple[tuple[int, int], ...]] | None = None

    def get(self) -> tuple[re.Pattern[str], tuple[tuple[int, int], ...]]:
        """(regex, (rule number, group number) pairs). Two threads may both compile it on
        first use; either result is the same, and the assignment is atomic."""
        if self._compiled is None:
            regex = re.compile(self._source, re.IGNORECASE)
            self._compiled = (regex, tuple((n, regex.groupindex[f"r{n}"]) for n in self._numbers))
        return self._compiled


# word key -> the rules that can start there (Keyed)
Index = dict[str, Keyed]


def build_index(rules: Iterable[tuple[int, CompiledRule]]) -> Index:
    """Per word key, one regex trying every rule at once, each in its own capturing lookahead.

    `(?:(?=(?P<rN>...))|)` records where rule N matches without consuming text and moves on
    when it does not, so one call at a word gives every rule's match there; calling each rule's
    regex separately costs several times more in Python call overhead.
    """
    sources: dict[str, list[tuple[int, str]]] = {}
    for number, compiled in rules:
        for key, source in compiled.by_key.items():
            sources.setdefault(key, []).append((number, source))
    return {key: Keyed(keyed) for key, keyed in sources.items()}


WORD_CLASS = "[a-z0-9']"


def _trie(keys: Iterable[str]) -> str:
    """A regex matching any of `keys`, factored by first letters so each step is one branch."""
    tree: dict = {}
    for key in keys:
        node = tree
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alternation(node: dict) -> str:
        parts = []
        for ch, child in sorted(node.items()):
            if ch == "":
                continue
            head = f"(?!{WORD_CLASS})" if ch == "$" else re.escape(ch)
            rest = alternation(child)
            parts.append(head + rest)
        optional = "" in node
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if optional else body

    return alternation(tree)


def key_finder(keys: Iterable[str]) -> re.Pattern[str]:
    """One regex over lower-cased text that finds where words with any of `keys` start."""
    # The lookbehind keeps matches at word starts and is cheaper than testing each hit in Python.
    return re.compile(f"(?<!{WORD_CLASS})(?:{_trie(keys)})")


def words(text: str, finder: re.Pattern[str]) -> list[tuple[str, int]]:
    """(key, start) of each word that `finder` (see key_finder) recognises."""
    low = text.lower()
    if len(low) != len(text):  # a few characters grow when lowered; keep offsets exact
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    found = []
    for m in finder.finditer(low):
        key = m.group()
        found.append((key if len(key) >= KEY_LEN else key + "$", m.start()))
    return found


def run(
    index: Index,
    text: str,
    at: list[tuple[str, int]],
    found: list[list[Span]],
    first_only: bool = False,
) -> None:
    """Append each rule's matches at the words `at` to `found`; stop at one if `first_only`."""
    for key, pos in at:
        entry = index.get(key)
        if entry is None:
            continue
        regex, groups = entry.get()
        regs = regex.match(text, pos).regs  # type: ignore[union-attr]  # always matches
        for number, group in groups:
            start, end = regs[group]
            if end > start:
                found[number].append((start, end))
                if first_only:
                    return
