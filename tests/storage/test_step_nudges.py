"""Step DMs as nudge rows: queued, called off, claimed once, dropped when the step moved on;
done, decline and reassign are conditional, so replays change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from support.factories import new_oops

from storage import nudge_queue, step_nudges, steps
from storage import repositories as repo
from storage.states import NudgeKind

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def _step(s, owner="U0OWNER"):
    oops = repo.record_oops(s, now=NOW, nudges=[], new=new_oops(author_id="U0AUTH"))
    return steps.add_step(
        s,
        oops_id=oops.id,
        team_id="T1",
        author_id="U0AUTH",
        description="check",
        owner_id=owner,
        due_on=date(2026, 3, 4),
        now=NOW,
    )


def test_a_queued_dm_is_claimed_once_with_its_step(session_factory):
    with session_factory.begin() as s:
        step = _step(s)
        step_nudges.queue_step_nudge(
            s, step=step, kind=NudgeKind.STEP_ASSIGNED, recipient="U0OWNER", due_at=NOW
        )
    with session_factory.begin() as s:
        (claimed,) = nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=LEASE)
        assert nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=LEASE) == []
    assert claimed.author_id == "U0OWNER" and claimed.step.description == "check"
    assert claimed.step.owner_id == "U0OWNER" and claimed.step.due_on == date(2026, 3, 4)


def test_done_calls_off_queued_dms_and_a_claim_drops_a_dm_whose_step_moved_on(session_factory):
    with session_factory.begin() as s:
        step = _step(s)
        for kind in (NudgeKind.STEP_DUE, NudgeKind.STEP_ASSIGNED):
            step_nudges.queue_step_nudge(s, step=step, kind=kind, recipient="U0OWNER", due_at=NOW)
        step_id = step.id
    with session_factory.begin() as s:
        assert steps.complete_step(s, step_id=step_id, user_id="U0STRANGER", now=NOW) is None
        assert steps.complete_step(s, step_id=step_id, user_id="U0OWNER", now=NOW) is True
        assert steps.complete_step(s, step_id=step_id, user_id="U0AUTH", now=NOW) is False
        # Done without calling off (another replica's row in flight): the claim drops it.
        assert nudge_queue.claim_due_nudges(s, now=NOW, limit=10, lease=LEASE) == []
        assert step_nudges.cancel_step_nudges(s, step_id=step_id) == 0


def test_decline_once_and_reassign_only_from_the_owner_it_had(session_factory):
    with session_factory.begin() as s:
        step_id = _step(s).id
    with session_factory.begin() as s:
        assert not steps.decline_step(s, step_id=step_id, owner_id="U0AUTH", now=NOW)
        assert steps.decline_step(s, step_id=step_id, owner_id="U0OWNER", now=NOW)
        assert not steps.decline_step(s, step_id=step_id, owner_id="U0OWNER", now=NOW)
        move = {"step_id": step_id, "author_id": "U0AUTH", "new_owner": "U0NEW"}
        assert steps.reassign_step(s, **move, old_owner="U0OWNER")
        assert not steps.reassign_step(s, **move, old_owner="U0OWNER")  # a replay
        shown = steps.list_open_steps(s, team_id="T1", user_id="U0NEW")
        assert [(x.owner_id, x.declined_at) for x in shown] == [("U0NEW", None)]
        assert steps.list_open_steps(s, team_id="T1", user_id="U0OWNER") == []


def test_an_owner_who_passed_a_step_back_can_no_longer_close_it_but_its_author_can(
    session_factory,
):
    with session_factory.begin() as s:
        step_id = _step(s).id
        assert steps.decline_step(s, step_id=step_id, owner_id="U0OWNER", now=NOW)
    with session_factory.begin() as s:
        assert steps.complete_step(s, step_id=step_id, user_id="U0OWNER", now=NOW) is None
        assert steps.list_open_steps(s, team_id="T1", user_id="U0OWNER") == []
        assert steps.complete_step(s, step_id=step_id, user_id="U0AUTH", now=NOW) is True
        assert steps.complete_step(s, step_id=step_id, user_id="U0AUTH", now=NOW) is False
