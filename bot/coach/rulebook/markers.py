"""Signals that a message owns the mistake or offers repair; shared by several rules."""

from __future__ import annotations

from bot.coach.rulebook.participles import HARM_CUE, PARTICIPLE, REPAIRED

# Verbs in "-ed" that describe noticing, fixing or talking rather than doing the harm,
# so "I noticed" or "I fixed" does not count as owning the mistake.
_NOT_OWNING = (
    r"noticed|reali[sz]ed|discovered|learned|learnt|fixed|restored|reverted|corrected"
    r"|rolled\s+(?:it\s+|them\s+|this\s+|that\s+|everything\s+)?back"
    r"|contacted|reached|checked|confirmed|verified|asked|wanted|needed|tried|talked|called"
    r"|informed|notified|spotted|investigated|looked|traced|identified|patched|recovered"
    r"|rebuilt|apologi[sz]ed|reopened|unarchived|filed|hoped"
    r"|believed|expected|worked|started|escalated|paused|reran|resent|refunded|replaced|replied"
    r"|rescheduled|cleaned|was|were|had|did|am|got|felt|heard|saw|found|thought|knew|used|need|needed"
    # Following or trusting someone else's word tells whose the mistake was, not that it was
    # mine: "I followed the spec", "I assumed it had been checked".
    r"|followed|assumed|presumed|supposed|relied|trusted|inherited|went\s+(?:with|along|by)"
)

# Past tenses that, starting a clause with no subject, report what the writer did wrong.
_SUBJECT_DROPPED = (
    r"deleted|dropped|sent|put|left|ran|broke|forgot|gave|wrote|took|lost|hit|set|let|threw"
    r"|reset|shut|cut|overwrote|misread|mistook|picked|killed|loaded|pushed|wiped|restarted"
    r"|merged|deployed|shipped|approved|booked|double-?booked|overbooked|scheduled|posted"
    r"|published|uploaded|attached|cancel+ed|removed|disabled|changed|renamed|moved|copied"
    r"|pasted|typed|entered|mislabel+ed|mixed|swapped|ordered|charged|billed|paid|invoiced"
    r"|printed|filed|signed|submitted|closed|archived|imported|exported|migrated|truncated"
    r"|purged|flushed|rebooted|unplugged|stopped|skipped|missed|miscounted|misspel+ed|misspelt"
    r"|miscalculated|rounded|installed|turned|switched|flipped|forwarded|replied|cc'?d|bcc'?d"
    r"|tagged|assigned|released|promoted|ran|kicked|triggered|fired|started|overrode|deactivated"
    r"|dispatched|packed|labelled|labeled|rostered|sold|quoted|promised|told|emailed"
    r"|shared|invited|added|linked|included|handed|issued|listed|applied|configured"
)

# The writer handing the mistake back: "not my fault", "that's not our problem". Blame (the
# mistake put on others) and missing responsibility (owned by no one) both read these words.
NOT_MINE = (
    r"\b(?:not|isn't|wasn't|isnt|wasnt)\s+(?:(?:really|entirely|all|totally|completely|wholly"
    r"|solely|just|exactly|fully|100%)\s+)?(?:my|our)\s+fault\b",
    # Not "it wasn't my call to make": overstepping, owned.
    r"\b(?:not|isn't|wasn't)\s+(?:really\s+)?(?:my|our)\s+(?:job|call|area|responsibility"
    r"|department|problem|remit|issue|mistake|doing)\b(?!\s+to\s+make)",
)

# Quoting the words, not denying them: "I won't pretend it wasn't my fault", "I'm not saying it
# wasn't my fault". Vetoes the rules that read NOT_MINE.
QUOTED_DENIAL = (
    r"\b(?:won't|will\s+not|not\s+going\s+to|can't|cannot|couldn't|never|no\s+point)"
    r"\s+(?:\w+\s+){0,2}?(?:say|pretend|claim|argue|tell\s+you|hide\s+behind)\b",
    r"\bnot\s+(?:saying|pretending|claiming|arguing)\b",
)

# A slip put right in the same breath: "Sorry, wrong channel!", "ignore that, wrong thread".
# It owns the slip and is its own fix, so it counts as both ownership and repair.
TRIVIAL: tuple[str, ...] = (
    # Not "handed to the wrong room": with an article it is the slip told, not waved off.
    r"\b(?<!the\s)wrong\s+(?:channel|thread|chat|dm|convo|conversation|window|tab|room|workspace"
    r"|slack)\b",
    r"\b(?:please\s+)?(?:ignore|disregard)\s+(?:that|this|my|the\s+(?:last|previous|above))\b",
    r"\bre-?posting\b|\bmeant\s+(?:that\s+|this\s+)?for\s+(?:another|a\s+different)\b",
)

