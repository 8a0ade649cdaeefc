"""Rules for apologising too much: self-insults, self-punishment and piled-up apologies."""

from __future__ import annotations

from bot.coach.rules import Rule

OVER_APOLOGY_RULES: tuple[Rule, ...] = (
    Rule(
        id="over_apology.self_insult",
        kind="over_apology",
        patterns=(
            r"<im>\s+(?:such\s+)?(?:an?\s+)?(?:(?:complete|total|absolute|utter|stupid|massive|huge"
            r"|bloody)\s+)?(?:idiot|moron|fool|failure|screw-?up|clown|disgrace|embarrassment"
            r"|liability|dumbass|imbecile)\b",
            r"<im>\s+(?:so\s+|such\s+|completely\s+|totally\s+|utterly\s+|just\s+|really\s+)?"
            r"(?:useless|stupid|incompetent|hopeless|pathetic|worthless|dumb|the\s+worst"
            r"|terrible\s+at\s+(?:my\s+job|this)|not\s+cut\s+out\s+for)\b",
            r"\bwhat\s+an?\s+(?:idiot|moron|fool)\b|\bstupid\s+(?:me|of\s+me)\b",
            r"\bmy\s+(?:own\s+)?(?:stupidity|incompetence|idiocy|uselessness)\b|\bi\s+hate\s+myself\b",
            r"\bhow\s+(?:stupid|dumb|useless)\s+(?:i\s+am|i\s+was|could\s+i\s+be)\b",
            r"\bi\s+can't\s+believe\s+(?:how\s+(?:stupid|dumb)|i\s+was\s+(?:so\s+)?(?:stupid|dumb))",
            r"\bi\s+(?:always|constantly)\s+(?:mess|screw)\s+(?:things\s+|everything\s+)?up\b"
            r"|\bi\s+ruin\s+everything\b",
        ),
        message="Insulting yourself shifts attention to your feelings and asks for reassurance.",
        suggestion='Describe the mistake, not yourself: "I made a careless mistake."',
        flags=("I'm such an idiot, I pushed to main.", "I'm useless at this."),
        passes=("I made a careless mistake.", "I'm sorry, I pushed to main by mistake."),
    ),
    Rule(
        id="over_apology.self_punishment",
        kind="over_apology",
        patterns=(
            r"\bi\s+(?:should|deserve\s+to|ought\s+to)\s+(?:be|get)\s+(?:fired|sacked|let\s+go"
            r"|punished|written\s+up)\b|\bfire\s+me\b",
            r"\bi(?:'ll|\s+will)\s+never\s+forgive\s+myself\b|\bi\s+(?:don't|do\s+not)\s+deserve\b",
            r"\bi(?:'ll|\s+will|\s+would|'d)\s+(?:completely\s+|totally\s+)?understand\s+if\s+you"
            r"\s+(?:fire|want\s+to\s+fire|never\s+trust|let\s+me\s+go|hate)\b",
            r"<im>\s+(?:so\s+|deeply\s+|utterly\s+|truly\s+)?(?:ashamed|disgusted\s+with\s+myself)\b",
            r"\bplease\s+(?:please\s+)?forgive\s+me\b|\bi\s+beg\s+(?:you|your|for)\b",
            r"\bi\s+can(?:'t|not)\s+apologi[sz]e\s+enough\b|\b(?:thousand|million|hundred)"
            r"\s+apologies\b|\bno\s+words\s+(?:can|to)\s+(?:express|say|describe)\s+how\s+sorry",
            r"\bi\s+(?:want|wanted)\s+to\s+(?:die|disappear|crawl\s+(?:into|under))\b",
        ),
        message="Punishing yourself asks readers to comfort you instead of moving on.",
        suggestion="One sincere apology and a concrete next step carry more weight.",
        flags=("I should be fired for this.", "I'll never forgive myself."),
        passes=("I'm sorry, and I've added a check so it can't recur.",),
    ),
    Rule(
        id="over_apology.intensified",
        kind="over_apology",
        patterns=(
            r"\b(?P<intensifier>so|very|really|truly|deeply|terribly|incredibly|extremely)[,\s]+"
            r"(?P=intensifier)[,\s]+(?:(?:very|so)\s+)?sorry\b",
            r"\bso{3,}\s+sorry\b|\bsorr+y{2,}\b|\bsorry[,!\s]+sorry\b",
        ),
        message="Stacking intensifiers on the apology makes it sound anxious rather than sincere.",
        suggestion='"I\'m sorry" once, followed by what you are doing about it.',
        flags=("I'm so so sorry about the invoices.",),
        passes=("I'm so sorry about the invoices.",),
    ),
    Rule(
        id="over_apology.repeated",
        kind="over_apology",
        mode="repeat",
        min_count=3,
        window=600,
        patterns=(r"\b<sorry>\b|\bforgive\s+me\b",),
        message="This is the third apology in a short message; one clear apology is stronger.",
        suggestion="Keep the single best apology and replace the others with facts or next steps.",
        flags=("Sorry about this. I'm really sorry. Apologies again to everyone.",),
        passes=("I'm sorry about this; I've already restored the file.",),
    ),
)
