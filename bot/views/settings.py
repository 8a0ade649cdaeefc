"""The personal settings modal and its one-line summary for App Home."""

from __future__ import annotations

from bot.i18n import N_, Translator, translator
from bot.ids import Action, Block, Callback
from bot.views.blocks import modal, option, text_input
from storage.user_settings import Prefs

CADENCE_OPTIONS = {
    "sooner": (N_("Sooner"), N_("Half the usual wait between check-ins")),
    "standard": (N_("Standard"), N_("A day, three days, two weeks")),
    "slower": (N_("Slower"), N_("Twice the usual wait")),
}
CADENCE_PACES = {
    "sooner": N_("sooner pace"),
    "standard": N_("standard pace"),
    "slower": N_("slower pace"),
}
CADENCE_VALUES = {"sooner": 0.5, "standard": 1.0, "slower": 2.0}
PAUSED, KIND_WORDS = "paused", "kind_words"


def cadence_name(cadence: float) -> str:
    """The option whose multiplier is nearest `cadence`."""
    return min(CADENCE_VALUES, key=lambda name: abs(CADENCE_VALUES[name] - cadence))


def _away_input(prefs: Prefs, t: Translator) -> dict:
    """The "away until" date (optional: empty means not away)."""
    element: dict = {"type": "datepicker", "action_id": Action.AWAY_UNTIL}
    if prefs.away_until is not None:
        element["initial_date"] = prefs.away_until.isoformat()
    return {
        "type": "input",
        "block_id": Block.AWAY_UNTIL,
        "optional": True,
        "label": {"type": "plain_text", "text": t("Away until")},
        "hint": {
            "type": "plain_text",
            "text": t(
                "Your last day away. Check-ins due before then wait for your first working "
                "hour after it. A Slack status such as 'On vacation' does the same."
            ),
        },
        "element": element,
    }


def build_settings_modal(prefs: Prefs, default_hours: str, locale: str | None = None) -> dict:
    """Working hours, cadence, pause and kind words, prefilled with the current values."""
    t = translator(locale)
    cadence = [option(v, t(label), t(about)) for v, (label, about) in CADENCE_OPTIONS.items()]
    checks = [
        option(PAUSED, t("Pause all check-ins"), t("Nothing is sent until you untick this")),
        option(KIND_WORDS, t("A kind word after a serious oops"), t("One short note the next day")),
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
            t("My working hours"),
            multiline=False,
            optional=True,
            initial=prefs.working_hours or "",
            max_length=16,
            placeholder=t("Team default: {hours}", hours=default_hours),
            hint=t(
                "Like 08:30-16:30 in your own time zone, weekdays; 'off' for any time; "
                "empty for the team default."
            ),
        ),
        {
            "type": "input",
            "block_id": Block.CADENCE,
            "label": {"type": "plain_text", "text": t("How often to check in")},
            "element": {
                "type": "radio_buttons",
                "action_id": Action.CADENCE,
                "options": cadence,
                "initial_option": cadence[list(CADENCE_OPTIONS).index(cadence_name(prefs.cadence))],
            },
        },
        _away_input(prefs, t),
        {
            "type": "input",
            "block_id": Block.OPTIONS,
            "optional": True,
            "label": {"type": "plain_text", "text": t("Options")},
            "element": options_element,
        },
    ]
    return modal(Callback.SETTINGS, t("Your settings"), blocks, submit=t("Save"), close=t("Cancel"))


def settings_summary(prefs: Prefs, default_hours: str, locale: str | None = None) -> str:
    """E.g. 'Check-ins: standard pace, 09:00-17:00 weekdays · kind words on'."""
    t = translator(locale)
    if prefs.paused:
        return t(":double_vertical_bar: Check-ins are paused.")

    hours = prefs.working_hours or default_hours
    when = t("any time") if hours == "off" else t("{hours} weekdays", hours=hours)
    pace = t(CADENCE_PACES[cadence_name(prefs.cadence)])
    if prefs.kind_words:
        return t("Check-ins: {pace}, {when} · kind words on", pace=pace, when=when)
    return t("Check-ins: {pace}, {when} · kind words off", pace=pace, when=when)
