"""Rules for softening the facts: minimising and conditional apologies."""

from __future__ import annotations

from bot.coach.rules import Rule

MINIMIZING_RULES: tuple[Rule, ...] = (
    Rule(
        id="minimizing.only_small",
        kind="minimizing",
        patterns=(
            r"\b(?:only|just|merely)\s+(?:a|an)\s+(?:(?:very|really|tiny)\s+)?(?:small|minor|tiny"
            r"|little|slight|cosmetic|harmless|trivial|wee)\b(?:\s+[\w-]+)?",
            r"\b(?:only|just|merely)\s+(?:a|an)\s+(?:typo|blip|glitch|hiccup|one-off|formatting\s+thing"
            r"|test\s+email|rounding\s+error|misunderstanding|couple|few|handful)\b",
            r"\b(?:only|just|merely|barely|hardly)\s+(?:a\s+(?:few|couple(?:\s+of)?|handful\s+of)"
            r"|one\s+or\s+two|two\s+or\s+three|\d+|one|two|three|four|five|six|seven|eight|nine|ten"
            r"|some)\s+(?:[\w-]+\s+){0,2}?(?:customers?|users?|people|clients?|accounts?|orders?"
            r"|records?|rows?|emails?|minutes?|seconds?|hours?|folks|of\s+(?:them|us|you))\b",
            r"\bonly\s+(?:affected|hit|impacted|reached)\s+(?:a|an|\d+|one|two|three|some|the)\b",
            # Not a correction of scope or time: "it's only closed on Tuesday".
            r"\b(?:it|this|that)(?:'s|\s+is|\s+was)\s+only\b(?!\s+(?:open|closed|available|valid"
            r"|due|needed|required|used|meant|sold|shown|visible|on\s+(?:mon|tues|wednes|thurs|fri"
            r"|satur|sun)day|from|until|after|before)\b)",
            r"\b(?:it|this|that)\s+only\s+(?:took|lasted|cost|affected|hit|ran)\b",
            r"\b(?:(?:small|tiny|minor|little|brief)\s+)?(?:hiccup|blip|oopsie|whoopsie)\b",
        ),
        message="Sizing the harm down for the reader suggests they are overreacting.",
        suggestion='State the impact plainly and let readers judge: "40 customers were affected."',
        flags=("It was only a small issue.", "Just a few customers saw it."),
        passes=(
            "I only noticed it this morning.",
            "Forty customers saw the wrong price.",
            "I said the lab shuts Monday; it's only closed on Wednesday.",
            "That voucher is only valid in the Porto store, the email said all stores.",
        ),
    ),
    Rule(
        id="minimizing.no_big_deal",
        kind="minimizing",
        patterns=(
            r"\b(?:not|isn't|wasn't|no)\s+(?:such\s+|that\s+|too\s+|really\s+)?(?:a\s+)?(?:big|huge"
            r"|massive|major|real|serious)\s+(?:deal|issue|problem|thing|drama)\b",
            r"\bnothing\s+(?:major|serious|big|dramatic|too\s+bad|to\s+worry\s+about)\b",
            r"\bno\s+(?:real\s+)?(?:harm|damage)\s+(?:done|caused)\b|\bno\s+harm,?\s+no\s+foul\b",
            r"\bnot\s+(?:that|too|so)\s+bad\b|\bcould(?:'ve|\s+have)\s+been\s+(?:a\s+lot\s+|much\s+"
            r"|way\s+|far\s+)?worse\b|\bnot\s+the\s+end\s+of\s+the\s+world\b",
            r"\b(?:these\s+things|things\s+like\s+this|mistakes|stuff|it)\s+happens?(?=\s*(?:[.!,;)]"
            r"|$|\s+to\s+(?:the\s+best|everyone|all\s+of\s+us)))",
            r"\b(?:hardly|barely)\s+(?:anyone|anybody)\s+(?:\w+\s+)?(?:noticed|saw|will\s+notice)\b"
            r"|\b(?:nobody|no\s+one)\s+(?:really|even|probably)\s+noticed\b|\bbarely\s+noticeable\b",
            r"\b(?:nobody|no\s+one)\s+(?:will|would)\s+(?:even\s+)?notice\b",
            r"\bno\s+need\s+to\s+(?:worry|panic|stress)\b|\bstorm\s+in\s+a\s+teacup\b"
            r"|\b(?:blown|blowing)\s+(?:it\s+|this\s+)?out\s+of\s+proportion\b|\btechnically\b",
        ),
        message="Telling readers it is no big deal decides for them how much it mattered.",
        suggestion="Drop the verdict and describe what happened and who it affected.",
        flags=("It's not a big deal, but I wanted to flag it.", "No harm done in the end."),
        passes=(
            "I know this was a big deal for the support team.",
            "It happened after the deploy.",
        ),
    ),
)

