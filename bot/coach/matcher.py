"""Runs the rule table and the model over a text and turns what they find into findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from bot.coach.findings import KINDS, Finding
from bot.coach.index import Span, build_index, key_finder, run, words
from bot.coach.language import reads_english
from bot.coach.model import model_findings
from bot.coach.rulebook import RULES
from bot.coach.rulebook.vetoes import compiled_vetoes
from bot.coach.rules import CompiledRule, compile_rule
from bot.coach.sentences import Sentences

# Curly quotes become straight ones, one character for one, so spans stay valid in the input.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
# A point between digits ("4.5%", "v2.31", "10.30") ends no sentence; rules scan a sentence
# with "[^.!?]", so it is read as a one-dot leader, which keeps every offset.
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_TRIM = " \t\r\n,;:-"
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}

COMPILED: tuple[CompiledRule, ...] = tuple(compile_rule(rule) for rule in RULES)
# "absent" rules only need to know whether anything matches, so they run apart and stop early.
_PHRASES = build_index((n, c) for n, c in enumerate(COMPILED) if c.rule.mode != "absent")
_ABSENT = [build_index([(n, c)]) for n, c in enumerate(COMPILED) if c.rule.mode == "absent"]
_FINDER = key_finder(frozenset(_PHRASES).union(*_ABSENT))
# The model's signal that answers a whole-message check when the rules found none.
_ABSENT_SIGNAL = {"missing.repair": "repair", "missing.responsibility": "ownership"}
# Findings that count only in a message that never owns the mistake (Rule.unowned_only).
_UNOWNED_ONLY = frozenset(rule.id for rule in RULES if rule.unowned_only)
_MODEL_VETOES = {kind: re.compile(src, re.IGNORECASE) for kind, src in compiled_vetoes().items()}


def warm() -> int:
    """Compile every rule regex now rather than at the first message that needs it (the app
    calls this on a background thread at start-up, so no one's first keystroke waits for it);
    returns how many regexes there are."""
    entries = [*_PHRASES.values(), *(e for index in _ABSENT for e in index.values())]
    for entry in entries:
        entry.get()
    return len(entries)


def _matches(text: str, sentences: Sentences) -> list[list[Span]]:
    """Every rule's (start, end) matches, in text order."""
    found: list[list[Span]] = [[] for _ in COMPILED]
    at = words(text, _FINDER)
    run(_PHRASES, text, at, found)
    if sentences.is_message():
        for index in _ABSENT:
            run(index, text, at, found, first_only=True)
    for n, compiled in enumerate(COMPILED):
        if compiled.anywhere is not None:  # patterns without a readable first word
            found[n].extend(
                m.span() for m in compiled.anywhere.finditer(text) if m.end() > m.start()
            )
            found[n].sort()
    return found


def _trimmed(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _vetoed(compiled: CompiledRule, sentences: Sentences, start: int, end: int) -> bool:
    """True when a veto pattern matches the sentence, with the match replaced by NUL."""
    if compiled.veto is None:
        return False
    text = sentences.text
    first, _ = sentences.around(start)
    _, last = sentences.around(end - 1)
    return compiled.veto.search(text[first:start] + "\x00" + text[end:last]) is not None


def _lead_start(compiled: CompiledRule, sentences: Sentences, start: int) -> int:
    """Where the span starts once the rule's lead words (e.g. a subject) are pulled in."""
    if compiled.lead is None:
        return start
    first, _ = sentences.around(start)
    lead = compiled.lead.search(sentences.text, first, start)
    return lead.start() if lead else start


def _spans(compiled: CompiledRule, matches: list[Span], sentences: Sentences) -> Iterator[Span]:
    rule, text = compiled.rule, sentences.text
    if rule.mode == "absent":
        if not matches and sentences.is_message():
            yield 0, 0
    elif rule.mode == "repeat":
        for i in range(rule.min_count - 1, len(matches)):
            start, end = matches[i]
            if end - matches[i - rule.min_count + 1][0] <= rule.window:
                yield _trimmed(text, start, end)
                return
    else:
        for start, end in matches:
            if _vetoed(compiled, sentences, start, end):
                continue
            lead = _lead_start(compiled, sentences, start)
            if lead < start or not rule.lead_required:
                yield _trimmed(text, lead, end)


def _without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by position and drop a finding that overlaps an earlier one of the same kind."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, _KIND_ORDER[f.kind]))
    reach: dict[str, int] = {}
    kept: list[Finding] = []
    for f in ordered:
        if f.kind in reach and (f.start < reach[f.kind] or f.start == f.end):
            continue
        reach[f.kind] = max(f.end, reach.get(f.kind, -1))
        kept.append(f)
    return kept


def _in_word(text: str, i: int) -> bool:
    """True when position `i` falls inside a word ("don|'t", "mis|-sent" and "mislea|ding")."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return True
    if after in "'-" and before.isalnum():
        return i + 1 < len(text) and text[i + 1].isalnum()
    return before in "'-" and after.isalnum() and i >= 2 and text[i - 2].isalnum()


def _whole_words(text: str, f: Finding) -> Finding:
    """`f` with its span widened to whole words, so a highlight never cuts a word in two."""
    start, end = f.start, f.end
    if start == end:
        return f
    while _in_word(text, start):
        start -= 1
    while _in_word(text, end):
        end += 1
    return f if (start, end) == (f.start, f.end) else replace(f, start=start, end=end)


# "has been deleted": in a message that owns the mistake, where things stand now (nearly always
# the repair), not a passive hiding who did it; without ownership it may hide it.
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have|'s|'ve)\s+(?:(?:now|all|already|also|since|both)\s+)?been\b", re.IGNORECASE
)


def _where_it_stands(text: str, f: Finding) -> bool:
    """True for a passive finding in the present perfect (see _PRESENT_PERFECT)."""
    return f.kind == "passive" and bool(_PRESENT_PERFECT.search(text, max(0, f.start - 12), f.end))


# The writer sets their own circumstances aside: "I was rushing, but that's no excuse",
# "the vendor was late, which isn't a justification". Said in the sentence or the one after,
# what came before is context they own, not an excuse or blame.
_DISCLAIMED = re.compile(
    r"\b(?:no|not|not\s+(?:an?|any|the)|isn't\s+an?|is\s+not\s+an?|wasn't\s+an?|never\s+an?)\s+"
    r"(?:real\s+|good\s+|valid\s+)?(?:excuse|reason|justification)\b"
    r"|\bnot\s+(?:trying\s+to\s+)?(?:excusing|justifying|making\s+excuses)\b"
    r"|\b(?:doesn't|does\s+not|didn't|won't)\s+(?:excuse|justify)\b"
    r"|\b(?:that's|that\s+is|that\s+was|it's|it\s+is|it\s+was)\s+not\s+why\b"
    # "..., but that's still on me", "but the list is my job", "but I should have checked".
    r"|\bbut\s+(?:that's|that\s+is|it's|it\s+is|this\s+is|the\s+[\w-]+\s+is)\s+(?:still\s+)?"
    r"(?:on\s+me|my\s+(?:job|responsibility|fault|mistake|call)|mine)\b"
    r"|\bbut\s+(?:i\s+)?(?:should(?:'ve|\s+have)|still\s+should)\b|\bbut\s+the\s+(?:real\s+)?reason\b"
    # "That's on me", "..., which is on me", "doesn't change that", "not anyone's problem but
    # mine".
    r"|\b(?:that's|thats|that\s+is|that\s+was|it's|it\s+is|this\s+is|which\s+is|which\s+was"
    r"|which's)\s+(?:still\s+|entirely\s+|all\s+|totally\s+|100%\s+)?on\s+me\b"
    r"|\b(?:doesn't|does\s+not|didn't|did\s+not)\s+change\s+(?:that|the\s+fact|anything)\b"
    r"|\bnot\s+(?:on\s+)?(?:anyone|anybody)(?:'s\s+\w+)?\s+but\s+(?:me|mine)\b"
    # "and I still shouldn't have", "but I shouldn't have been".
    r"|\b(?:and|but)\s+(?:i\s+)?(?:still\s+)?(?:shouldn't|should\s+not|should\s+never)"
    r"(?:'ve|\s+have)\b"
    # The other party cleared by name: "not her fault at all", "which wasn't his fault",
    # "through no fault of theirs", "my oversight, not theirs".
    r"|(?:\bnot|n't)\s+(?:his|her|their|theirs|hers|[a-z]+'s)\s+(?:fault|mistake|error|doing)\b"
    r"|\bno\s+fault\s+of\s+(?:theirs|his|hers|yours|their\s+own|his\s+own|her\s+own)\b"
    # "Review didn't catch it, but I'm the one who wrote it"; "not Premiere's job, it's mine".
    r"|\bbut\s+(?:i'm|i\s+am)\s+the\s+one\b|\b(?:it's|it\s+is|that's)\s+mine\b"
    r"|\b(?:mine|my\s+(?:mistake|error|fault|oversight|doing|miss)),?\s+not\s+(?:theirs|hers|his"
    r"|yours|the\s+[\w-]+'s|[a-z]+'s)\b"
    r"|\b(?:no\s*one's|nobody's)\s+fault\s+but\s+mine\b",
    re.IGNORECASE,
)
_BUT = re.compile(r"\b(?:but|though|although|however|except)\b", re.IGNORECASE)
# "I'll wait for the second source even under pressure": a resolve, not an excuse.
_EVEN = re.compile(r"\beven\s+(?:when\s+|if\s+|while\s+|though\s+)?(?:i'm\s+|i\s+am\s+)?\Z", re.I)


def _disclaimed(sentences: Sentences, f: Finding) -> bool:
    """True for an excuse or blame the writer disclaims in its sentence or the next
    (_DISCLAIMED), or makes a resolve of ("even under pressure")."""
    if f.kind not in ("excuse", "blame") or f.start == f.end:
        return False
    start, end = sentences.around(f.start)
    following = sentences.around(end)
    if _EVEN.search(sentences.text, start, f.start):
        return True
    text = sentences.text
    return any(
        # "That's on me, but the partner moved the date": a "but" after the disclaimer, in
        # the finding's sentence, brings the excuse or blame back.
        not _BUT.search(text, m.end(), f.start if m.end() <= f.start else end)
        for m in _DISCLAIMED.finditer(text, start, max(end, following[1]))
    )


# "only 9 orders used it", "it only affected lift 2": a count, told plainly, is the impact.
_COUNTED = re.compile(
    r"\b(?:only|just)\s+(?:about\s+|around\s+|~)?\d|\bonly\s+(?:affected|hit|impacted)\b"
    r"|\b(?:it's|it\s+is|it\s+was|it\s+only|that's)\s+only\s+(?:the|those|these|that|this)\b",
    re.IGNORECASE,
)
# ...unless the message also waves it away: "only 3 people saw it, no big deal tbh", "it's
# only 20 min, happens", or defends itself elsewhere (an excuse, blame, "sorry if").
_WAVED = re.compile(
    r"\b(?:tbh|tbf|honestly|anyway|lol|lmao|nbd|no\s+biggie|big\s+deal|probably|barely|hardly|minor"
    r"|tiny|small|little|fine|nobody|no\s+one|noone|notice[sd]?|relax|chill|basically|worry"
    r"|whatev\w*|meh|so\s+(?:it's|not)|not\s+(?:a|that|too|so|like|much|many)|nothing|mostly"
    r"|luckily|though|happens|doubt|won't|wont|shouldn't|crisis|fuss|minds?|bother\w*|eventually"
    r"|catch\s+(?:it\s+)?up|wash\s+out|grand\s+scheme|end\s+of\s+the\s+day)\b"
    r"|:\)|😅|🤷|😂|🙃",
    re.IGNORECASE,
)
_DEFENSIVE = frozenset({"excuse", "blame", "conditional_apology", "passive"})


def _counted_scope(sentences: Sentences, f: Finding) -> bool:
    """True for a minimising finding in a sentence that states a counted scope plainly."""
    if f.kind != "minimizing":
        return False
    start, end = sentences.around(f.start)
    return bool(_COUNTED.search(sentences.text, start, end))


def review(text: str, *, model: bool = True) -> list[Finding]:
    """Every finding for `text`, sorted by start; whole-message findings have span 0..0.

    Rules find their phrases; the model (unless `model` is False, for comparisons) then flags
    whole sentences for the kinds no rule found there. Every span is widened to whole words
    here, in one place.
    """
    if not text or not text.strip():
        return []
    folded = text.translate(_FOLD)
    sentences = Sentences(_DECIMAL.sub("\u2024", folded))
    found = [
        Finding(c.rule.kind, start, end, c.rule.message, c.rule.suggestion, c.rule.id)
        for c, matches in zip(COMPILED, _matches(sentences.text, sentences), strict=True)
        for start, end in _spans(c, matches, sentences)
    ]
    reading = None
    if model:
        # The model reads the points as it was trained on them; offsets are the same.
        # A finding kept only without ownership must not stop the model flagging its sentence.
        taken = [f for f in found if f.rule not in _UNOWNED_ONLY]
        reading = model_findings(folded, sentences.spans, taken, _MODEL_VETOES)
        # A message lacks repair (or ownership) only if neither rules nor model read one.
        found = [f for f in found if _ABSENT_SIGNAL.get(f.rule) not in reading.signals]
        found += reading.findings
    if any(f.kind == "missing_responsibility" and not f.whole_text for f in found):
        # "Not my fault" says why better than "the message never says what you did".
        found = [f for f in found if not (f.kind == "missing_responsibility" and f.whole_text)]
    elif not any(f.kind == "missing_responsibility" for f in found):
        found = [f for f in found if f.rule not in _UNOWNED_ONLY]
        # The writer owns it elsewhere: a passive that tells where things stand, or that the
        # model reads as far from hiding a doer, is the impact or the repair.
        found = [
            f
            for f in found
            if not _where_it_stands(sentences.text, f) and not (reading and reading.doubts(f))
        ]
    found = [f for f in found if not _disclaimed(sentences, f)]
    # A counted scope is the impact in a message that defends nothing and waves nothing away.
    if not any(f.kind in _DEFENSIVE for f in found) and not _WAVED.search(sentences.text):
        found = [f for f in found if not _counted_scope(sentences, f)]
    return _without_overlaps(_whole_words(sentences.text, f) for f in found)


def review_message(text: str, *, model: bool = True) -> list[Finding]:
    """What the coach says of a message as the product shows it: `review(text)`, or nothing
    for text it cannot read (bot/coach/language.py; the coach block says so instead)."""
    return review(text, model=model) if reads_english(text) else []
