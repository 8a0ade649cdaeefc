"""Turns what people type into the modal ("deleted the staging db", "i sent the wrong invoice to
acme", "Rolled back at 10:40; re-running the failed invoices now") into first-person sentences.

Only the frame changes: a subject where the person left it out ("I deleted…", "I'm re-running…",
"I'll add…"), a capital letter, one full stop. Their words stay as they typed them, so nothing is
added that they did not say. English only; see drafting_zh for Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:]+$")
_LEADING = re.compile(r"^[\s\-–—*•>]+")
# A lone lowercase "i" as a word ("i sent", "i'm", "and i forgot"); not "i.e." or "wi-fi".
_LOWER_I = re.compile(r"(?<![\w'’-])i(?![\w-])(?!\.\w)")
# An apology the person typed into a fact: the draft says sorry once, in its own place.
_APOLOGY = re.compile(
    r"^(?:(?:i'?m|i\s+am)\s+)?(?:so\s+|really\s+|very\s+)?(?:sorry|apologies)"
    r"(?:\s*[,:;!.—–-]+\s*|\s*$|\s+(?=i\b))",
    re.I,
)
_CLAUSES = re.compile(r"\s*;\s*|(?<=[a-z0-9)])\.\s+(?=[A-Za-z])|\s+and\s+then\s+")

_ADVERBS = frozenset(
    "accidentally mistakenly inadvertently wrongly unintentionally also just then "
    "completely totally somehow".split()
)
# Irregular pasts people start a fact with (regular ones end in "-ed").
_IRREGULAR_PAST = frozenset(
    "sent ran broke forgot made put set let took gave left lost wrote told shut hit cut "
    "built brought bought chose drove overwrote overrode mistook misread undid did froze "
    "rebuilt reran re-ran resent re-sent mixed misunderstood spent got went saw read kept "
    "typed dropped".split()
)
_NOT_PAST = frozenset("need seed speed feed bed red shed bleed breed greed weed deed embed".split())
_NEGATIONS = frozenset("didn't didnt never wasn't wasnt failed couldn't couldnt".split())
_FUTURE = re.compile(r"^(?:will|gonna|going\s+to|plan\s+to|planning\s+to|about\s+to)\b\s*", re.I)
_NOT_GERUND = frozenset(
    "nothing something everything anything thing string spring morning evening ring king "
    "during ceiling".split()
)
# Verbs in their plain form that start a plan ("revert the commit", "add a check").
_BASE_VERBS = frozenset(
    "fix revert restore resend re-send rerun re-run roll send update contact email call refund "
    "check add remove patch rebuild redo correct reissue re-issue review double-check write make "
    "move delete automate require ask tell notify reach talk book schedule reschedule post share "
    "test use switch turn lock pin monitor set put follow document clean replace apologise "
    "apologize credit recover migrate block disable enable pause stop start split".split()
)
# A repair that says it is already done ("already fixed", "is live again", "reverted").
_DONE = re.compile(
    r"\b(?:already|fixed|reverted|restored|rolled\s+back|resolved|recovered|corrected|undone"
    r"|back\s+up|back\s+online|working\s+again|live\s+again|re-?sent|refunded|deleted|removed)\b",
    re.I,
)
# "reverted", "already fixed", "rolled back now": a done verb with nothing it was done to.
_BARE_DONE = re.compile(
    r"^(already\s+)?([a-z-]+(?:ed)|undid|reran|re-ran|resent|re-sent)"
    r"(\s+(?:back|up|out))?(\s+(?:already|now))?$"
)


@dataclass(frozen=True)
class Clause:
    """One fact as a sentence, and how it starts: "I" (the writer already the subject),
    "past", "doing", "will", or "other" (someone or something else is the subject)."""

    text: str
    form: str

    @property
    def first_person(self) -> bool:
        return self.form != "other"


def tidy(text: str) -> str:
    """One line: whitespace collapsed, list markers and trailing . , ; : dropped, "i" as "I"."""
    line = _TRAILING.sub("", _LEADING.sub("", _SPACES.sub(" ", text or "")).strip())
    return _LOWER_I.sub("I", line)


_PLAIN_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?(?![\w-])")
_KEEP_LOWER = frozenset("npm git ssh sudo kubectl psql cron curl pip make".split())


def _capital(text: str) -> str:
    """Upper-case the first letter of a plain lowercase first word (not of iOS, npm, x86)."""
    m = _PLAIN_WORD.match(text)
    if not m or m.group() in _KEEP_LOWER:
        return text
    return text[0].upper() + text[1:]


def stop(text: str) -> str:
    """`text` with a capital and one closing full stop (none after ! or ?)."""
    text = _capital(text)
    return text if text.endswith(("!", "?", ".")) else text + "."


def _words(text: str) -> list[str]:
    return text.lower().split()


def _verb_index(words: list[str]) -> int:
    """Index of the first word after any leading adverbs ("accidentally", "just")."""
    n = 0
    while n < len(words) - 1 and words[n] in _ADVERBS:
        n += 1
    return n


def _is_past(word: str) -> bool:
    word = word.strip(",:")
    if word in _IRREGULAR_PAST or word in _NEGATIONS:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST


def _is_gerund(word: str) -> bool:
    word = word.strip(",:")
    return len(word) > 4 and word.endswith("ing") and word not in _NOT_GERUND


def _bare_done(text: str) -> str:
    """ "reverted" -> "reverted it", "rolled back" -> "rolled it back": say what was done to."""
    m = _BARE_DONE.match(text)
    if not m:
        return text
    already, verb, particle, tail = (g or "" for g in m.groups())
    return f"{already}{verb} it{particle}{tail}"


def clause(text: str, *, plan: bool = False, ahead: bool = False) -> Clause | None:
    """`text` as one first-person sentence where it leaves the subject out.

    `plan` reads a plain verb ("revert the commit") as what the writer will do; otherwise a
    plain verb is left as it is. `ahead` (a prevention step) also reads verbs whose past looks
    the same ("set up an alert", "put a check in") as a plan. None for empty text.
    """
    line = tidy(text)
    if not line:
        return None
    words = _words(line)
    if words[0] in ("i", "i'm", "i've", "i'll", "i'd", "im", "ive"):
        if words[0] in ("im", "ive"):
            line = {"im": "I'm", "ive": "I've"}[words[0]] + line[len(words[0]) :]
        return Clause(stop(line), "I")
    if words[0] in ("me", "my", "myself"):
        return Clause(stop(line), "I")
    future = _FUTURE.match(line)
    if future:
        rest = line[future.end() :]
        return Clause(stop(f"I'll {rest}" if rest else line), "will")
    lead = lower_first(line)
    verb = words[_verb_index(words)]
    if _is_gerund(verb):
        return Clause(stop(f"I'm {lead}"), "doing")
    if ahead and verb in _BASE_VERBS:
        return Clause(stop(f"I'll {lead}"), "will")
    if _is_past(verb) or verb == "already":
        return Clause(stop(f"I {_bare_done(lead)}"), "past")
    if plan and verb in _BASE_VERBS:
        return Clause(stop(f"I'll {lead}"), "will")
    return Clause(stop(line), "other")


def clauses(text: str, *, plan: bool = False, ahead: bool = False) -> list[Clause]:
    """Each part of `text` split at ";" or a full stop, as its own sentence."""
    parts = [_APOLOGY.sub("", p) for p in _CLAUSES.split(tidy(text))]
    parts = [p for p in parts if p.strip(" !.")]
    return [c for c in (clause(p, plan=plan, ahead=ahead) for p in parts) if c is not None]


def is_done(text: str) -> bool:
    """True when a repair says it is already done ("already reverted", "checkout works again")."""
    return bool(_DONE.search(text)) and not _FUTURE.match(tidy(text))


def lower_first(sentence: str) -> str:
    """The sentence with its first letter lowered, to follow "because" or "Sorry, "."""
    if sentence.startswith(("I ", "I'")) or not sentence[:1].isupper():
        return sentence
    first = sentence.split(" ", 1)[0]
    if first[1:] and not first[1:].islower():  # an acronym or a name in capitals: keep it
        return sentence
    return sentence[0].lower() + sentence[1:]


def as_impact(text: str) -> str:
    """The impact as a sentence: "checkout was down for 25 minutes" -> "It meant checkout was…",
    "broke checkout" -> "It broke checkout.", "it/this/that…" kept."""
    line = tidy(text)
    if not line:
        return ""
    words = _words(line)
    if words[0] in ("it", "it's", "this", "that", "i", "i'm", "i've", "we", "which"):
        if words[0] == "which":
            line = "It" + line[len("which") :]
        return stop(line)
    lead = lower_first(_capital(line))
    if _is_past(words[_verb_index(words)]) and words[0] not in _NEGATIONS:
        return stop(f"It {lead}")
    if _is_gerund(words[0]):
        return stop(f"It was {lead}")
    return stop(f"It meant {lead}")