# An apology in any of its forms, and the same as the main clause after a condition.
_APOLOGY = r"(?:sorry|apologi[sz]e[sd]?|apologies|apology|my\s+bad|regret(?:s|ted)?)"
_APOLOGY_CLAUSE = (
    r"(?:then\s+)?(?:(?:i'm|im|i\s+am|we're|we\s+are)\s+)?(?:(?:so|really|very|truly|deeply)\s+)?"
    r"(?:(?:please\s+)?accept\s+(?:my|our)\s+)?(?:sorry|(?:my\s+|our\s+)?apologies"
    r"|(?:i|we)\s+apologi[sz]e|my\s+bad)\b"
)
# Harm spoken of as possible: "for any inconvenience", "for any confusion caused".
_ANY_HARM = (
    r"any\s+(?:\w+\s+)?(?:inconvenience|confusion|trouble|disruption|issues?|problems?|upset"
    r"|frustration|hassle|stress|worry|concern|misunderstanding|offen[cs]e|harm|impact|delays?"
    r"|noise|disturbance|difficult(?:y|ies)|annoyance|distress|damage)"
)

CONDITIONAL_RULES: tuple[Rule, ...] = (
    Rule(
        id="conditional.sorry_if",
        kind="conditional_apology",
        patterns=(
            # Apology first: "sorry if ...", "my bad if ...", "apologies for the mix-up if ...".
            r"\b" + _APOLOGY + r"(?:\s+(?:to\s+\w+|for|about)\s+[^.!?\n;,]{0,40}?)?\s+"
            r"(?:if|whether)\b[^.!?\n;,]{1,60}",
            # Condition first: "if anyone was affected, sorry"; "should anyone ..., apologies".
            r"\b(?:if|whether|should\s+(?:anyone|anybody|you|this|it|any))\s[^.!?\n;]{1,80}?"
            r"(?:[,\u2014\u2013-]\s*|\s+(?=(?:i|we)\s+apologi))" + _APOLOGY_CLAUSE,
            r"\b" + _APOLOGY + r"\s+(?:for|about)\s+" + _ANY_HARM + r"\b",
            r"\b"
            + _APOLOGY
            + r"\s+to\s+(?:all\s+)?(?:those|anyone|anybody|whoever)\s+(?:who|that)\b"
            r"[^.!?\n;,]{0,60}",
            r"\b<sorry>\s+(?:for\s+any\s+\w+\s+)?if\s+[^.!?\n;,]{1,60}",
            r"\b<sorry>\s+to\s+(?:whoever|anyone\s+(?:who|that)|anybody\s+(?:who|that)|those\s+who"
            r"\s+(?:may|might|felt|feel))[^.!?\n;,]{0,60}",
            r"\bto\s+(?:whoever|anyone\s+who|anybody\s+who)\s+(?:was|were|may\s+have\s+been"
            r"|might\s+have\s+been|got|felt)\s+(?:\w+\s+)?(?:inconvenienced|affected|impacted"
            r"|bothered|upset|offended|confused)\b",
            r"\bif\s+(?:anyone|anybody|someone|any\s+of\s+you|you|people|any\s+customers?"
            r"|any\s+users?)\s+(?:was|were|got|felt|has\s+been|have\s+been|may\s+have\s+been"
            r"|might\s+have\s+been)\s+(?:\w+\s+)?(?:affected|inconvenienced|impacted|bothered|upset"
            r"|offended|confused|hurt)[^.!?\n]{0,20}?<sorry>",
            r"\bif\s+(?:this|that|it|my\s+\w+)\s+(?:has\s+|may\s+have\s+|might\s+have\s+)?(?:caused"
            r"|created|led\s+to)\s+(?:any|some)\b[^.!?\n]{0,40}?<sorry>",
            r"\bany\s+(?:inconvenience|confusion|trouble|disruption|issues?|problems?|upset)\s+"
            r"(?:this|that|it|i)?\s*(?:may|might|could)\s+have\s+caused\b",
            r"\bif\s+any\s+(?:inconvenience|confusion|offen[cs]e|harm|trouble)\s+was\s+caused\b",
        ),
        message='An apology on "if" doubts anyone was hurt, so it apologises for nothing.',
        suggestion='Apologise for what happened: "I\'m sorry I sent the wrong figures."',
        flags=(
            "Sorry if anyone was affected.",
            "I apologise for any confusion this may have caused.",
        ),
        passes=(
            "I'm sorry I sent the wrong figures.",
            "If you were affected, reply and I'll help.",
        ),
    ),
    Rule(
        id="conditional.your_feelings",
        kind="conditional_apology",
        patterns=(
            r"\b<sorry>\s+(?:that\s+)?you\s+(?:feel|felt|took\s+it|take\s+it|see\s+it|saw\s+it"
            r"|were\s+offended|are\s+offended|are\s+upset|got\s+upset"
            r"|found\s+(?:it|this|that|the\s+\w+|my\s+\w+))\b[^.!?\n;,]{0,30}",
        ),
        message="Apologising for how someone feels blames their reaction, not your action.",
        suggestion='Name what you did that caused it: "I\'m sorry I dismissed your concern."',
        flags=("I'm sorry you feel that way.",),
        passes=("I'm sorry you were left waiting.",),
    ),
)
