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
    """One piece of advice about a span of the reviewed text."""

    kind: str
    start: int
    end: int
    message: str
    suggestion: str = ""

    @property
    def whole_text(self) -> bool:
        """True when the finding is about the message as a whole, not a phrase."""
        return self.kind in WHOLE_TEXT_KINDS

    def excerpt(self, text: str) -> str:
        """The offending phrase in `text` ("" for whole-text findings)."""
        return text[self.start : self.end]