# Words that own the mistake without making the writer the doer of any clause: "my bad",
# "that was me", "on me", "mine". Tagged onto a passive ("the wrong SKU was keyed, my bad")
# they own it, but the passive still tells the slip as if no one did it.
OWNING_WORDS: tuple[str, ...] = (
    # The slip named bare as the message opens, as a correction: "wrong file sorry - final one
    # attached", "Wrong photo, this is the right one"; not "the wrong file was sent".
    r"(?:^|(?<=[.!?\n]\s)|(?<=^oops\s)|(?<=^sorry\s)|(?<=^sorry,\s)|(?<=^oops,\s)|(?<=^ugh\s)"
    r"|(?<=^argh\s))\bwrong\s+(?:file|photo|pic|picture|image|attachment|link|version|doc|deck|gif"
    r"|screenshot|pdf|sheet|emoji|group)\b"
    r"(?!(?:(?![.!?,;\n\u2014\u2013]|\s-\s).){0,40}?\b(?:was|were|went|got|is|has|had)\s)",
    r"\b(?:my|our)\s+(?:own\s+)?(?:mistake|fault|error|bad|oversight|slip|slip-?up|mix-?up"
    r"|typo|responsibility|doing|screw-?up|mess|miss|blunder|carelessness|misreading|change"
    r"|script|commit|query|deploy|push|edit|code|migration|email|message|invite|update"
    r"|config|formula|spreadsheet|part|call|merge|pr|branch|release|rollout|job|cron|rule"
    r"|entry|upload|export|import|booking|order|setting|decision|goof|fumble|bad\s+call"
    r"|misclick|fat-?finger|oops|roster|rota)\b",
    # "the pallet that fell was me", "yep, was me"; not "it wasn't me", "it was me who spotted".
    r"(?<!n't\s)(?<!not\s)\bwas\s+(?:(?:all|totally|entirely|definitely|100%)\s+)?me\b"
    r"(?!\s+who\s+(?:noticed|spotted|found|caught|flagged|reported|raised))",
    # Not "it's not really on me".
    r"\b(?:(?<!not\s)(?<!n't\s)(?<!really\s)on\s+me|that\s+was\s+me|it\s+was\s+me|this\s+was\s+me"
    r"|mea\s+culpa)\b",
    r"\bi\s+(?:take|accept|own|bear)\s+(?:full\s+|complete\s+|total\s+)?"
    r"(?:responsibility|the\s+blame|this|it|that|the\s+mistake)\b",
    # "I'll own that", "I'll take the hit for it", "hands up, that was me", "my b".
    r"\bi(?:'ll|\s+will|\s+have\s+to|\s+need\s+to|\s+must)\s+(?:own|take|accept|bear)\s+"
    r"(?:full\s+)?(?:this|that|it|the\s+hit|that\s+one|this\s+one|responsibility|the\s+blame"
    r"|the\s+mistake)\b|\bi(?:'ll|\s+will)\s+own\s+(?:the|my|not)\b",
    r"\b(?:put|putting|hold|holding|got|have)\s+my\s+hands?\s+up\b|\bmy\s+b\b",
    r"\b<im>\s+(?:fully\s+|entirely\s+|completely\s+)?(?:responsible|to\s+blame|at\s+fault"
    r"|the\s+one\s+who)\b",
    r"\b(?:mistake|error|fault|lapse|oversight|miss)\s+(?:is\s+|was\s+)?(?:entirely\s+|completely\s+"
    r"|only\s+|fully\s+)?(?:from|on)\s+my\s+(?:side|end|part)\b",
    r"\b(?:was|is|were|one's|one\s+is|one\s+was)\s+(?:all\s+)?mine\b",
    # "wrong credit on the feature, mine, now fixed"; "the price was my copy".
    r"(?:(?<=[,;:\u2014\u2013-]\s)|^|(?<=^yes\s)|(?<=^yep\s)|(?<=^yeah\s)|(?<=that's\s)|(?<=thats\s))"
    r"mine\b(?=\s*(?:[,.;!\u2014\u2013-]|sorry|$))",
    # "my fault" in a few other languages, opening a message written in English.
    r"\b(?:moja\s+wina|mi\s+culpa|ma\s+faute|mein\s+fehler|minha\s+culpa|colpa\s+mia|fallo\s+m[ií]o"
    r"|error\s+m[ií]o)\b",
    r"\b(?:was|is|that's|that\s+was|it's|it\s+was)\s+(?:all\s+|entirely\s+)?my\s+(?:own\s+)?"
    r"(?:copy|story|piece|post|article|draft|text|wording|caption|headline|note|figures|numbers"
    r"|sheet|calc|calculation|quote|estimate|plan|schedule|list|work|booking|entry|typo|slip|bug"
    r"|chart|query|change|code|config|render|file)\b",
    # Idioms of a lapse: "it slipped my mind", "had a brain fart", "mine to fix".
    r"\bslipped\s+my\s+mind\b|\bbrain\s*fart\b|\bmine\s+to\s+(?:fix|own|sort|answer\s+for)\b",
)

