"""Drafts an owning-up message from the modal's facts, shaped by how serious the mistake is.

- minor: a short note, usually two or three sentences: the apology with what happened, the
  impact, the repair;
- significant: what happened (and why), the impact, a line of ownership, the repair, an apology;
- serious: all of that in paragraphs, with the prevention step, a stronger apology and an offer
  to talk.

The person's facts become first-person sentences (fragments.py); nothing is stated that they did
not give: no repair, impact or prevention of our own. Facts written in Chinese get a Chinese
draft (drafting_zh.py); anything else gets English, the language the coach reads. Wording varies
by a hash of the input, so the same facts always give the same text.

Length: with the Slack layer's input caps (what_happened <= 2000, others <= 1000 characters) the
draft can exceed Slack's 3000-character text block limit; our words add under 400 characters, so
typical inputs stay well under it. Callers that must fit should trim inputs first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields

from bot.coach import phrasing
from bot.coach.drafting_zh import draft_zh
from bot.coach.fragments import Clause, as_impact, clause, clauses, lower_first, tidy
from bot.coach.language import dominant_script

SEVERITIES: tuple[str, ...] = ("minor", "significant", "serious")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:]+$")
_BECAUSE = re.compile(r"^(?:because|since|as|cos|cause|'cause)\b\s*", re.I)


@dataclass(frozen=True)
class DraftFacts:
    """What the person told the modal about their mistake."""

    what_happened: str
    impact: str = ""
    severity: str = "minor"
    repair: str = ""
    prevention: str = ""
    affected_count: int = 0
    why: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
        if self.affected_count < 0:
            raise ValueError("affected_count must not be negative")

    def language(self) -> str:
        """ "zh" when the facts are written in Chinese, else "en"."""
        text = " ".join((self.what_happened, self.why, self.impact, self.repair, self.prevention))
        return "zh" if dominant_script(text) == "han" else "en"


def clean(text: str) -> str:
    """One line of text: whitespace collapsed, trailing . , ; : dropped."""
    return _TRAILING.sub("", _SPACES.sub(" ", text or "").strip())


class Chooser:
    """Picks wordings from a digest of the facts: varied across inputs, fixed for one input."""

    def __init__(self, facts: DraftFacts) -> None:
        seed = "\x1f".join(clean(str(getattr(facts, f.name))) for f in fields(facts))
        self._digest = hashlib.sha256(seed.encode("utf-8")).digest()
        self._slot = 0

    def pick(self, options: tuple[str, ...]) -> str:
        """The next wording from `options`."""
        self._slot = (self._slot + 1) % len(self._digest)
        return options[self._digest[self._slot] % len(options)]


def _people(count: int) -> str:
    return "one person" if count == 1 else f"{count:,} people"


def _why(text: str) -> list[str]:
    """The person's reason as sentences: "because I was…" -> "It happened because I was…"."""
    line = tidy(text)
    if _BECAUSE.match(line):
        reason = clause(_BECAUSE.sub("", line))
        return [phrasing.WHY.format(f"because {lower_first(reason.text)}")] if reason else []
    return [c.text for c in clauses(line)]


def _prevention(text: str, choose: Chooser) -> list[str]:
    """The prevention step, introduced as one: "So this doesn't happen again, I'll…"."""
    steps = clauses(text, plan=True, ahead=True)
    if not steps:
        return []
    first, rest = steps[0], [s.text for s in steps[1:]]
    if first.first_person:
        return [choose.pick(phrasing.PREVENT_LEAD).format(first.text), *rest]
    return [first.text[:-1] + phrasing.PREVENT_TAIL if first.text.endswith(".") else first.text]


def _opening(what: list[Clause]) -> list[str]:
    return [c.text for c in what] or ["I got something wrong."]


def _minor(facts: DraftFacts, what: list[Clause], choose: Chooser) -> str:
    sentences = _opening(what)
    reason = _why(facts.why)
    lead = phrasing.WHY.format("")
    if what and what[0].first_person:
        first = sentences[0]
        if reason and reason[0].startswith(lead) and len(what) == 1 and first.endswith("."):
            # One sentence: "Sorry, I booked the wrong room because I misread the date."
            first = f"{first[:-1]} {reason.pop(0)[len(lead) :]}"
        sentences[0] = choose.pick(phrasing.SORRY_FIRST).format(lower_first(first))
        sentences += reason
    else:
        sentences += [*reason, choose.pick(phrasing.OWN_AFTER)]
    if facts.impact.strip():
        sentences.append(as_impact(facts.impact))
    sentences += [c.text for c in clauses(facts.repair, plan=True)]
    if facts.prevention.strip():
        sentences += _prevention(facts.prevention, choose)
    return " ".join(sentences)


def _impact(facts: DraftFacts) -> list[str]:
    if facts.impact.strip():
        return [as_impact(facts.impact)]
    if facts.affected_count:
        return [phrasing.AFFECTED.format(_people(facts.affected_count))]
    return []


def draft(facts: DraftFacts) -> str:
    """The owning-up message for `facts`: plain text, no Slack markup or mentions."""
    choose = Chooser(facts)
    if facts.language() == "zh":
        return draft_zh(facts, choose)
    level = facts.severity
    what = clauses(facts.what_happened)
    if level == "minor":
        return _minor(facts, what, choose)
    repair = [c.text for c in clauses(facts.repair, plan=True)]
    prevention = _prevention(facts.prevention, choose)
    own = choose.pick(phrasing.RESPONSIBILITY[level])
    regret = choose.pick(phrasing.REGRET[level])
    if level == "significant":
        story = [*_opening(what), *_why(facts.why), *_impact(facts), own]
        fix = [*repair, *prevention, regret]
        if not repair and not prevention:
            return " ".join([*story, regret])
        return "\n\n".join([" ".join(story), " ".join(fix)])
    impact = _impact(facts)
    paragraphs = [
        [*_opening(what), *_why(facts.why), *([] if impact else [own])],
        [*impact, own] if impact else [],
        [*repair, *prevention],
        [regret, choose.pick(phrasing.TALK)],
    ]
    return "\n\n".join(" ".join(p) for p in paragraphs if p)
