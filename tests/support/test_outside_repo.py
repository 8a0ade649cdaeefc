"""A test that needs a file outside the repo skips with one line, and fails instead on CI."""

from __future__ import annotations

import pytest

from support.outside_repo import skip_unless_ci

REASON = "the schema is not at /nowhere:\n put it there"


def test_skips_with_the_reason_on_one_line_when_ci_is_unset(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        skip_unless_ci(REASON)
    assert str(skipped.value) == "the schema is not at /nowhere: put it there"


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_ci_variable_still_skips(monkeypatch, blank: str) -> None:
    monkeypatch.setenv("CI", blank)
    with pytest.raises(pytest.skip.Exception):
        skip_unless_ci(REASON)


def test_fails_with_the_same_reason_when_ci_is_set(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        skip_unless_ci(REASON)
    message = str(failed.value)
    assert message.startswith("the schema is not at /nowhere: put it there")
    assert "\n" not in message and "CI is set" in message