# The writer as the doer of a clause ("I deleted", "sent by me", "we messed up"), or a slip
# put right in the same breath (TRIVIAL). A passive in the sentence names its doer then.
OWNING_ACTS: tuple[str, ...] = (
    # "approved by me", "sent by me".
    r"(?:(?<=ed\s)|(?<=en\s)|(?<=[a-z]t\s))by\s+me\b",
    r"\bi\s+was\s+(?:the\s+one|responsible|careless|sloppy|wrong|mistaken|hasty|too\s+hasty"
    r"|in\s+a\s+rush|rushing|not\s+careful|too\s+quick)\b",
    # "I just ran it", "I only signed it off": the writer's part made small, so not owned.
    r"\bi(?:'d|\s+had)?\s+(?!(?:just|only|simply|merely|basically)\s)<adv>(?!(?:"
    + _NOT_OWNING
    + r")\b)(?:[a-z]+(?:-[a-z]+)*ed|made|broke|sent|ran"
    r"|forgot|put|set|let|took|gave|wrote|left|hit|shut|cut|overwrote|mistook|misread|chose"
    r"|blew|lost|misunderstood|undercooked|forgotten|broken|read|built|told|sold|bought|overpaid"
    r"|underpaid|double-?paid|paid|spelt|misspelt|replied-all|overbooked|shipped|spent|hung"
    r"|threw|reset|hid|split|drove|fed|fell|flew|froze|kept|misled|overrode|rewrote|tore|upset"
    r"|went|swapped|mixed|mislabel+ed|misfiled|misplaced|misnamed|mistyped|misquoted|rang|spilt"
    r"|bent|stuck|struck|slid|shot|sank|dealt|wore|swept)\b",
    # Done the wrong way: "I used the last vial without logging it", "I have merged the PR
    # without waiting for CI" (even with a verb that alone says nothing, like "used").
    r"\bi(?:'ve|\s+have|'d|\s+had)?\s+<adv>[a-z]+(?:ed|t|n)\b[^.;!?]{0,60}?\b(?:without|instead"
    r"\s+of|rather\s+than|by\s+mistake|in\s+error|by\s+accident)\b",
    # Informal subject-drop is the writer: "dropped the wrong db user", "sorry, sent the wrong
    # rota", "yep - restarted prometheus". The verb starts its clause (no word just before it)
    # and is followed by its object, so "updated spec is attached" is not read as one.
    # Not "re-sent to" nor "switched it back": with "back" or "now" after it, it is the fix.
    r"(?<![\w'] )(?<![\w'])(?<!\bre-)(?:accidentally\s+|mistakenly\s+|totally\s+)?(?:"
    + _SUBJECT_DROPPED
    + r")(?:\s+(?:up|out|off|in|on|over|back))?\s+(?:the|a|an|my|our|his|her|their|its|that|this"
    r"|these|you|us"
    r"|those|some|all|two|three|both|it|them|him|everyone|everybody|to|\d)\b"
    r"(?!\s+(?:(?:off|on|out|up|down)\s+)?(?:back|now|again|over|already)\b)",
    r"\bi(?:'ve|\s+have)\s+<adv>(?:made|broken|deleted|caused|messed|screwed|dropped"
    r"|pushed|overwritten|wiped|missed|forgotten|skipped|introduced|mixed"
    r"|leaked|double-?booked|misread|misconfigured|botched|goofed|overcharged)\b",
    r"\bi\s+(?:didn't|did\s+not|never|failed\s+to|forgot\s+to|neglected\s+to|should(?:'ve|\s+have)"
    r"|shouldn't\s+have|should\s+not\s+have|wasn't|was\s+not)\b"
    r"(?!\s+(?:have|know|told|informed|warned|aware|notified|given)\b)"
    r"(?!\s+get\s+(?:told|informed|warned|notified|given|the\s+(?:memo|message|email)\b))",
    r"\bi\s+(?:accidentally|mistakenly|wrongly|carelessly|inadvertently|unintentionally)\b",
    r"\bi\s+(?:messed|screwed|mucked|fouled)\s+up\b|\bi\s+dropped\s+the\s+ball\b",
    r"\bi\s+got\s+(?:[\w'-]+\s+){1,3}?wrong\b",
    # Learner forms: "i did mistake", "I have make a error", "i typo'd the address".
    r"\bi\s+(?:did|do|make|made|have\s+(?:did|do|make|made))\s+(?:(?:a|an|the|one|big|small|some"
    r"|little|stupid|silly)\s+)*(?:mistake|error|mess|typo|blunder|wrong)\b",
    r"\bi\s+<adv>[a-z]+'d\b(?<!i'd)",
    # Picking the wrong thing: "I had the wrong version", "I used the old rate card".
    r"\bi\s+<adv>(?:had|used|picked|chose|grabbed|quoted|pulled|typed|entered|applied|copied"
    r"|uploaded|attached|gave|sent|put|set|booked|took)\s+(?:[\w'-]+\s+){0,3}?(?:wrong|old"
    r"|outdated|stale|previous|incorrect|last\s+(?:year|month|week)'s)\b",
    r"\bi\s+was\s+(?:(?:\d+|a\s+few|ten|twenty|fifteen|half\s+an)\s*(?:mins?|minutes|hours?|hrs?"
    r"|days?)\s+)?(?:late|slow|behind|too\s+late|the\s+last\s+to)\b",
    # "I did break the export", "i did scratch the paint": the act owned with emphasis.
    r"\bi\s+did\s+(?:break|scratch|forget|miss|delete|drop|lose|mess|mix|overwrite|skip|leave"
    r"|spill|damage|ruin|wipe|approve|book|charge|double-?book|misread|mislabel|swap)\b",
    # "I'm after sending the code to everyone" (Irish English: I have just sent it).
    r"\bi'?m\s+after\s+[a-z]+ing\b",
    # The writer named as the doer further on: "was sent to the desk by me", "triggered by my
    # retry job change", "an extra zero in my post".
    r"\b(?:was|were|been|got)\s+[a-z]+(?:ed|en|t)\b[^.;!?]{0,60}?\bby\s+me\b",
    r"\bby\s+my\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?(?:change|mistake|error|script|job|edit|update|config"
    r"|commit|deploy|typo)\b",
    r"\b(?:in|on)\s+my\s+(?:[\w-]+\s+)?(?:post|message|email|note|notice|update|reply|draft|sheet|doc"
    r"|report|slides?|deck|announcement|invite|list)\b(?![^.;!?]{0,30}\b(?:is|are)\s+(?:right"
    r"|correct|fine)\b)",
    # "I used the last vial and didn't note it": the writer's own omission.
    r"\bi\s+<adv>[a-z]+(?:ed|t)\b[^.;!?]{0,60}?\band\s+(?:didn't|did\s+not|forgot\s+to|never"
    r"|failed\s+to)\b",
    r"\b(?:someone|somebody)\s*\(\s*(?:me|yours\s+truly|i)\b",
    # Not after be/get: "was accidentally uploaded" hides the doer instead.
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bgot\s)(?<!\bis\s)(?<!\bare\s)"
    r"\b(?:accidentally|mistakenly|inadvertently|unintentionally)\s+[a-z]+(?:ed|t)\b",
    *TRIVIAL,
    r"\bwe\s+(?:made\s+a\s+mistake|messed\s+up|got\s+(?:it|this|that)\s+wrong|dropped\s+the\s+ball)",
)

