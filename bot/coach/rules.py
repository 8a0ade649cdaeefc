"""The rule record and its compiled form; the rule data lives in `bot.coach.rulebook`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.coach.anchors import first_word_keys
from bot.coach.findings import KINDS

Mode = Literal["phrase", "absent", "repeat"]

# Shorthands usable in patterns as <name>; they keep the rule table readable.
# Angle tokens cannot clash with regex syntax: named groups and lookbehinds are `(?P<`, `(?<`.
MACROS: dict[str, str] = {
    # up to two softening adverbs between words: "was accidentally", "really should"
    "adv": r"(?:(?:\w+ly|just|also|somehow|then|even|already|still|now)\s+){0,2}",
    # auxiliaries that build a passive: "was", "got", "has been", "were being"
    "be": r"(?:was|were|got|gets|has\s+been|have\s+been|had\s+been|(?:was|were)\s+being)",
    "neg": r"(?:wasn't|weren't|was\s+not|were\s+not|was\s+never|were\s+never|hasn't\s+been"
    r"|haven't\s+been|never\s+got|never\s+was|didn't\s+get|did\s+not\s+get)",
    "im": r"\b(?:i'm|i\s+am|im)",
    "sorry": r"(?:sorry|apologi[sz]e[sd]?|apologies|apology)",
    # the speaker as subject: "I", "I've", "I'd", "I had"
    "i": r"\bi(?:'ve|'d|\s+have|\s+had)?",
    # where the match sat, in the sentence a veto pattern is searched in (see matcher)
    "m": "\x00",
}

_MACRO = re.compile(r"<(" + "|".join(MACROS) + r")>")


def expand(pattern: str) -> str:
    """Replace <macro> shorthands in a pattern with their regex."""
    return _MACRO.sub(lambda m: MACROS[m.group(1)], pattern)


@dataclass(frozen=True)
class Rule:
    """One check: what to look for, why it hurts, what to write instead, and test examples.

    mode "phrase" flags each match; "absent" flags a whole message (span 0..0) when no pattern
    matches; "repeat" flags the match that makes `min_count` matches within `window` characters.
    `unless` patterns veto a phrase match when found in the same sentence; `lead` pulls the
    words just before a match (a passive's subject) into its span, and with `lead_required` a
    match without them does not count (a subject no first-word index could list, like any
    capitalised name, is checked this way). An `unowned_only` finding counts only in a message
    that never owns the mistake (the matcher drops it otherwise).
    """

    id: str
    kind: str
    patterns: tuple[str, ...]
    message: str
    suggestion: str
    flags: tuple[str, ...]
    passes: tuple[str, ...]
    unless: tuple[str, ...] = ()
    lead: str = ""
    lead_required: bool = False
    mode: Mode = "phrase"
    min_count: int = 3
    window: int = 600
    unowned_only: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"rule {self.id}: unknown kind {self.kind!r}")
        if not (self.patterns and self.flags and self.passes):
            raise ValueError(f"rule {self.id}: needs patterns and flags/passes examples")
        if self.lead_required and not self.lead:
            raise ValueError(f"rule {self.id}: lead_required needs a lead")


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run: its patterns grouped by the word keys they can start at.

    `by_key` maps a word key (see `bot.coach.anchors`) to the source of one regex joining the
    rule's patterns that can start there; `anywhere` joins the patterns whose first word could
    not be read.
    """

    rule: Rule
    by_key: dict[str, str]
    anywhere: re.Pattern[str] | None = None
    veto: re.Pattern[str] | None = None
    lead: re.Pattern[str] | None = None


def _source(patterns: list[str] | tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _join(patterns: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_source(patterns), re.IGNORECASE)


def compile_rule(rule: Rule) -> CompiledRule:
    """Compile a rule's patterns (and vetoes) once, at import time."""
    grouped: dict[str, list[str]] = {}
    anywhere: list[str] = []
    for pattern in map(expand, rule.patterns):
        keys = first_word_keys(pattern)
        if keys is None:
            anywhere.append(pattern)
        for key in keys or ():
            grouped.setdefault(key, []).append(pattern)
    return CompiledRule(
        rule=rule,
        by_key={key: _source(patterns) for key, patterns in grouped.items()},
        anywhere=_join(anywhere) if anywhere else None,
        veto=_join([expand(p) for p in rule.unless]) if rule.unless else None,
        lead=re.compile(f"(?:{expand(rule.lead)})\\Z", re.IGNORECASE) if rule.lead else None,
    )
