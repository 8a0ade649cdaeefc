"""A prevention step's owner must be a reachable person, and its due date a plausible one."""

from __future__ import annotations

from datetime import date

from bot.checkins import answer_errors
from bot.i18n import translator
from bot.ids import Block
from bot.people import refuse_unreachable_owner

TODAY = date(2026, 3, 2)
T = translator(None)


class Users:
    """users.info from a table of users."""

    def __init__(self, users: dict[str, dict]) -> None:
        self.users = users

    def users_info(self, *, user: str, **_):
        return {"user": {"id": user, **self.users[user]}}


def _impatient_is_identity(monkeypatch):
    monkeypatch.setattr("bot.people.impatient", lambda client, timeout: client)


def test_apps_and_deactivated_people_cannot_own_a_step(monkeypatch):
    _impatient_is_identity(monkeypatch)
    slack = Users(
        {
            "UBOT": {"is_bot": True, "real_name": "oops"},
            "UGONE": {"deleted": True, "real_name": "Sam"},
            "UPERSON": {"real_name": "Ana"},
        }
    )
    assert "oops is an app" in refuse_unreachable_owner(slack, "UBOT")
    assert "Sam has been deactivated" in refuse_unreachable_owner(slack, "UGONE")
    assert refuse_unreachable_owner(slack, "UPERSON") is None
    assert refuse_unreachable_owner(slack, None) is None


def test_a_due_date_in_the_past_or_years_ahead_is_refused_on_its_block():
    def due_error(due: str):
        errors, _ = answer_errors("add a check", None, due, T, today=TODAY)
        return errors.get(Block.DUE)

    assert due_error("2020-01-01") == "Pick today or a later date."
    assert due_error("9999-12-31") == "Pick a date within two years."
    assert due_error("2026-03-01") is None  # yesterday in UTC may be today somewhere
    assert due_error("2027-06-30") is None
    assert due_error("soon") == "Pick a date."
