"""Drafts an owning-up message from the modal's facts, sized to how serious the mistake is.

Order follows apology research: own it in the first person, say what happened and what it
caused, how it is being repaired, regret sized to the harm, a prevention step, and an invitation
to reply. Wording varies by a hash of the input, so the same facts always give the same text.

Length: with the Slack layer's input caps (what_happened <= 2000, others <= 1000 characters) the
draft can exceed Slack's 3000-character text block limit; the templates add under 400
characters, so typical inputs stay well under it. Callers that must fit should trim inputs first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.coach import phrasing

SEVERITIES: tuple[str, ...] = ("minor", "significant", "serious")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:]+$")


@dataclass(frozen=True)
class DraftFacts:
    """What the person told the modal about their mistake."""

    what_happened: str
    impact: str = ""
    severity: str = "minor"
    repair: str = ""
    prevention: str = ""
    affected_count: int = 0

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
        if self.affected_count < 0:
            raise ValueError("affected_count must not be negative")


def clean(text: str) -> str:
    """One line of text: whitespace collapsed, trailing . , ; : dropped (the template adds one)."""
    return _TRAILING.sub("", _SPACES.sub(" ", text or "").strip())


def _fill(template: str, text: str) -> str:
    """Put `text` in the template, without a second full stop after a ! or ?."""
    sentence = template.format(text)
    if text.endswith(("!", "?")) and sentence.endswith(text + "."):
        sentence = sentence[:-1]
    return sentence


def _people(count: int) -> str:
    return "one person" if count == 1 else f"{count:,} people"


class _Chooser:
    """Picks wordings from a digest of the facts: varied across inputs, fixed for one input."""

    def __init__(self, facts: DraftFacts) -> None:
        fields = (facts.what_happened, facts.impact, facts.severity, facts.repair)
        seed = "\x1f".join(
            (*map(clean, fields), clean(facts.prevention), str(facts.affected_count))
        )
        self._digest = hashlib.sha256(seed.encode("utf-8")).digest()
        self._slot = 0

    def pick(self, options: tuple[str, ...]) -> str:
        """The next wording from `options`."""
        self._slot += 1
        return options[self._digest[self._slot] % len(options)]


def draft(facts: DraftFacts) -> str:
    """The owning-up message for `facts`: plain text, no Slack markup or mentions."""
    level = facts.severity
    what, impact = clean(facts.what_happened), clean(facts.impact)
    repair, prevention = clean(facts.repair), clean(facts.prevention)
    choose = _Chooser(facts)

    opening = [_fill(choose.pick(phrasing.OWN[level]), what or "I got something wrong")]
    if impact:
        opening.append(_fill(choose.pick(phrasing.IMPACT), impact))
    if facts.affected_count:
        opening.append(choose.pick(phrasing.AFFECTED).format(_people(facts.affected_count)))

    middle = []
    if repair:
        middle.append(_fill(choose.pick(phrasing.REPAIR), repair))
    elif phrasing.NO_REPAIR[level]:
        middle.append(choose.pick(phrasing.NO_REPAIR[level]))
    middle.append(choose.pick(phrasing.REGRET[level]))
    if prevention:
        middle.append(_fill(choose.pick(phrasing.PREVENTION), prevention))
    elif level == "serious":
        middle.append(choose.pick(phrasing.NO_PREVENTION_SERIOUS))

    invite = choose.pick(phrasing.INVITE[level])
    if level == "minor":  # a slip gets a short note, not a statement
        return " ".join([*opening, *middle, invite])
    return "\n\n".join([" ".join(opening), " ".join(middle), invite])