# The writer owns the mistake, in owning words or as the doer: "my mistake", "that's on me",
# "I deleted".
OWNERSHIP: tuple[str, ...] = (*OWNING_WORDS, *OWNING_ACTS)

# A verb that reads as a fix is the harm when the wrong thing follows: "I rebooked it for the
# wrong Friday".
_NOT_HARM_AFTER = r"(?![^.;!?]{0,40}\b(?:" + HARM_CUE + r"|all\s+at\s+once))"

# Clear repair verbs in the simple past; harm-or-repair verbs ("sent", "removed") only count
# with "I've"/"I have", where they nearly always report a fix.
_REPAIRED = (
    r"fixed|restored|reverted|rolled\s+(?:[\w'-]+\s+){0,2}?back|corrected|re-?sent|recovered"
    r"|patched|re-?ran|re-?run|undid|undone|contacted|reached\s+out|refunded|replaced"
    r"|re-?issued|rebuilt|re-?built|rescheduled|re-?scheduled|cleaned\s+up|notified|escalated"
    r"|re-?enabled|re-?deployed|re-?imported|credited|apologi[sz]ed\s+to|called|messaged"
    r"|emailed|double-?checked|re-?run|renewed|turned\s+on|switched\s+on"
)

# Promises with nothing in them to check: "I'll do better", "I'll be more careful next time".
_VAGUE = (
    r"(?:never|always|try|do\s+(?:better|my\s+best|everything|what\s+i\s+can)|be\s+(?:\w+\s+)?"
    r"(?:careful|mindful|better|thorough|vigilant|attentive|diligent|cautious)|learn|understand"
    r"|remember|improve|keep\s+(?:that|this|it)\s+in\s+mind|work\s+on\s+(?:it|that|myself"
    r"|being|my)|make\s+sure\s+(?:it|this|that)\s+(?:doesn't|does\s+not|won't|never)"
    r"|own\s+(?:it|this|that)|take\s+(?:it|this|that)\s+(?:on\s+board|seriously)"
    r"|pay\s+more\s+attention|double-?check\s+next\s+time|do\s+it\s+right\s+next)\b"
)

