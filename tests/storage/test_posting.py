"""The posting intent on SQLite and PostgreSQL: one winner for every transition."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from support.factories import new_oops

from storage import posting
from storage import repositories as repo
from storage.models import Draft, Nudge, Oops
from storage.states import PostStatus

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _draft(sf, author="U0AUTH") -> int:
    with sf.begin() as s:
        return repo.save_draft(s, team_id="T1", author_id=author, fields={"a": 1}, now=NOW).id


def _start(sf, draft_id, author="U0AUTH") -> int | None:
    with sf.begin() as s:
        return posting.start_posting(
            s, draft_id=draft_id, author_id=author, now=NOW, new=new_oops(message_ts=None)
        )


def test_the_intent_is_written_before_and_the_draft_is_claimed_once(session_factory):
    draft_id = _draft(session_factory)
    assert _start(session_factory, draft_id, author="USOMEONE") is None
    oops_id = _start(session_factory, draft_id)
    assert oops_id is not None
    assert _start(session_factory, draft_id) is None  # a second press
    with session_factory() as s:
        assert [o.status for o in s.query(Oops)] == [PostStatus.POSTING]
        assert s.get(Draft, draft_id).posting_oops_id == oops_id


def test_concurrent_presses_claim_the_draft_once(session_factory):
    draft_id = _draft(session_factory)
    results, barrier = [], threading.Barrier(6)

    def press():
        barrier.wait()
        try:
            results.append(_start(session_factory, draft_id))
        except Exception as err:  # a lock conflict also counts as "not this one"
            results.append(type(err).__name__)

    threads = [threading.Thread(target=press) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, int) for r in results) == 1, results
    with session_factory() as s:
        assert s.query(Oops).count() == 1


def test_finish_schedules_once_and_drops_the_draft(session_factory):
    draft_id = _draft(session_factory)
    oops_id = _start(session_factory, draft_id)
    due = [("reflection", NOW + timedelta(days=1))]
    for expected in (True, False):  # a replay (another replica, the recovery sweep) changes nothing
        with session_factory.begin() as s:
            won = posting.finish_posting(
                s,
                oops_id=oops_id,
                message_ts="1.5",
                channel_id="C9",
                nudges=due,
                paused=False,
                now=NOW,
            )
        assert won is expected
    with session_factory() as s:
        oops = s.get(Oops, oops_id)
        assert (oops.status, oops.message_ts, oops.channel_id) == ("posted", "1.5", "C9")
        assert s.query(Nudge).count() == 1
        assert s.get(Draft, draft_id) is None


def test_unknown_then_abandoned_gives_the_draft_back_with_the_message(session_factory):
    draft_id = _draft(session_factory)
    oops_id = _start(session_factory, draft_id)
    with session_factory.begin() as s:
        assert posting.mark_unknown(s, oops_id=oops_id, now=NOW)
        assert not posting.mark_unknown(s, oops_id=oops_id, now=NOW)
    with session_factory() as s:
        found = posting.unconfirmed_posts(
            s, posting_before=NOW, unknown_before=NOW + timedelta(seconds=1), limit=5
        )
        assert [p.id for p in found] == [oops_id]
    with session_factory.begin() as s:
        assert posting.abandon_posting(s, oops_id=oops_id, message="edited", now=NOW) == draft_id
    with session_factory.begin() as s:
        assert posting.abandon_posting(s, oops_id=oops_id, message="x", now=NOW) is None
        assert not posting.finish_posting(
            s, oops_id=oops_id, message_ts="1", channel_id="C", nudges=[], paused=False, now=NOW
        )
    with session_factory() as s:
        draft = s.get(Draft, draft_id)
        assert draft.posting_oops_id is None and draft.fields["message"] == "edited"
        assert s.query(Oops).count() == 0


def test_a_draft_in_flight_is_not_discarded_as_stale(session_factory):
    draft_id = _draft(session_factory)
    _start(session_factory, draft_id)
    with session_factory.begin() as s:
        assert repo.delete_stale_drafts(s, older_than=NOW + timedelta(days=9)) == 0
    with session_factory() as s:
        assert s.get(Draft, draft_id) is not None
