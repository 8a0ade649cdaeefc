"""Reading a submitted view's input values, safe against payloads of another shape."""

from __future__ import annotations


def input_state(values: object, block: str, action: str) -> dict:
    """`values[block][action]`, or {} when a forged payload has another shape."""
    got = values.get(block) if isinstance(values, dict) else None
    got = got.get(action) if isinstance(got, dict) else None
    return got if isinstance(got, dict) else {}


def input_text(values: object, block: str, action: str) -> str:
    """A text input's value, stripped; "" when missing or not text."""
    value = input_state(values, block, action).get("value")
    return value.strip() if isinstance(value, str) else ""


def input_choice(values: object, block: str, action: str) -> str:
    """The value of a radio or static select's chosen option; "" when none."""
    option = input_state(values, block, action).get("selected_option") or {}
    return option.get("value", "") if isinstance(option, dict) else ""