# The message puts it right, says what happens next, or offers to.
REPAIR: tuple[str, ...] = (
    r"\b(?:i|we)(?:'ve|\s+have|\s+had|'d)?\s+<adv>(?:" + _REPAIRED + r")\b",
    r"\b(?:i|we)(?:'ve|\s+have)\s+<adv>(?:un|re-?)[a-z]+(?:ed|t|n)\b|\bi\s+replied\b(?!-)",
    r"\b(?:has|have|had)\s+<adv>(?:fixed|restored|corrected|resolved|reverted|refunded|replaced)\b",
    r"\b(?:fixed|corrected|updated|new|right)\s+(?:version|copy|file|invite|link|report|one)\b",
    r"\b(?:attached|ready|done)\s+now\b|\bworking(?:\s+\w+)?\s+again\b",
    r"\b(?:i|we)(?:'ve|\s+have)\s+<adv>(?:ordered|updated|added|put|set\s+up|opened|filed|written|sent|removed"
    r"|deleted|switched|turned|blocked|disabled|stopped|paused|changed|merged|created|booked"
    r"|flagged|logged|paid|apologi[sz]ed|reported|spoken|talked"
    r"|checked|confirmed|verified|drafted|posted|told|asked|started|begun|gone\s+through"
    r"|moved|asked|raised|pinned|locked|fixed)\b",
    r"\b(?:i(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|\s+plan\s+to|'m\s+planning\s+to"
    r"|\s+intend\s+to|'d\s+like\s+to)|we(?:'ll|\s+will|'re\s+going\s+to))\s+(?!" + _VAGUE + r")",
    r"\b<im>\s+(?:now\s+|currently\s+|already\s+|still\s+)?(?:working|fixing|restoring|rolling"
    r"|reverting|correcting|re-?sending|contacting|reaching|adding|writing|updating|putting"
    r"|going\s+to|looking\s+into|investigating|monitoring|checking|rebuilding|recovering"
    r"|cleaning|sorting|handling|on\s+it|drafting|setting\s+up|making\s+sure|taking\s+care"
    r"|following\s+up|calling|emailing|messaging|refunding|replacing|re-?running)\b",
    r"\b(?:is|are|was|were|has\s+been|have\s+been|now|it's|all|everything's|everything\s+is)"
    r"\s+(?:now\s+|fully\s+|all\s+)?(?:fixed|restored|resolved|reverted|corrected|recovered"
    r"|rolled\s+back|working\s+again|up\s+again|sorted|patched|live\s+again|undone)\b",
    r"\bback\s+(?:up|online|to\s+normal|in\s+place)\b",
    # Repairs told in the passive: "the flag was switched back", "payments are being retried".
    r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:now\s+)?(?:changed|switched|set|put"
    r"|turned|moved|rolled)\s+back\b",
    r"\b(?:is|are)\s+(?:now\s+)?being\s+(?:retried|re-?run|re-?processed|re-?sent|restored|fixed"
    r"|rebuilt|refunded|corrected|reverted|recovered|re-?issued)\b",
    r"\blet\s+me\s+know\s+(?:if|how|what|whether|when)\b",
    r"\b(?:happy|glad|here)\s+to\s+(?:help|fix|redo|re-?do|walk|talk|go\s+through|answer|make)",
    r"\b(?:make|put|set)\s+(?:it|this|things|that)\s+right\b|\bto\s+fix\s+(?:it|this|that)\b",
    r"\bnext\s+steps?\s*(?:[:-]|is|are)",
    r"\b(?:i|we)(?:'ve|\s+have)\s+since\b|\bi\s+<adv>(?:voided|recalled|retracted|withdrew"
    r"|unsent|unpublished|took\s+(?:it|them|that|this)\s+down)\b",
    *TRIVIAL,
    r"\b(?:sent|posted|issued|shared|emailed|uploaded)\s+(?:out\s+)?(?:a|the)\s+(?:correction|fix"
    r"|follow-?up|corrected|updated|right|correct|proper|accurate|real)\b",
    # True re- verbs in the simple past are the fix: "I recreated it", "we reordered".
    r"\b(?:i|we)\s+<adv>re-?(?:created|sent|ran|booked|issued|ordered|posted|uploaded|deployed"
    r"|built|started|enabled|imported|processed|scheduled|did|added|applied|generated|printed"
    r"|published|submitted|calculated|routed|assigned|opened|shared|filed|loaded|pinned|invited"
    r"|tagged|configured|synced|exported)\b" + _NOT_HARM_AFTER,
    # "I changed the plan now: ...", "I removed the tag from all of them".
    r"\b(?:i|we)\s+<adv>(?:changed|updated|moved|removed|set|switched|turned|put|swapped)\b"
    r"[^.;!?]{0,40}?\bnow\b" + _NOT_HARM_AFTER,
    r"\b(?:i|we)\s+<adv>(?:removed|deleted|took)\s+(?:the\s+)?[\w-]+\s+(?:from|off)\s+(?:all"
    r"|every|each|them|everyone)\b",
    r"\bthe\s+(?:real|right|correct|proper|actual)\s+(?:[\w-]+\s+){0,2}?(?:is|are)\b"
    r"|\b(?:right|correct)\s+one\s+"
    r"(?:pinned|posted|up|sent|shared)\b",
    r"\bplease\s+(?:decline|delete|ignore|disregard|bin|remove)\s+(?:the|that|this|it|my)\b",
    r"(?<=[.!?]\s)(?:deleted|removed|fixed|sorted|corrected|reverted)[.!]",
    r"\bto\s+cover\s+(?:her|his|their|the|for|your)\b",
    r"\b(?:fix|patch|rollback|correction|refund|follow-?up|revert)(?:e?s)?\s+(?:is|are|was|were"
    r"|has\s+been|have\s+been|went|(?:is|are)\s+going)\s+(?:out|live|in|deployed|sent|shipped|merged"
    r"|issued|scheduled|on\s+its\s+way)\b",
)

