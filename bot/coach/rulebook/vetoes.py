"""Sentence shapes where a rule knows better than the model: its finding there is dropped.

The model reads n-grams, so "if I had checked ... I'd have caught it" looks like the excuse
"if I hadn't been pulled in ... I'd have caught it", and "was sent by <@U1>" like a passive
that hides its doer. These patterns are searched in the whole sentence the model flagged.
"""

from __future__ import annotations

from bot.coach.rulebook.defensive import OWN_CARE
from bot.coach.rules import expand

# "if I had read", "if i'd been more careful", "had I run": the writer as the one who could
# have done otherwise, which owns the mistake. Not "if I'd known", "if I'd had more time" or
# "if I hadn't been pulled in": those stay excuses.
_IF_I_HAD_DONE = (
    r"\b(?:if\s+i(?:'d|\s+had|d)|had\s+i)\s+<adv>(?:been\s+" + OWN_CARE + r"|(?!(?:been|known"
    r"|had|have|got|gotten|received|realised|realized|understood|heard|not|never|no)\b)[a-z]+\b"
    r"(?!n't))"
)
# "I could have avoided this by ...", "wouldn't have happened if I'd ...".
_I_COULD_HAVE = (
    r"\b(?:i|it|this|that)\s+(?:could|would|might)(?:n't|\s+not)?(?:'ve|\s+have)\s+"
    r"(?:been\s+)?(?:avoided|prevented|caught|happened)\s+(?:\w+\s+)?(?:if|had|by)\s+"
    r"(?:i\b|i'd\b|me\b|my\b|reading|checking|asking|testing|running)"
)
# A passive whose doer is named: "sent by <@U1>", "approved by Dana", "written by me".
_BY_NAMED = (
    r"\b(?:was|were|got|been)\s+<adv>[a-z]+(?:ed|en|t|wn|ne)\s+(?:[\w'-]+\s+){0,3}?by\s+"
    r"(?:<@|@|me\b|myself\b|us\b|(?:the|our|my|their)\s+[\w-]+|(?-i:[A-Z][a-z]+))"
)

# Reassurance that nothing happened: "no data was exposed", "none of the orders were lost".
_NOTHING_WAS = (
    r"\b(?:no|nothing|none|nobody|no\s+one|not\s+a\s+single|zero|not\s+one|neither)\s+"
    r"(?:[\w'-]+\s+){0,4}?(?:was|were|got|has\s+been|have\s+been|had\s+been)\s"
)

# Credit to whoever caught the mistake: "it was caught by the night nurse", "kudos to <@U1>".
# Not "thanks to": "thanks to their change, the job broke" is blame.
_CREDIT = (
    r"\b(?:thank\s+you|kudos|shout-?out|(?:caught|spotted|flagged|noticed|picked\s+up)\s+"
    r"(?:[\w'-]+\s+){0,2}?by)\b"
)

MODEL_VETOES: dict[str, tuple[str, ...]] = {
    "blame": (_CREDIT,),
    "excuse": (_IF_I_HAD_DONE, _I_COULD_HAVE),
    "passive": (_BY_NAMED, _NOTHING_WAS),
}


def compiled_vetoes() -> dict[str, str]:
    """Each kind's veto patterns joined into one regex source, macros expanded."""
    return {
        kind: "|".join(f"(?:{expand(p)})" for p in patterns)
        for kind, patterns in MODEL_VETOES.items()
    }
