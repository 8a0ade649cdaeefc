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
            # Not a correction of scope or time: "it's only closed on Tuesday", "I wrote XLSX,
            # but it's only CSV".
            r"(?<!but\s)\b(?:it|this|that)(?:'s|\s+is|\s+was)\s+only\b(?!\s+(?:open|closed|available|valid"
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
            "I wrote that it supports XLSX, but it's only CSV.",
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
            # Sized down by comparison: "nowhere near as bad as last month's outage", "we've had
            # way worse", "in the scheme of things", "hardly the crime of the century".
            r"\bnowhere\s+near\s+as\s+bad\b|\b(?:we've|we\s+have|i've|we'd|i'd)\s+had\s+(?:way\s+"
            r"|much\s+|far\s+)?worse\b|\bcompared\s+(?:to|with)\s+(?:the\s+)?(?:actual|real|last)\b"
            r"|\bin\s+the\s+(?:grand\s+)?scheme\s+of\s+things\b|\bto\s+put\s+it\s+in\s+perspective\b"
            r"|\bcrime\s+of\s+the\s+century\b|\bnot\s+the\s+end\s+of\s+days\b|\bwho\s+cares\b"
            r"|\bsilver\s+linings?\b",
        ),
        message="Telling readers it is no big deal decides for them how much it mattered.",
        suggestion="Drop the verdict and describe what happened and who it affected.",
        flags=(
            "It's not a big deal, but I wanted to flag it.",
            "No harm done in the end.",
            "Nowhere near as bad as the payment outage last month, so don't panic.",
            "In the scheme of things it's pennies per claim.",
            "it's a rough cut so who cares, i'll redo it tonight",
        ),
        passes=(
            "I know this was a big deal for the support team.",
            "It happened after the deploy.",
            "Compared with what we agreed, I delivered the translation two days late.",
        ),
    ),
    Rule(
        id="minimizing.verdict_on_harm",
        kind="minimizing",
        patterns=(
            # "Minor wording issue", "small thing —", "a minor administrative slip"
            r"\b(?:minor|small|tiny|little|trivial)\s+(?:[\w-]+\s+)?(?:issue|thing|slip|error"
            r"|detail|stuff|glitch|oversight|mix-?up|problem|mistake|snag|matter)\b",
            # "not too serious", "not material", "shouldn't matter much", "nothing too sensitive"
            r"\b(?:not|wasn't|isn't|nothing)\s+(?:too|that|so|very|really|particularly|hugely)"
            r"\s+(?:serious|important|sensitive|significant|bad|harmful|critical|disruptive"
            r"|noticeable|visible|urgent)\b",
            r"\bnot\s+material\b",
            r"\b(?:shouldn't|should\s+not|won't|wouldn't|doesn't|didn't)\s+(?:really\s+)?"
            r"(?:matter|affect\s+(?:anyone|anybody|much)|make\s+(?:much|a\s+big)\s+difference)"
            r"(?:\s+(?:much|too\s+much|a\s+lot|to\s+(?:anyone|most)))?\b",
            r"\bprobably\s+(?:won't|will\s+not|didn't|did\s+not)\s+(?:confuse|affect|bother"
            r"|matter|hurt|notice)\b",
            r"\bshouldn't\s+have\s+been\s+more\s+than\b",
            # "they didn't seem too bothered", "didn't seem to care much"
            r"\b(?:didn't|did\s+not|don't|doesn't)\s+seem\s+(?:(?:too|that|very|at\s+all)\s+)?"
            r"(?:bothered|fussed|worried|upset|to\s+(?:care|mind|notice))\b",
            r"\bi\s+don't\s+think\s+(?:most|many|anyone|anybody|people|they|customers)\s+"
            r"(?:\w+\s+)?(?:picked\s+up|noticed|saw|cared|minded|will\s+notice|were\s+affected)\b",
            # "impact was pretty marginal", "Impact was very less"
            r"\b(?:the\s+)?(?:impact|damage|effect|harm)\s+(?:was|is|has\s+been)\s+(?:pretty|very"
            r"|fairly|quite|really|super|extremely)?\s*(?:marginal|negligible|minimal|minor|tiny"
            r"|small|less|low|nothing)\b",
            r"\b(?:it|everything|things)\s+(?:all\s+)?worked\s+out\s+(?:fine|ok|okay|in\s+the\s+end)\b",
            r"\bat\s+least\s+(?:we|it|nobody|no\s+one|they|the\s+\w+)\s+(?:weren't|wasn't|didn't"
            r"|was|were|got|had|only)\b",
            r"\b(?:easy|simple)\s+fix\b",
            r"\b(?:throwaway|passing|offhand|off-hand)\s+(?:line|comment|remark)\b",
            r"\b(?:a\s+)?long\s+shot\s+anyway\b|\bvocal\s+minority\b",
            # "a couple of minutes max" (the duration is pulled in by `lead`)
            r"(?:(?<=mins\s)|(?<=utes\s)|(?<=secs\s)|(?<=onds\s)|(?<=min\s)|(?<=sec\s))(?:max|tops)\b",
            r"\bi\s+wouldn't\s+worry\b",
            r"\b(?:nobody|no\s+one|noone)(?:'s|\s+is)?\s+(?:really\s+)?(?:reads|uses|cares|looks"
            r"|waiting)\b",
            r"\bit's\s+(?:just|only)\s+(?:one|a\s+single)\s+[\w-]+\b",
        ),
        lead=r"(?:\d+|a\s+couple\s+of|a\s+few)\s*(?:mins?|minutes?|secs?|seconds?)\s+",
        message="Judging the harm for your readers tells them how much it should matter to them.",
        suggestion='Say what happened and to whom, and let them judge: "12 letters had the '
        'wrong date."',
        flags=(
            "Minor wording issue, but I apologise.",
            "It was not too serious, customers paid by transfer.",
            "Honestly they didn't seem too bothered.",
            "Impact was pretty marginal, like a 0.5% dip.",
            "Quick restart, a couple of minutes max.",
        ),
        passes=(
            "The impact was limited to the EU region.",
            "I fixed a small typo in the invoice template that I had introduced.",
            "At least 40 customers were charged twice.",
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
            # Apology first: "sorry if ...", "my bad if ...", "apologies for the mix-up if ..."; not
            # over a dash ("sorry for the mix-up — if you need the old file, ping me").
            r"\b" + _APOLOGY + r"(?:\s+(?:to\s+\w+|for|about)\s+[^.!?\n;,\u2014\u2013]{0,40}?)?\s+"
            r"(?:if|whether)\b[^.!?\n;,]{1,60}",
            # Condition first: "if anyone was affected, sorry"; "should anyone ..., apologies".
            # The condition holds no comma or dash: past one it has its own main clause ("if
            # you were one of the 9, please resubmit, sorry"), and the apology stands alone.
            r"\b(?:if|whether|should\s+(?:anyone|anybody|you|this|it|any))\s[^.!?\n;,\u2014\u2013]{1,80}?"
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
            "If you had to redo the figures, sorry.",
            "Should anyone have been affected by the delay — apologies.",
        ),
        passes=(
            "I'm sorry I sent the wrong figures.",
            "If you were affected, reply and I'll help.",
            "If you were one of the 9, please resubmit, sorry for the hassle.",
            "If you rang 3341 and got the estates office, that's why — sorry.",
            "If your plot has a sign, I'll skip it from now on — sorry Ana!",
            "Sorry for the mix-up — if you need the old file, ping me.",
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