# Gerunds that are work on the fix: "rerunning it now", "working on restoring", "taking it down".
_FIXING = (
    r"fixing|restoring|reverting|rolling\s+(?:it\s+|this\s+|that\s+|them\s+)?back|rolling\s+out"
    r"\s+(?:a|the)\s+fix|correcting|refunding|patching|recovering|rebuilding|re-?running"
    r"|re-?sending|re-?deploying|re-?processing|re-?issuing|re-?importing|re-?opening|re-?enabling"
    r"|retrying|regenerating|re-?uploading|reinstating|unarchiving|undoing|cleaning\s+up"
    r"|deleting|removing|unpublishing|withdrawing|recalling|pulling\s+(?:it|them|the)"
    r"|sorting\s+(?:it|this|that)\s+out|taking\s+(?:it|this|that|them)\s+down|contacting"
    r"|reaching\s+out\s+to|following\s+up|investigating|looking\s+into|monitoring|chasing"
    r"|replacing|working\s+on|putting\s+(?:it|this|that|things)\s+(?:right|back)"
)
_NEGATED = r"(?<!n't )(?<!not )(?<!never )(?<!nt )"
# Repairs told in any form: in progress, passive or future, done without a subject, or planned.
REPAIR = REPAIR + (
    # "I'm rolling out a fix", "we're rerunning it", but not "I'm feeling awful".
    r"\b(?:i'm|im|i\s+am|we're|we\s+are)\s+<adv>(?!(?:feeling|being|having|struggling|juggling"
    r"|drowning|dealing|panicking|freaking|losing|kicking|beating|hoping|wondering|thinking"
    r"|worrying|guessing|assuming|leaving|travel+ing|writing|reaching|going\s+through|sorry"
    r"|still\s+not|not)\b)[a-z]+ing\b",
    r"(?<!was )(?<!were )\b(?:" + _FIXING + r")\b",
    # "refunds will be issued", "it'll be fixed by 3pm", but not "will be charged twice".
    r"\b(?:will|it'll|they'll|that'll|we'll|you'll|going\s+to|gonna)\s+be\s+<adv>"
    + PARTICIPLE
    + r"(?![^.!?\n]{0,40}\b(?:twice|wrong|again|incorrectly)\b)",
    _NEGATED
    + r"\b(?:is|are|was|were|been|being|got|gets|it's|its|that's)\s+<adv>"
    + REPAIRED
    + r"\b",
    _NEGATED + r"\b(?:been|being)\s+(?:told|notified|informed|contacted|emailed|called|messaged"
    r"|warned|updated|briefed|alerted|asked)\b",
    # "moved to the right place", "switched back": undoing, told in the passive.
    r"\b(?:been|was|were|is|are|got)\s+<adv>"
    + PARTICIPLE
    + r"\s+(?:back\b|(?:\w+\s+)?to\s+the\s+(?:right|correct|proper|original|previous)\b)",
    # "reverted it already", "deleted it within a minute", "fixed now".
    r"\b(?:already\s+)?(?:fixed|reverted|restored|rolled|corrected|re-?sent|refunded|re-?issued"
    r"|recovered|patched|undid|unarchived|replaced|re-?deployed|rebuilt|rotated|revoked|re-?ran"
    r"|removed|deleted|took)\s+(?:it|them|this|that|everything)\s+(?:\w+\s+)?(?:already|now|back"
    r"|down|within|straight\s+away|right\s+away|immediately|quickly)\b",
    r"\b(?:fixed|sorted|resolved|restored|reverted|done|rerunning|resent|re-sent)\s+now\b",
    r"\b(?:its|it's|it\s+is|that's|all|everything's)\s+(?:now\s+|all\s+)?(?:fixed|sorted|resolved"
    r"|restored|back|good\s+again|working|green)\b",
    # "correct one attached", "the right ones are up now", "here's the right link".
    r"\b(?:correct|right|fixed|corrected|updated|proper|new|actual|final)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attached|below|above|(?:is|are)\s+(?:now\s+)?(?:attached|up|live|out|in\s+place|below"
    r"|above)|up\s+now|in\s+(?:the\s+)?thread|(?:goes|went|is\s+going|will\s+go)\s+out)\b",
    r"\bhere(?:'s|\s+is|\s+are)\s+the\s+(?:correct|right|fixed|updated|corrected|proper|new)\b",
    # "going to add a check", "will resend" without a subject.
    r"\b(?:going\s+to|gonna|will|plan\s+to|planning\s+to)\s+(?:add|fix|re-?send|restore|revert"
    r"|remove|replace|re-?place|redo|re-?do|repair|reprint|collect|swap|exchange|redeliver|rebook"
    r"|use|wait|confirm|verify|ask|keep"
    r"|reissue|credit"
    r"|roll|update|correct|set\s+up|put|make\s+sure|double-?check|write|follow|contact|reach"
    r"|call|email|refund|replace|change|move|re-?run|clean|post|share|send|turn|switch|check)\b",
    # Repairs told as a noun or a bare verb: "reprint happening this afternoon", "transfer
    # arranged for tomorrow", "new build uploading", "renewed.", "it's been revoked."
    r"\b(?:reprint|re-?delivery|resend|rerun|redo|rebuild|reissue|transfer|replacement|refund"
    r"|correction|credit\s+note|fix|patch|hotfix|rollback|new\s+(?:build|version|copy|batch))"
    r"\s+(?:is\s+|are\s+)?(?:uploading|happening|arranged|scheduled|booked|underway|deploying"
    r"|in\s+progress|on\s+(?:its|the)\s+way|going\s+out|coming|merging|shipping|landing"
    r"|rolling\s+out|going\s+(?:in|live))\b",
    # Put back where it belongs: "it's now in the lockbox", "they're now back on the shelf".
    r"\b(?:it's|it\s+is|they're|they\s+are)\s+now\s+(?:in|on|back|at|with)\b",
    r"\b(?:" + _REPAIRED + r"|renewed|amended|rebooked|re-?uploaded|revoked|rotated"
    r"|un(?:archived|published|deleted|blocked|locked|hidden|muted|paused))"
    r"(?:\s+(?:now|already|again|it|them))?\s*(?:[.!]|$|:[\w+-]+:|[\u2600-\u27bf\U0001f300-\U0001faff])",
    # "unarchived, nothing lost", "restored, all good".
    r"\b(?:fixed|restored|reverted|corrected|re-?sent|refunded|recovered|undone|un(?:archived|published"
    r"|deleted|blocked|locked|hidden|muted|paused))\s*,\s+(?:nothing|no\s+(?:harm|data|damage)"
    r"|all\s+(?:good|sorted|fine)|back)\b",
    r"\bsorted\s+(?:it|this|that|them)\b",
    # A step that stops it happening again: "adding a lock so it can't run twice".
    r"\b(?:adding|added|add|putting\s+in|put\s+in|setting\s+up|set\s+up|building|built|creating"
    r"|created|writing|wrote|introducing|introduced)\s+(?:a|an|another|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:check|lock|alert|guard|step|reminder|test|rule|validation|safeguard|warning|confirmation"
    r"|review|checklist|filter|limit|alarm|gate|approval)s?\b",
    # A correction given in place: "it is actually the 25th", "it's 16:00 not 18:00", "please
    # plan for Monday".
    r"\b(?:it's|it\s+is|that's|should\s+be|should've\s+been|should\s+have\s+been)\s+[\w:./\u2024£$€-]+"
    r"\s*,?\s+not\s+[\w:./\u2024£$€-]+",
    # A practice changed from now on: "I now close the bay the moment I accept a truck".
    r"\bi\s+now\s+(?!(?:feel|know|realise|realize|understand|see|think|wonder|worry|regret)\b)"
    r"[a-z]+",
    # The same in the present simple, as many non-native writers put a new habit: "from now I
    # print the labels one by one", "next time I check the table number", "now I put the notes
    # in straight away"; not a feeling ("now I know", "next time I was"), nor a vague promise.
    r"\b(?:from\s+now(?:\s+on)?|from\s+today(?:\s+on)?|next\s+time|in\s+(?:the\s+)?future"
    r"|going\s+forward|now)\s*,?\s+(?:i|we)\s+(?:always\s+)?(?!" + _VAGUE + r")(?!(?:was|were"
    r"|am|are|is|feel|felt|know|knew|think|thought|realise|realize|understand|see|saw|hope"
    r"|wonder|worry|regret|have|has|had|need|should|must|did|do|don't|didn't|can|can't|could"
    r"|would|will|only|just|get|got|go|went)\b)[a-z]{3,}\b",
    r"\b(?:it's|it\s+is|it\s+was|they're|they\s+are|that's)\s+actually\b",
    # Put back as it was, told in the active: "I reset it to the old profile", "changed back".
    r"\b(?:i|we)\s+<adv>(?:reset|set|put|changed|switched|moved|turned|rolled|restored|reverted)"
    r"\s+(?:[\w'-]+\s+){0,3}?(?:back\b|to\s+(?:the\s+|its\s+|their\s+)?(?:old|previous|original"
    r"|correct|right|proper|default|usual)\b)",
    # A correction notice is the repair: "Correction: the deadline is the 12th".
    r"\b(?:correction|erratum|amendment)\s*[:\u2013\u2014-]\s",
    r"\bplease\s+(?:plan|use|go\s+by|refer\s+to|work\s+from|come\s+in|book)\b",
    # Put back, got back: "put the money back myself", "got it back from the cloud backup".
    r"\bput\s+(?:[\w'-]+\s+){0,4}?back\b(?!\s+(?:on|in)\s+the\s+wrong)",
    r"\bgot\s+(?:it|them|everything|(?:the|my|our)\s+[\w-]+)\s+back\b",
    # A specific habit from now on: "locking it every time I step away", "won't leave it
    # running again"; not "it won't happen again", which promises nothing to check.
    r"\b(?:every|each)\s+time\s+(?:i|we)\b",
    r"\b(?:won't|wont|will\s+not)\s+(?!(?:let\s+(?:it|this|that)\s+)?(?:happen|repeat|recur|reoccur"
    r"|occur)\b)(?:[\w'-]+\s+){1,5}?again\b",
    # An offer that puts it right: "I can hold the old price for you", "happy to refund".
    r"\bi\s+can\s+(?:hold|offer|refund|credit|send|re-?do|fix|cover|waive|give|arrange|re-?send"
    r"|honou?r|swap|replace|re-?book)\b",
    # Done without a subject once the slip is told: "- reversed and reposted", "bought 2 more".
    # A true re- or un- verb there is the fix too: "recoded as", "retagged both", "unmuted".
    r"(?<=[.;!?,+\u2014\u2013-]\s)(?:and\s+)?(?:recoded|redid|redone|retagged|relabell?ed|reloaded"
    r"|rerouted|reassigned|resubmitted|recalculated|recounted|redrafted|reformatted|regenerated"
    r"|reindexed|reinstalled|reinstated|reopened|repackaged|repriced|reprinted|reprocessed"
    r"|republished|requeued|reshot|restarted|restocked|retyped|re-?uploaded|rewired|rewrote"
    r"|rewritten|refiled|refilled|reconnected|reconfigured|recreated|rejoined|re-?ran|re-?run"
    r"|unmuted|unblocked|unlocked|unpinned|unpublished|unarchived|unhid|unhidden|undid|undeleted"
    r"|unbanned|unflagged|unmerged)\b" + _NOT_HARM_AFTER,
    r"(?<=[.;!?,+\u2014\u2013-]\s)(?:and\s+)?(?:reversed|reposted|replaced|re-?sent|swapped|moved"
    r"|fixed|sorted|reverted|restored|changed|unassigned|rebooked|re-?issued|amended|edited"
    r"|pinged|trimmed|redid|apologi[sz]ed"
    r"|turned|bought|ordered|deleted|removed|drained|swiped|logged|cleared|voided|cancel+ed"
    r"|closed|reset|re-?added|re-?entered|re-?labell?ed|relabell?ed|called|rang|told|emailed"
    r"|messaged|apologi[sz]ed|refunded|credited|flagged|added|updated|corrected|switched"
    r"|honou?red|waived|comped)\b" + _NOT_HARM_AFTER,
    r"(?<=[.;!?,\u2014\u2013-]\s)(?:swiped|moved|turned|switched|sorted|logged|removed|changed"
    r"|set|put|sent|got|updated|cleared|locked|unlocked|closed|reset|deleted|hidden|pinned|added"
    r"|returned|plugged|unplugged|restarted|rebooted|refilled|restocked|cleaned|emptied|relabell?ed"
    r"|labell?ed|fixed|done|filed|signed|shared|posted)\s+(?:[\w'-]+\s+){0,3}?now\b"
    + _NOT_HARM_AFTER,
    # Telling the affected what to do: "just tell them the second email is a duplicate".
    r"\b(?:just|please)\s+(?:tell|let|point|send|forward|refer)\s+(?:them|him|her|the\s+customers?"
    r"|any\s+\w+)\b",
    r"\b(?:taken|took)\s+(?:it\s+|them\s+)?down\b|\bmade\s+(?:it\s+|them\s+)?private\b",
    r"\b(?:it's|its|it\s+is|that's|they're)\s+(?:now\s+)?off\s+(?:again|now)\b",
    r"\b(?:found|booked|got|sourced)\s+(?:us\s+)?(?:another|a\s+new|a\s+replacement"
    r"|a\s+different)\b",
    r"\b(?:pushed|shipped|deployed|merged|released)\s+(?:the|a)\s+(?:fix|patch|hotfix"
    r"|correction)\b",
    r"\b(?:asking|opening|raising|filing|booking|arranging|requesting)\s+(?:[\w'-]+\s+){0,4}?"
    r"(?:reprint|re-?delivery|refund|replacement|case|credit|correction|swap|fix)\b",
    # Telling the people affected: "I told them", "i let security know".
    r"\bi\s+(?:told|notified|informed|warned|alerted|let)\s+(?:them|him|her|everyone|security"
    r"|legal|hr|support|each\s+of\s+them|the\s+(?:affected|team))\b(?!\s+(?:the\s+)?wrong)",
)
