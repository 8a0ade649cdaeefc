"""The coach's rule table: every rule, grouped by what it looks for."""

from __future__ import annotations

from bot.coach.rulebook.defensive import BLAME_RULES, COUNTERFACTUAL_RULES, EXCUSE_RULES
from bot.coach.rulebook.evasion import CONDITIONAL_RULES, MINIMIZING_RULES
from bot.coach.rulebook.passive import PASSIVE_RULES
from bot.coach.rulebook.structure import STRUCTURE_RULES
from bot.coach.rulebook.tone import OVER_APOLOGY_RULES
from bot.coach.rules import Rule

RULES: tuple[Rule, ...] = (
    *EXCUSE_RULES,
    *COUNTERFACTUAL_RULES,
    *BLAME_RULES,
    *PASSIVE_RULES,
    *MINIMIZING_RULES,
    *CONDITIONAL_RULES,
    *OVER_APOLOGY_RULES,
    *STRUCTURE_RULES,
)
