"""What the coach reports: a Finding and the closed set of finding kinds."""

from __future__ import annotations

from dataclasses import dataclass

# The order here is the order the CLI and benchmarks list kinds in.
KINDS: tuple[str, ...] = (
    "excuse",
    "blame",
    "passive",
    "minimizing",
    "conditional_apology",
    "over_apology",
    "missing_responsibility",
    "missing_repair",
)

# Whole-text kinds describe something absent, so they have no phrase to point at:
# their span is the empty span 0..0 (see review()).
WHOLE_TEXT_KINDS: frozenset[str] = frozenset({"missing_responsibility", "missing_repair"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of advice about a span of the reviewed text.

    `rule` is the id of the rule that found it (bot/coach/rulebook), or "model".
    """

    kind: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    rule: str = ""

    @property
    def whole_text(self) -> bool:
        """True when the finding is about the message as a whole, not a phrase (a whole-text
        kind can also point at the words that cause it: "not my fault" owns nothing)."""
        return self.kind in WHOLE_TEXT_KINDS and self.start == self.end

    def excerpt(self, text: str) -> str:
        """The offending phrase in `text` ("" for whole-text findings)."""
        return text[self.start : self.end]
