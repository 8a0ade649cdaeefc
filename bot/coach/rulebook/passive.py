"""Passives that hide who did it: any be/get auxiliary with any past participle.

The participle is recognised by its form (see `participles`); what is left out is what a
passive does not hide: feelings and states ("I was tired"), what happened to the people hurt
("customers were affected"), noticing and telling ("it was caught in staging"), and repairs
("the file was restored"). Vetoes then drop sentences that name the doer.
"""

from __future__ import annotations

from bot.coach.rulebook.markers import OWNING_ACTS
from bot.coach.rulebook.participles import (
    HARM_CUE,
    HARM_DENIED,
    HARMED_NOW,
    NOT_HIDING,
    NOTICED_OR_TOLD,
    PARTICIPLE,
    REPAIRED,
)
from bot.coach.rules import Rule

# Adverbs and quantifiers that may sit between the auxiliary and the participle.
_ADV = r"(?:(?:\w+ly|just|also|somehow|then|even|already|still|now|all|both|each|again)\s+){0,2}"
# A particle completing the verb belongs in the span: "turned off", "mixed up".
_PARTICLE = r"(?:\s+(?:up|out|off|over|down|away|on))?"
_HIDING = r"(?!" + NOT_HIDING + r")" + PARTICIPLE + _PARTICLE

# "by" that names a doer, not a time, a manner or an amount: "by me", "by <@U1>", "by the vendor".
_BY_AGENT = (
    r"<m>\s+(?:[\w'-]+\s+){0,3}?by\s+(?:<@|@|(?!(?:mistake|accident|error|default"
    r"|hand|e-?mail|mail|phone|design|itself|then|now|far|half|around|about|roughly|over|almost"
    r"|nearly|up\s+to|tomorrow|tonight|today|noon|midnight|eod|cob|end|next|this|that"
    r"|the\s+(?:wrong|same|time|end|way|look|sound)"
    r"|mon|tue|wed|thu|fri|sat|sun|a\s+(?:factor|few|couple|lot|bit|day|week|margin|minute|mile)"
    r"|\d)\w*\b)\w)"
)

# A passive does not hide anyone when the sentence names who did it ("by me", "I ran ..."),
# has the writer as its subject ("I was asked to"), says nothing happened ("no data was
# deleted"), reports what someone knew or was told, or is about a fix. Owning words tagged on
# ("the wrong SKU was keyed, my bad") leave it a passive: writers label it one (studied sets:
# 35 more passives found, 7 raised where not labelled, 2 clean messages flagged).
_VETOES: tuple[str, ...] = (
    *OWNING_ACTS,
    _BY_AGENT,
    r"\b(?:i|we|im|ive)(?:'ve|'d|'m|'re|\s+have|\s+had|\s+am|\s+are)?\s+"
    r"(?:(?:\w+ly|just|also|then|all|both|already|still|now|even)\s+){0,2}<m>",
    r"\b(?:no|nothing|none|nobody|no\s+one|not\s+a\s+single|zero|not\s+one|neither|nor)\s+"
    r"(?:[\w'-]+\s+){0,4}?<m>",
    r"\b(?:know|knew|known|told|aware|assum\w*|thought|believ\w*|sure|reali[sz]\w*|heard|said"
    r"|understood|hoped)\s+(?:that\s+)?(?:[\w'-]+\s+){0,3}?<m>",
    r"\b(?:duplicates?|typos?|spam|stray|extra)\s+(?:[\w'-]+\s+)?<m>",
    # A replacement made is the repair: "a new bag was made", "the corrected file was sent".
    r"\b(?:a\s+(?:new|corrected|fresh|replacement)|the\s+(?:corrected|right|correct|fixed"
    r"|replacement|proper))\s+(?:[\w'-]+\s+){0,2}<m>",
    r"\b(?:correction|fix|fixes|apology|update|follow-?up|notice|refunds?|rollback|revert|patch)"
    r"\s+(?:[\w'-]+\s+)?<m>",
    # Undoing the harm is the repair, not the mistake: "the config was changed back".
    r"<m>\s+(?:back\b|(?:\w+\s+)?to\s+(?:the\s+|its\s+)?(?:old|previous|original|correct|right"
    r"|safe|earlier|last\s+good|known-?good)\b)",
    r"\b(?:luckily|thankfully|fortunately|phew)\b",
    # What ought not to have happened, said of the thing: "records that shouldn't have been merged".
    r"\b(?:that|which)\s+(?:should(?:n't|\s+not|\s+never)?|would|could)\s+(?:not\s+)?have\s+<m>",
)
# The negated forms ("wasn't paused") pass these too, and the positive forms must not be negated.
_NOT_NEGATED = r"(?:n't|nt|\bnot|\bnever|\bno\s+longer)\s+<m>"

