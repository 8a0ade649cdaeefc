"""The sentences a draft is built from: several wordings per step, all in our own words.

Each template's `{}` takes the person's own text. Every wording is written to pass review():
first person, one apology at most, no conditional or minimising language.
"""

from __future__ import annotations

OWN = {
    "minor": (
        "I made a mistake: {}.",
        "Heads-up, I made a mistake: {}.",
        "This one is on me: {}.",
        "I got something wrong and want to flag it: {}.",
    ),
    "significant": (
        "I made a mistake and want to be upfront about it: {}.",
        "I want to own a mistake I made: {}.",
        "This one is on me: {}.",
    ),
    "serious": (
        "I made a serious mistake, and I take full responsibility for it: {}.",
        "I take full responsibility for a serious mistake I made: {}.",
        "This was my mistake and I own it completely: {}.",
    ),
}
IMPACT = ("The impact: {}.", "What it caused: {}.", "As a result: {}.")
AFFECTED = ("It affected {}.", "It reached {}.", "All told, it affected {}.")
REPAIR = (
    "What I've done to put it right: {}.",
    "To fix it: {}.",
    "Here's how I'm putting it right: {}.",
)
NO_REPAIR = {
    "minor": (),
    "significant": (
        "I'm working on putting it right now and will post an update here.",
        "I'm fixing it now and will post here once it's done.",
    ),
    "serious": (
        "Putting this right is my first priority; I'll post each step here as I go.",
        "I'm working on the fix now and I'll keep this thread updated until it's resolved.",
    ),
}
REGRET = {
    "minor": ("Sorry about that.", "Sorry for the trouble.", "Apologies for the hassle."),
    "significant": (
        "I'm sorry for the disruption this caused.",
        "I'm sorry for the extra work this made for everyone.",
        "I regret the trouble this caused, and I'm sorry.",
    ),
    "serious": (
        "I'm truly sorry for the harm this has caused.",
        "I'm deeply sorry for the impact this has had on everyone affected.",
        "I'm very sorry; this was mine to prevent.",
    ),
}
PREVENTION = (
    "To stop this happening again: {}.",
    "So it doesn't happen again: {}.",
    "Going forward: {}.",
)
# Serious mistakes always get a commitment, even before the person knows what it will be.
NO_PREVENTION_SERIOUS = (
    "Within the week I'll share a concrete step to prevent a repeat.",
    "Once it's fixed, I'll follow up with what I'm changing so this can't happen the same way.",
)
INVITE = {
    "minor": (
        "Let me know if anything else needs fixing.",
        "Tell me if anything still looks wrong and I'll sort it.",
    ),
    "significant": (
        "If you need anything from me, reply here or message me directly.",
        "Questions or anything I missed: reply here and I'll pick it up.",
        "I'd welcome feedback on how I handled this.",
    ),
    "serious": (
        "Please reply here or message me directly with questions or anything you need from me.",
        "I'd value your feedback, and I'm happy to talk it through with anyone affected.",
    ),
}
