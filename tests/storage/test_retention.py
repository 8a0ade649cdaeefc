"""Retention on SQLite and PostgreSQL: old oopses and what hangs off them go, recent ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from support.clock import FrozenClock
from support.factories import new_oops

from bot.retention import apply_retention
from storage import repositories as repo
from storage import steps
from storage.models import AffectedPerson, Answer, Nudge, Oops, PreventionStep, Reply

START = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)
YEAR = timedelta(days=365)


def _oops_with_everything(s, *, now: datetime, pending: bool = False) -> int:
    """An oops with an affected person, two check-ins (one answered), a safeguard, a reply."""
    oops = repo.record_oops(
        s,
        new=new_oops(affected=["U0HURT"]),
        now=now,
        nudges=[("reflection", now + timedelta(days=1)), ("followup", now + timedelta(days=14))],
    )
    reflection, followup = oops.nudges
    reflection.status = "sent"
    s.flush()
    repo.record_answer(s, nudge=reflection, text="what I learnt", now=now + timedelta(days=1))
    followup.status = "pending" if pending else "skipped"
    steps.add_step(
        s,
        oops_id=oops.id,
        team_id="T1",
        author_id="U0AUTH",
        description="a checklist",
        owner_id="U0AUTH",
        due_on=None,
        now=now,
    )
    repo.record_reply(s, oops_id=oops.id, team_id="T1", user_id="U0HURT", kind="thanks", now=now)
    return oops.id


def _count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


def test_old_rows_go_in_batches_recent_and_open_ones_stay(session_factory):
    with session_factory.begin() as s:
        old = [_oops_with_everything(s, now=START) for _ in range(3)]
        waiting = _oops_with_everything(s, now=START, pending=True)
    clock = FrozenClock(START + timedelta(days=200))
    with session_factory.begin() as s:
        recent = _oops_with_everything(s, now=clock())

    clock.advance(days=200)  # the first four are 400 days old, the last 200
    # Two rows per batch and at most two batches per run: bounded work per run.
    first = apply_retention(session_factory, clock, YEAR, batch_rows=2, max_batches=2)
    assert first["oopses"] == 3
    second = apply_retention(session_factory, clock, YEAR, batch_rows=2, max_batches=10)
    assert second["oopses"] == 0

    with session_factory() as s:
        left = set(s.scalars(select(Oops.id)))
        assert left == {waiting, recent} and not left & set(old)
        # The oops waiting for a check-in keeps its people and safeguard; its answer, reply and
        # finished check-in are old enough to go on their own.
        for model in (AffectedPerson, PreventionStep):
            assert set(s.scalars(select(model.oops_id))) == {waiting, recent}, model
        for model in (Answer, Reply):
            assert set(s.scalars(select(model.oops_id))) == {recent}, model
        assert _count(s, Nudge) == 3


def test_finished_checkins_answers_and_replies_of_kept_oopses_go_too(session_factory):
    with session_factory.begin() as s:
        waiting = _oops_with_everything(s, now=START, pending=True)
    clock = FrozenClock(START + timedelta(days=400))
    apply_retention(session_factory, clock, YEAR)
    with session_factory() as s:
        assert set(s.scalars(select(Oops.id))) == {waiting}
        # The oops waits for its pending check-in; its finished one, answer and reply are over.
        assert [n.status for n in s.scalars(select(Nudge))] == ["pending"]
        assert _count(s, Answer) == 0 and _count(s, Reply) == 0


def test_off_keeps_everything(session_factory):
    with session_factory.begin() as s:
        _oops_with_everything(s, now=START)
    clock = FrozenClock(START + timedelta(days=3650))
    assert not any(apply_retention(session_factory, clock, None).values())
    with session_factory() as s:
        assert _count(s, Oops) == 1 and _count(s, Answer) == 1