# A passive's subject ("the config", "emails") belongs in the highlighted phrase.
_SUBJECT = (
    r"\b(?:the|a|an|our|my|your|their|his|her|its|some|all|these|those|this|two|both|several"
    r"|\d+)\s+(?:[\w'-]+\s+){0,2}|\b[\w'-]+\s+"
)

_STRONG_CUE = (
    r"(?:" + HARM_CUE + r"|three\s+times|prematurely|to\s+(?:everyone|everybody|all\s+(?:customers"
    r"|users)|the\s+whole)|without\s+(?:a\s+)?(?:review|approval|testing|tests|checking|sign-?off"
    r"|asking|telling|notice)|rather\s+than|and\s+not\b)"
)

PASSIVE_RULES: tuple[Rule, ...] = (
    Rule(
        id="passive.mistakes_were_made",
        kind="passive",
        patterns=(
            r"\b(?:mistakes?|errors?|an?\s+(?:mistake|error|oversight|misstep|slip|mix-?up"
            r"|blunder)|some\s+(?:mistakes|errors)|oversights|missteps|(?:bad|wrong)\s+calls?)"
            r"\s+(?:was|were|got|gets|has\s+been|have\s+been|had\s+been|(?:was|were)\s+being)"
            r"\s+<adv>made\b",
            r"\b(?:mistake|mix-?up|oversight|slip-?up|blunder|screw-?up|misstep)"
            r"\s+(?:happened|occurred|took\s+place)\b",
        ),
        message="This hides who made the mistake, which is the first thing readers look for.",
        suggestion='Name yourself as the one who did it: "I made a mistake."',
        flags=("Mistakes were made during the release.", "A mix-up happened with the invoices."),
        passes=("I made a mistake during the release.", "Mistakes were made by me, not the team."),
        unless=_VETOES,
    ),
    Rule(
        id="passive.hidden_agent",
        kind="passive",
        patterns=(
            # Past and perfect: "was dropped", "got flipped", "'s been tagged", "ended up being".
            r"\b(?:was|were|got|been|(?:was|were)\s+being|(?:ended|end)\s+up\s+(?:being|getting))\s+"
            + _ADV
            + _HIDING,
            # Present, only for harm that reads as an action: "the prod data is deleted".
            r"\b(?:is|are|it's|that's|gets?)\s+" + _ADV + HARMED_NOW + r"\b",
            # A neutral or noticing verb made a mistake by a cue: "was approved without review".
            r"\b(?:was|were|got|been|is|are|gets?)\s+(?:being\s+)?"
            + _ADV
            + r"(?:"
            + PARTICIPLE
            + r")(?=[^.!?\n;]{0,60}?\b"
            + _STRONG_CUE
            + r"\b)",
            r"\b(?:wrong|incorrect|unreviewed|untested|buggy|broken)\s+(?:[\w'-]+\s+){0,2}?"
            r"(?:was|were|got|is|are|been)\s+" + _ADV + PARTICIPLE,
            # Harm told as if it moved by itself: "the wrong prices went live", "the old
            # template ended up in the pack", "the release went out without the notes". Writers
            # split on "went out with", which counts only where the message never says who did
            # it (passive.moved_by_itself below).
            r"\b(?:wrong|old|outdated|incorrect|unapproved|unreviewed|draft|test|stale)\s+"
            r"(?:[\w'-]+\s+){0,3}?(?:went\s+live|ended\s+up\s+(?:in|on|live))\b",
            r"\bwent\s+(?:out|live)\s+without\b",
            # Let lapse: "the cert was allowed to expire".
            r"\b(?:was|were|got|been)\s+"
            + _ADV
            + r"(?:allowed|left)\s+to\s+(?:expire|lapse|run\s+out"
            r"|slip|go\s+stale|build\s+up|overflow|fill\s+up)\b",
        ),
        message="The passive leaves out who did it, so it reads as if the harm happened by itself.",
        suggestion='Put yourself in as the subject: "I changed the config."',
        flags=(
            "The config was changed without review.",
            "Emails were sent to the wrong list.",
            "The wrong file got deployed.",
            "the flag got flipped in prod around 2am",
            "The savings rate was updated to 4.5% instead of 3.5%.",
            "the SSL cert was allowed to expire over the weekend",
            "Yeah the wrong SKU was keyed into the replen, my bad. Corrected it.",
            "the wrong hose got connected to tank 3, that was me, sorry. Swapped it back.",
            "the wrong prices went live on the UK site",
            "the Android release went out without the crash reporter",
        ),
        passes=(
            "No data was lost.",
            "I let the SSL cert expire over the weekend.",
            "The service was down for 10 minutes.",
            "The table was deleted by me while testing.",
            "The wrong file got deployed when I ran the old script.",
            "The config was changed back to the old value.",
            "The setting was changed to the safe default an hour ago.",
            "I was tired and misread the ticket.",
            "A fix is being rolled out now.",
            "About 2,100 legit messages got quarantined.",
            "A new bag was made and checked by 11:30.",
        ),
        unless=(*_VETOES, _NOT_NEGATED),
        lead=_SUBJECT,
    ),
    Rule(
        id="passive.not_done",
        kind="passive",
        patterns=(
            r"\b(?:wasn't|weren't|wasnt|werent|was\s+not|were\s+not|was\s+never|were\s+never"
            r"|(?:has|have|had)(?:n't|nt|\s+not|\s+never)\s+been|never\s+(?:got|been)"
            r"|(?:didn't|didnt|did\s+not)\s+get|isn't|aren't)\s+"
            + _ADV
            + r"(?!(?:"
            + HARM_DENIED
            + r"|"
            + REPAIRED
            + r")\b)(?:"
            + NOTICED_OR_TOLD
            + r"\b|"
            + _HIDING
            + r")",
        ),
        message="Saying it was not done, without saying by whom, hides your part in the gap.",
        suggestion='Say who skipped the step: "I didn\'t test the migration."',
        flags=("The migration wasn't tested before release.", "the cron job wasn't paused"),
        passes=(
            "I didn't test the migration.",
            "The migration wasn't tested because I rushed it.",
            "the customer data wasn't exposed",
        ),
        unless=_VETOES,
        lead=_SUBJECT,
    ),
    # Harm told as if it moved by itself ("the newsletter went out with the old logo", "the keys
    # leaked into the demo"). It hides the doer only where the message never says who did it,
    # so it counts only in a message that lacks ownership (`unowned_only`). On the studied sets
    # that adds 37 passives writers labelled and 18 they did not; no clean message is flagged.
    Rule(
        id="passive.moved_by_itself",
        kind="passive",
        patterns=(
            r"\b(?:went|got\s+sent|was\s+sent)\s+(?:out|live|home|up)\s+(?:with|as|saying|to\s+the"
            r"\s+wrong)\b",
            # Not "the driver went to the wrong hotel": people go places.
            r"\bwent\s+(?:out\s+)?to\s+(?:all|every|the\s+whole|everyone)\b|\bwent\s+out\s+to\s+the\s+wrong\b",
            r"\b(?:leaked|crept|slipped)\s+into\b",
            r"\bended\s+up\s+(?:applying|going|in|on)\b",
        ),
        message=(
            "Told as if it moved by itself, the harm has no doer, and you never say it was you."
        ),
        suggestion='Say what you did: "I sent the newsletter with the old logo."',
        flags=("the newsletter went out with the old logo",),
        passes=("I sent the newsletter and it went out with the old logo.",),
        unless=_VETOES,
        lead=_SUBJECT,
        unowned_only=True,
    ),
)


# Exported for the repair markers: a passive or progressive of a repair verb is a repair.
REPAIR_VERBS = REPAIRED
