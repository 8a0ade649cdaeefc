"""Rules for softening the facts: hidden agents, minimising and conditional apologies."""

from __future__ import annotations

from bot.coach.rulebook.markers import OWNERSHIP
from bot.coach.rules import Rule

# A passive does not hide anyone when the sentence names who did it ("by me", "I ran ...")
# or says that nothing happened ("no data was deleted"), or reports a fix being sent.
_PASSIVE_VETOES: tuple[str, ...] = (
    *OWNERSHIP,
    r"<m>\s+(?:[\w'-]+\s+){0,3}?by\s+(?!mistake\b|accident\b|error\b|the\s+time\b)\w+",
    r"\b(?:no|nothing|none|not\s+a\s+single|zero|not\s+one)\s+(?:[\w'-]+\s+){0,2}?<m>",
    r"\b(?:nobody|no\s+one|never|didn't|wasn't)\s+(?:\w+\s+)?(?:told|warned|informed|tell|warn"
    r"|inform)\s+me\b",
    r"\b(?:duplicates?|typos?|spam|stray|extra|test)\s+(?:[\w'-]+\s+)?<m>",
    r"\b(?:correction|fix|apology|update|follow-?up|notice|refund|rollback|revert|patch)"
    r"\s+(?:[\w'-]+\s+)?<m>",
    # Undoing the harm is the repair, not the mistake: "the config was changed back".
    r"<m>\s+(?:back\b|(?:\w+\s+)?to\s+(?:the\s+|its\s+)?(?:old|previous|original|correct|right"
    r"|safe|earlier|last\s+good|known-?good)\b)",
)

# A passive's subject ("the config", "emails") belongs in the highlighted phrase.
_SUBJECT = (
    r"\b(?:the|a|an|our|my|your|their|his|her|its|some|all|these|those|this|two|both|several"
    r"|\d+)\s+(?:[\w'-]+\s+){0,2}|\b[\w'-]+\s+"
)

_HARMED = (
    r"(?:deleted|removed|dropped|wiped|erased|purged|overwritten|truncated|mis-?configured"
    r"|mislabell?ed|miscalculated|mistyped|misreported|changed|altered|modified|edited|broken"
    r"|disabled|turned\s+off|switched\s+off|shut\s+down|killed|leaked|exposed|skipped|missed"
    r"|overlooked|forgotten|ignored|double-?charged|overcharged|mixed\s+up|botched|messed\s+up"
    r"|screwed\s+up|revoked|corrupted|left\s+(?:open|on|running|public)|made\s+public)"
)

# Verbs that are only harmful with a cue such as "wrong" or "twice" nearby.
_DONE = (
    r"(?:sent(?:\s+out)?|emailed|mailed|deployed|pushed|merged|published|posted|shared|released"
    r"|shipped|rolled\s+out|uploaded|attached|run|executed|triggered|applied|approved|charged"
    r"|billed|invoiced|entered|typed|set|given|copied|included|scheduled|booked|cancell?ed"
    r"|forwarded|cc'd|printed|ordered|used|assigned|granted|invited|added|moved|renamed"
    r"|migrated|imported|exported|paid|issued)"
)
_WRONG_CUE = (
    r"(?:wrong(?:ly)?|incorrect(?:ly)?|twice|by\s+mistake|in\s+error|without|prematurely"
    r"|too\s+(?:early|soon)|mistakenly|accidentally"
    r"|before|ahead\s+of|unreviewed|untested|to\s+(?:everyone|everybody|all|the\s+whole|every)|instead)"
)

PASSIVE_RULES: tuple[Rule, ...] = (
    Rule(
        id="passive.mistakes_were_made",
        kind="passive",
        patterns=(
            r"\b(?:mistakes?|errors?|an?\s+(?:mistake|error|oversight|misstep|slip|mix-?up"
            r"|blunder)|some\s+(?:mistakes|errors)|oversights|missteps|(?:bad|wrong)\s+calls?)"
            r"\s+<be>\s+<adv>made\b",
            r"\b(?:mistake|mix-?up|oversight|slip-?up|blunder|screw-?up|misstep)"
            r"\s+(?:happened|occurred|took\s+place)\b",
        ),
        message="This hides who made the mistake, which is the first thing readers look for.",
        suggestion='Name yourself as the one who did it: "I made a mistake."',
        flags=("Mistakes were made during the release.", "A mix-up happened with the invoices."),
        passes=("I made a mistake during the release.", "Mistakes were made by me, not the team."),
        unless=_PASSIVE_VETOES,
    ),
    Rule(
        id="passive.hidden_agent",
        kind="passive",
        patterns=(
            r"\b<be>\s+<adv>" + _HARMED + r"\b",
            r"\b(?:wrong|incorrect|old|stale|outdated|unreviewed"
            r"|untested|broken|test|draft|internal|unfinished|half-finished|buggy)\s+"
            r"(?:[\w'-]+\s+){0,2}?<be>\s+<adv>" + _DONE + r"\b",
            r"\b<be>\s+<adv>" + _DONE + r"\b(?=[^.!?\n;]{0,60}?\b" + _WRONG_CUE + r"\b)",
            r"\b<be>\s+(?:accidentally|mistakenly|wrongly|incorrectly|inadvertently|prematurely"
            r"|erroneously)\s+\w+(?:ed|en|t)\b",
        ),
        message="The passive leaves out who did it, so it reads as if the harm happened by itself.",
        suggestion='Put yourself in as the subject: "I changed the config."',
        flags=(
            "The config was changed without review.",
            "Emails were sent to the wrong list.",
            "The wrong file got deployed.",
        ),
        passes=(
            "No data was lost.",
            "The service was down for 10 minutes.",
            "The table was deleted by me while testing.",
            "The wrong file got deployed when I ran the old script.",
            "The config was changed back to the old value.",
            "The setting was changed to the safe default an hour ago.",
        ),
        unless=_PASSIVE_VETOES,
        lead=_SUBJECT,
    ),
    Rule(
        id="passive.not_done",
        kind="passive",
        patterns=(
            r"\b<neg>\s+<adv>(?:tested|reviewed|checked|verified|validated|updated|noticed|caught"
            r"|backed\s+up|communicated|flagged|done|followed|approved|documented|monitored"
            r"|escalated|announced|double-?checked|proofread|proof-?read|signed\s+off)\b",
        ),
        message="Saying it was not checked, without saying by whom, hides your part in the gap.",
        suggestion='Say who skipped the step: "I didn\'t test the migration."',
        flags=("The migration wasn't tested before release.",),
        passes=("I didn't test the migration.", "The migration wasn't tested because I rushed it."),
        unless=_PASSIVE_VETOES,
        lead=_SUBJECT,
    ),
)

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
            r"\b(?:it|this|that)(?:'s|\s+is|\s+was)\s+only\b",
            r"\b(?:it|this|that)\s+only\s+(?:took|lasted|cost|affected|hit|ran)\b",
            r"\b(?:(?:small|tiny|minor|little|brief)\s+)?(?:hiccup|blip|oopsie|whoopsie)\b",
        ),
        message="Sizing the harm down for the reader suggests they are overreacting.",
        suggestion='State the impact plainly and let readers judge: "40 customers were affected."',
        flags=("It was only a small issue.", "Just a few customers saw it."),
        passes=("I only noticed it this morning.", "Forty customers saw the wrong price."),
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

CONDITIONAL_RULES: tuple[Rule, ...] = (
    Rule(
        id="conditional.sorry_if",
        kind="conditional_apology",
        patterns=(
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
