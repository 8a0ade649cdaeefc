"""Our words around the person's facts in an English draft: several wordings per step.

Every wording is ours (not taken from any article) and written to pass review(): first person,
one plain apology sized to the harm, no conditional or minimising language, nothing promised on
the person's behalf. The facts themselves become sentences in fragments.py.
"""

from __future__ import annotations

# A minor slip opens with the apology, in the register of a quick Slack note.
SORRY_FIRST = ("Sorry, {}", "Apologies, {}")
# ...unless the fact has someone or something else as its subject; then ownership follows it.
OWN_AFTER = ("That was my mistake, sorry.", "That's on me, sorry.")
RESPONSIBILITY = {
    "significant": ("That was my mistake.", "That's on me.", "That one is on me."),
    "serious": (
        "I take full responsibility for this.",
        "This is entirely my responsibility.",
        "This was my mistake, and I own it.",
    ),
}
WHY = "It happened {}"  # "because I ran it in the wrong terminal."
AFFECTED = "It affected {}."
REGRET = {
    "significant": (
        "I'm sorry for the disruption.",
        "I'm sorry for the extra work this made.",
        "I'm sorry for the trouble this caused.",
    ),
    "serious": (
        "I'm truly sorry for the harm this caused.",
        "I'm very sorry for the damage this did.",
        "I'm deeply sorry for the impact on everyone affected.",
    ),
}
# Before a prevention step in the first person ("I'll add a confirmation prompt…").
PREVENT_LEAD = ("So this doesn't happen again, {}", "To stop it happening again, {}")
# After one with another subject ("exports now go only through the restricted drive").
PREVENT_TAIL = ", so this can't happen the same way again."
TALK = (
    "I'm happy to talk it through: reply here or message me directly.",
    "Reply here or message me directly with any questions; I'm glad to talk it through.",
)
