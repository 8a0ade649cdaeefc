"""Past participles, recognised by form rather than listed verb by verb, and the word classes
that decide whether a be/get + participle hides who did something.

`PARTICIPLE` matches any regular "-ed" form (with a spelling check) or an irregular one;
the class lists below are what a passive rule subtracts from it.
"""

from __future__ import annotations


def words(text: str) -> str:
    """A regex alternation of the whitespace-separated words (longest first) in `text`."""
    items = sorted(set(text.split()), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(w.replace("-", r"-?") for w in items) + ")"


# Irregular participles, including British "-t" forms and common prefixed ones.
IRREGULAR = words(
    """
    beaten begun bent bet bid bitten bled blown born borne bought bound
    bred brought broadcast broken built burnt burst cast caught chosen clung cost crept cut
    dealt done drawn dreamt driven drunk dug eaten fed felt fled flown flung forbidden
    forecast foregone forgiven forgotten forsaken found frozen given gotten ground grown hung
    heard held hid hidden hit hurt kept known laid leapt learnt led left lent let lit
    lost made meant misheard mislaid misled misread misspelt mistaken misunderstood mown
    outdone outgrown overcome overdone overdrawn overheard overlooked overpaid overridden overrun
    overseen overshot overspent overtaken overthrown overwritten paid proven put quit
    read rebuilt redone remade reread rerun reset resent resold retold rewritten rid ridden risen
    run said seen sent set sewn shaken shed shorn shot shown shrunk shut slain slept
    slid slung smelt sold sought sown spat sped spelt spent spilt split spoilt spoken sprung spun
    spread stolen struck strung stuck stung stunk sunk swept swollen sworn swung taken
    taught thrown thrust told torn trodden undergone understood undertaken underpaid undone
    upheld upset withdrawn withheld woken worn wound written wrung
    """
)

# "-ed" words that are not participles (and "-eed" verbs whose "ed" is not a suffix).
_NOT_PARTICIPLE_ED = words(
    """
    bed red shed sled wed fled bred sped led fed hundred sacred naked wicked rugged ragged jagged
    crooked kindred hatred infrared shred embed biped unwed seed need feed speed weed deed heed
    breed greed bleed creed reed steed indeed exceed proceed succeed tweed ted fred
    """
)

# A regular participle: letters (hyphenated parts allowed) ending in "ed" after anything but
# "e" ("needed" yes, "need" no; "based" has stem "bas" + "ed"), the few "-eed" participles,
# or a clipped "'d" form ("cc'd", "ok'd", "typo'd").
REGULAR = (
    r"(?!" + _NOT_PARTICIPLE_ED + r"\b)"
    r"(?:[a-z]+-)*(?:[a-z]+[a-df-z]ed|(?:agr|fr|guarant|decr)eed|[a-z]{2,}'d)"
)

PARTICIPLE = r"(?:" + IRREGULAR + r"|" + REGULAR + r")\b"

# After be/get these describe how someone feels or what something is, not an action done to it:
# "I was tired", "customers were confused", "the vendor is based in Lisbon".
ADJECTIVAL = words(
    """
    tired interested excited confused worried concerned surprised shocked pleased disappointed
    frustrated annoyed embarrassed ashamed scared frightened terrified bored relieved satisfied
    involved related supposed based located situated married qualified prepared convinced
    committed dedicated determined experienced skilled talented limited complicated
    sophisticated detailed advanced overwhelmed swamped slammed stressed distracted exhausted
    drained stuck finished gone amazed amused astonished delighted depressed devastated disgusted
    fascinated gutted horrified impressed irritated puzzled stunned thrilled troubled upset
    baffled bewildered perplexed flustered rattled mortified humiliated offended hurt outdated
    dated unexpected unrelated unaffected untouched unchanged unharmed unscathed undamaged
    unimpacted unaltered unmodified unused unplanned unscheduled unsupported unprotected
    overloaded understaffed short-staffed crowded packed named called titled known considered
    deemed thought believed regarded accustomed meant expected required needed allowed
    designed intended planned due obliged entitled tasked bound attached included listed linked
    enclosed done born seated sorted aligned blocked booked scheduled created filed assigned opened
    """
)

# What happened to the people hurt, not who did it: "customers were affected", "got paged".
IMPACT = words(
    """
    affected impacted inconvenienced paged disrupted delayed hit locked logged kicked woken
    confused underpaid overpaid overcharged undercharged double-charged double-billed
    shortchanged short-changed under-contributed stranded queued quarantined disconnected
    value-dated alarmed bounced rejected throttled rate-limited cut lined accounted lost
    """
)

# Finding, checking and telling: "it was caught in staging", "customers were notified".
NOTICED_OR_TOLD = words(
    """
    caught spotted noticed found detected flagged reported discovered identified raised
    escalated seen observed tracked traced investigated diagnosed confirmed verified tested
    checked reviewed validated approved notified informed told contacted emailed called
    messaged warned asked advised apologised apologized updated briefed alerted pinged
    """
)

# Putting it right: a passive with these is a repair, not a hidden mistake.
REPAIRED = words(
    """
    restored fixed reverted corrected resolved recovered refunded reissued re-issued resent
    re-sent rerun re-run redeployed re-enabled replaced patched reopened undone unarchived
    unblocked regenerated rebuilt retried reprocessed credited compensated cleaned sorted
    addressed mitigated contained repaired rectified remedied amended rotated revoked
    reinstated reimbursed re-added readded reconciled re-imported reimported re-uploaded arranged
    returned reversed retracted recalled withdrawn re-queued requeued backed
    """
)

# Reassurance when negated: "the data wasn't exposed", "it was never shared".
HARM_DENIED = words(
    """
    lost exposed affected impacted touched harmed compromised accessed leaked breached deleted
    damaged corrupted charged billed shared sent opened viewed seen used changed modified altered
    removed wiped dropped overwritten erased emailed published posted released deployed
    """
)

# Harm that reads as a hidden action even in the present tense: "the prod data is deleted".
HARMED_NOW = words(
    """
    deleted wiped erased leaked exposed compromised corrupted overwritten purged dropped truncated
    lost revoked disabled
    """
)

# Words that name a harm as the mistake itself: "the wrong file", "sent twice", "charged by
# mistake", "the draft instead of the final". Shared by the passive cues and the repair verbs
# that are the harm ("I rebooked it for the wrong Friday").
HARM_CUE = (
    r"(?:wrong(?:ly)?|incorrect(?:ly)?|twice|by\s+mistake|by\s+accident|in\s+error|mistakenly"
    r"|accidentally|instead\s+of)"
)

# Nearby words that make even a neutral verb a mistake: "sent twice", "set to the wrong value".
WRONG_CUE = (
    r"(?:wrong(?:ly)?|incorrect(?:ly)?|twice|three\s+times|by\s+mistake|in\s+error|by\s+accident"
    r"|without|prematurely|too\s+(?:early|soon)|mistakenly|accidentally|before|ahead\s+of"
    r"|unreviewed|untested|to\s+(?:everyone|everybody|all|the\s+whole|every)|instead)"
)

# Verbs read as "be + adjective + to-infinitive" before a verb: "is supposed to", "got used to".
# "to" before a determiner or pronoun keeps the passive ("was set to the wrong value").
TO_INFINITIVE = (
    words(
        """
        used supposed meant expected required allowed designed intended planned asked told forced
        made encouraged instructed pressured obliged advised tasked set due scheduled
        """
    )
    + r"\s+to\s+(?!(?:the|a|an|this|that|these|those|all|every|everyone|everybody|our|my|your"
    r"|their|his|her|its|prod|production|staging|zero|\d)\b)[a-z]"
)

# "customers were left waiting": what the people hurt went through.
LEFT_WAITING = r"left\s+(?:waiting|hanging|without|in\s+the\s+dark|stranded|out\b)"

# Everything a passive rule subtracts from PARTICIPLE before deciding the doer is hidden.
NOT_HIDING = (
    r"(?:"
    + "|".join((ADJECTIVAL, IMPACT, NOTICED_OR_TOLD, REPAIRED))
    + r")\b|"
    + TO_INFINITIVE
    + "|"
    + LEFT_WAITING
)
