"""Saving settings holds or releases queued nudges and cancels unwanted kind words."""

from datetime import UTC, datetime, timedelta

from support.factories import new_oops

from storage import nudge_queue
from storage import repositories as repo
from storage.user_settings import Prefs, get_prefs, save_prefs

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _oops(sf, author="U0AUTH"):
    with sf.begin() as s:
        repo.record_oops(
            s,
            now=NOW,
            nudges=[("reflection", NOW), ("kindness", NOW)],
            new=new_oops(
                author_id=author,
                severity="serious",
            ),
        )


def _statuses(sf, author="U0AUTH"):
    with sf() as s:
        return sorted(
            (n.kind, n.status)
            for o in repo.list_oopses(s, team_id="T1", author_id=author)
            for n in o.nudges
        )


def test_defaults_then_round_trip(session_factory):
    with session_factory.begin() as s:
        assert get_prefs(s, team_id="T1", user_id="U0AUTH") == Prefs()
        save_prefs(
            s,
            team_id="T1",
            user_id="U0AUTH",
            now=NOW,
            prefs=Prefs(working_hours="08:00-16:00", cadence=2.0),
        )
    with session_factory() as s:
        assert get_prefs(s, team_id="T1", user_id="U0AUTH") == Prefs("08:00-16:00", 2.0)


def test_pause_takes_nudges_out_of_the_queue_and_resume_puts_them_back(session_factory):
    _oops(session_factory)
    _oops(session_factory, author="U0OTHER")
    with session_factory.begin() as s:
        save_prefs(s, team_id="T1", user_id="U0AUTH", now=NOW, prefs=Prefs(paused=True))
    assert _statuses(session_factory) == [("kindness", "paused"), ("reflection", "paused")]
    with session_factory.begin() as s:
        assert (
            nudge_queue.claim_due_nudges(
                s, now=NOW + timedelta(days=1), limit=10, lease=timedelta(minutes=5)
            )[0].author_id
            == "U0OTHER"
        )
    with session_factory.begin() as s:
        save_prefs(s, team_id="T1", user_id="U0AUTH", now=NOW, prefs=Prefs(kind_words=False))
    assert _statuses(session_factory) == [("kindness", "cancelled"), ("reflection", "pending")]
