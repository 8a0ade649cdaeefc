"""The coach: drafts an owning-up message and reviews a draft for what weakens it.

Pure Python, deterministic, no network, no Slack and no database:

    draft(DraftFacts(what_happened="...", severity="serious")) -> str
    review(text) -> list[Finding]   # sorted by start; kinds are in KINDS
    review_message(text) -> list[Finding]   # the same, or [] for text not in English
"""

from bot.coach.drafting import DraftFacts, draft
from bot.coach.findings import KINDS, Finding
from bot.coach.matcher import review, review_message

__all__ = ["KINDS", "DraftFacts", "Finding", "draft", "review", "review_message"]
