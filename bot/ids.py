"""Every callback_id, action_id and block_id in one place; manifest.yml must agree."""

from enum import StrEnum

# Radio values of the compose form, stored as they are: defined with the other stored states.
from bot.states import Delivery, Severity

__all__ = ["COMMAND", "SHORTCUT_OWN_UP", "Action", "Block", "Callback", "Delivery", "Severity"]

COMMAND = "/oops"
SHORTCUT_OWN_UP = "own_up_to_this"


class Callback(StrEnum):
    """View callback_ids."""

    COMPOSE = "oops_compose"
    PREVIEW = "oops_preview"
    RESULT = "oops_result"
    NUDGE_ANSWER = "nudge_answer"
    FORGET = "oops_forget"
    FEEDBACK = "oops_feedback"
    SETTINGS = "oops_settings"
    STEP_REASSIGN = "step_reassign"
    HOME_LIST = "home_list"


class Block(StrEnum):
    """Input block_ids in the compose and preview modals."""

    WHAT = "what_happened"
    IMPACT = "impact"
    WHY = "why"
    AFFECTED = "affected"
    DELIVERY = "delivery"
    CHANNEL = "channel"
    SEVERITY = "severity"
    REPAIR = "repair"
    PREVENTION = "prevention"
    MESSAGE = "message"
    COACH = "coach"
    ANSWER = "answer"
    OWNER = "owner"
    DUE = "due"
    FEEDBACK_TEXT = "feedback"
    FEEDBACK_ANONYMOUS = "feedback_anonymous"
    HOURS = "hours"
    HELD = "held"
    CADENCE = "cadence"
    OPTIONS = "options"
    NEW_OWNER = "new_owner"
    AWAY_UNTIL = "away_until"


class Action(StrEnum):
    """action_ids of inputs and buttons."""

    WHAT = "what_happened_input"
    IMPACT = "impact_input"
    WHY = "why_input"
    AFFECTED = "affected_input"
    DELIVERY = "delivery_input"
    CHANNEL = "channel_input"
    SEVERITY = "severity_input"
    REPAIR = "repair_input"
    PREVENTION = "prevention_input"
    MESSAGE = "message_input"
    ANSWER = "answer_input"
    OWNER = "owner_input"
    DUE = "due_input"
    NUDGE_ANSWER = "nudge_answer"
    NUDGE_SNOOZE_HOUR = "nudge_snooze_hour"
    NUDGE_SNOOZE_TOMORROW = "nudge_snooze_tomorrow"
    NUDGE_SKIP = "nudge_skip"
    STEP_DONE = "prevention_done"
    REPLY_THANKS = "reply_thanks"
    REPLY_STILL_AFFECTED = "reply_still_affected"
    REPLY_FEEDBACK = "reply_feedback"
    FEEDBACK_TEXT = "feedback_input"
    FEEDBACK_ANONYMOUS = "feedback_anonymous"
    OPEN_SETTINGS = "open_settings"
    REOPEN_DRAFT = "reopen_draft"
    FIX_DRAFT = "fix_draft"
    POST_FOLLOWUP = "post_followup"
    HOURS = "hours_input"
    HELD = "held_input"
    CADENCE = "cadence_input"
    OPTIONS = "options_input"
    STEP_NOT_MINE = "step_not_mine"
    STEP_REASSIGN = "step_reassign"
    NEW_OWNER = "new_owner_input"
    SHOW_ALL = "home_show_all"
    SHOW_PAGE = "home_show_page"
    AWAY_UNTIL = "away_until_input"
    UNDO_TYPED = "undo_typed_answer"
