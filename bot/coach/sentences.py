"""Sentence spans of a text, and whether a text is a message to judge as a whole."""

from __future__ import annotations

import re
from bisect import bisect_right

# A sentence ends at . ! or ? followed by a space (so "3.5" and "v1.2" stay whole), a newline,
# or an emoji (Slack writers end sentences with one: "got dropped last night 😬 restoring now").
_BOUNDARY = re.compile(
    r"[.!?]+(?=\s|$)|\n|[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*|:[a-z0-9_+-]+:(?=\s|$)"
)
# Vetoes search the sentence around each match, so an unpunctuated run-on is cut into pieces of
# at most this size (at a comma or a space) to keep review() linear in the text's length.
MAX_SENTENCE_CHARS = 300
_CUT = re.compile(r"[,;:]\s|\s")
_WORDY = re.compile(r"\w\w")

# A whole-text check judges any text addressed to people, one line included ("I sent the wrong
# file, my mistake."), but not a bare fragment of fewer than this many words ("Sorry!").
MESSAGE_MIN_WORDS = 3
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9']*")


class Sentences:
    """Sentence spans of a text, for finding the sentence around a position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        start = 0
        for m in _BOUNDARY.finditer(text):
            self.spans.append((start, m.end()))
            start = m.end()
        if start < len(text) or not self.spans:
            self.spans.append((start, len(text)))
        if any(e - s > MAX_SENTENCE_CHARS for s, e in self.spans):
            self.spans = [piece for span in self.spans for piece in self._cut(*span)]
        self._starts = [s for s, _ in self.spans]

    def _cut(self, start: int, end: int) -> list[tuple[int, int]]:
        """Split a long span at the last comma (or else space) before each size limit."""
        pieces = []
        while end - start > MAX_SENTENCE_CHARS:
            limit = start + MAX_SENTENCE_CHARS
            window = self.text[start + MAX_SENTENCE_CHARS // 2 : limit]
            commas = [m.end() for m in _CUT.finditer(window) if m.group()[0] in ",;:"]
            spaces = [m.end() for m in _CUT.finditer(window)]
            cut = (commas or spaces or [len(window)])[-1] + start + MAX_SENTENCE_CHARS // 2
            pieces.append((start, cut))
            start = cut
        pieces.append((start, end))
        return pieces

    def around(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding character `pos`."""
        return self.spans[max(bisect_right(self._starts, pos) - 1, 0)]

    def count(self) -> int:
        """How many spans hold at least a word."""
        return sum(1 for s, e in self.spans if _WORDY.search(self.text, s, e))

    def is_message(self) -> bool:
        """True when the text is a message to judge as a whole, not a bare fragment."""
        words = 0
        for _ in _WORD.finditer(self.text):
            words += 1
            if words >= MESSAGE_MIN_WORDS:
                return True
        return False
