"""What a test needs from outside this repository: skip on a developer's machine, fail on CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def on_ci() -> bool:
    """True when the environment variable CI is set to anything but blank (CI runs everything)."""
    return bool(os.environ.get("CI", "").strip())


def skip_unless_ci(reason: str) -> NoReturn:
    """Skip the test with `reason` (made one line); on CI fail with it instead."""
    __tracebackhide__ = True  # report the caller's line, not this one
    reason = " ".join(reason.split())
    if on_ci():
        pytest.fail(f"{reason} (CI is set: this test must run, not skip)", pytrace=False)
    pytest.skip(reason)
