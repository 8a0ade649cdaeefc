"""The personal settings modal and its one-line summary for App Home."""

from __future__ import annotations

from bot.ids import Action, Block, Callback
from bot.views.blocks import modal, option, text_input
from storage.user_settings import Prefs

CADENCE_OPTIONS = {
    "sooner": ("Sooner", "Half the usual wait between check-ins"),
    "standard": ("Standard", "A day, three days, two weeks"),
    "slower": ("Slower", "Twice the usual wait"),
}
CADENCE_VALUES = {"sooner": 0.5, "standard": 1.0, "slower": 2.0}
PAUSED, KIND_WORDS = "paused", "kind_words"


def cadence_name(cadence: float) -> str:
    """The option whose multiplier is nearest `cadence`."""
    return min(CADENCE_VALUES, key=lambda name: abs(CADENCE_VALUES[name] - cadence))


def build_settings_modal(prefs: Prefs, default_hours: str) -> dict:
    """Working hours, cadence, pause and kind words, prefilled with the current values."""
    cadence = [option(v, *CADENCE_OPTIONS[v]) for v in CADENCE_OPTIONS]
    checks = [
        option(PAUSED, "Pause all check-ins", "Nothing is sent until you untick this"),
        option(KIND_WORDS, "A kind word after a serious oops", "One short note the next day"),
    ]
    ticked = [
        o
        for o in checks
        if (o["value"] == PAUSED and prefs.paused)
        or (o["value"] == KIND_WORDS and prefs.kind_words)
    ]
    options_element: dict = {"type": "checkboxes", "action_id": Action.OPTIONS, "options": checks}
    if ticked:
        options_element["initial_options"] = ticked
    blocks = [
        text_input(
            Block.HOURS,
            Action.HOURS,
            "My working hours",
            multiline=False,
            optional=True,
            initial=prefs.working_hours or "",
            max_length=16,
            placeholder=f"Team default: {default_hours}",
            hint="Like 08:30-16:30 in your own time zone, weekdays; 'off' for any time; "
            "empty for the team default.",
        ),
        {
            "type": "input",
            "block_id": Block.CADENCE,
            "label": {"type": "plain_text", "text": "How often to check in"},
            "element": {
                "type": "radio_buttons",
                "action_id": Action.CADENCE,
                "options": cadence,
                "initial_option": cadence[list(CADENCE_OPTIONS).index(cadence_name(prefs.cadence))],
            },
        },
        {
            "type": "input",
            "block_id": Block.OPTIONS,
            "optional": True,
            "label": {"type": "plain_text", "text": "Options"},
            "element": options_element,
        },
    ]
    return modal(Callback.SETTINGS, "Your settings", blocks, submit="Save")


def settings_summary(prefs: Prefs, default_hours: str) -> str:
    """E.g. 'Check-ins: standard pace, 09:00-17:00 weekdays · kind words on'."""
    if prefs.paused:
        return ":double_vertical_bar: Check-ins are paused."
    hours = prefs.working_hours or default_hours
    when = "any time" if hours == "off" else f"{hours} weekdays"
    kind = "on" if prefs.kind_words else "off"
    return f"Check-ins: {cadence_name(prefs.cadence)} pace, {when} · kind words {kind}"
