"""An installation's check-ins held at its removal and queued again at its reinstall, and its
content deleted from every table once the grace is over, on SQLite and PostgreSQL:
conditional changes, so a replay changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from support.factories import new_oops
from support.people_rows import belongs_to, every_row, seed_rows

from storage import repositories as repo
from storage import workspace_removals as removals
from storage.install_key import InstallKey
from storage.models import Nudge

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WORKSPACE = InstallKey("E0GRID", "T0GRID")
OTHER = InstallKey(None, "T0OTHER")


def _oops(s, key: InstallKey, *due_in_days: int) -> int:
    kinds = ("reflection", "prevention", "followup")
    nudges = [(kinds[i], T0 + timedelta(days=d)) for i, d in enumerate(due_in_days)]
    new = new_oops(team_id=key.team_id, install=key)
    return repo.record_oops(s, now=T0, nudges=nudges, new=new).id


def _statuses(session_factory, key: InstallKey) -> list[tuple[int, str, str]]:
    """(oops id, kind, status) of the installation's check-ins."""
    with session_factory() as s:
        rows = s.scalars(select(Nudge).where(Nudge.install_team_id == key.team_id))
        return sorted((n.oops_id, n.kind, n.status) for n in rows)


def test_held_check_ins_come_back_and_the_stale_are_cancelled(session_factory):
    with session_factory.begin() as s:
        cancelled_before = _oops(s, WORKSPACE, 1)
        repo.cancel_oops(s, oops_id=cancelled_before)
        held = _oops(s, WORKSPACE, 1, 5, 20)
        other = _oops(s, OTHER, 1)
    with session_factory.begin() as s:
        assert removals.hold_unsent_nudges(s, key=WORKSPACE) == 3
        assert removals.hold_unsent_nudges(s, key=WORKSPACE) == 0  # a replay
    assert _statuses(session_factory, OTHER) == [(other, "reflection", "pending")]

    stale_before = T0 + timedelta(days=3)  # the reflection (day 1) is stale, day 5 is not
    with session_factory.begin() as s:
        assert removals.resume_held_nudges(s, key=WORKSPACE, stale_before=stale_before) == (2, 1)
        assert removals.resume_held_nudges(s, key=WORKSPACE, stale_before=stale_before) == (0, 0)
    assert _statuses(session_factory, WORKSPACE) == [
        (cancelled_before, "reflection", "cancelled"),  # cancelled with its oops: stays so
        (held, "followup", "pending"),
        (held, "prevention", "pending"),
        (held, "reflection", "cancelled"),
    ]


ORG = InstallKey("E0ORG", None, is_enterprise_install=True)


def test_an_org_wide_installations_content_goes_from_every_table_and_no_one_elses(
    session_factory,
):
    with session_factory.begin() as s:
        for team, person in (("T0ORGW1", "U0ONE"), ("T0ORGW2", "U0TWO")):  # two workspaces
            seed_rows(s, person=person, named=person, team=team, columns=ORG.columns)
        seed_rows(s, person="U0GRID", named="U0GRID", team="T0GRID", columns=WORKSPACE.columns)
        # Someone of that other org, in a shared channel of this one (Slack Connect): their
        # oops here goes, their own team's rows stay with their organisation.
        seed_rows(s, person="U0GUEST", named="U0GUEST", team="T0GRID", columns=ORG.columns)
    with session_factory() as s:
        before = every_row(s)
        assert removals.teams_of(s, key=ORG) == ["T0ORGW1", "T0ORGW2"]
    with session_factory.begin() as s:
        assert removals.delete_workspace_people(s, key=ORG) == 2 * len(removals.people_tables())
        assert removals.delete_workspace_oopses(s, key=ORG, limit=10) == 3
    with session_factory() as s:
        after = every_row(s)
    for name, rows in before.items():
        kept = [r for r in rows if belongs_to(WORKSPACE, name, r, before)]
        assert sorted(after[name], key=str) == sorted(kept, key=str), name
        assert kept, f"{name}: nothing of the other organisation's to keep"


def test_a_dm_that_went_out_during_the_removal_is_not_sent_again_on_reinstall(session_factory):
    """The sweep had claimed three check-ins when the uninstall event came: one DM reached
    Slack, one's answer was lost, one failed (the token was gone). Their outcomes are written
    after the hold; only the failed one is queued again by the reinstall."""
    from storage import nudge_queue

    with session_factory.begin() as s:
        oops_id = _oops(s, WORKSPACE, 0, 0, 0)
    with session_factory.begin() as s:
        sent, lost, failed = nudge_queue.claim_due_nudges(
            s, now=T0 + timedelta(hours=1), limit=10, lease=timedelta(minutes=5)
        )
    with session_factory.begin() as s:
        assert removals.hold_unsent_nudges(s, key=WORKSPACE) == 3
    with session_factory.begin() as s:
        delivery = nudge_queue.Delivery(sent.id, sent.claim_token, "D0AUTHOR", "1.2")
        nudge_queue.mark_nudges_sent(s, [delivery], now=T0)
        assert nudge_queue.mark_nudge_unknown(
            s, nudge_id=lost.id, claim_token=lost.claim_token, now=T0, error="timeout"
        )
        assert nudge_queue.mark_nudge_failed(
            s, nudge_id=failed.id, claim_token=failed.claim_token, retry_at=T0, error="x"
        )
    with session_factory.begin() as s:
        stale_before = T0 - timedelta(days=3)
        assert removals.resume_held_nudges(s, key=WORKSPACE, stale_before=stale_before) == (1, 0)
    by_kind = {kind: status for _, kind, status in _statuses(session_factory, WORKSPACE)}
    assert by_kind == {sent.kind: "sent", lost.kind: "unknown", failed.kind: "pending"}
    with session_factory() as s:
        claims = s.scalars(select(Nudge.claim_token).where(Nudge.oops_id == oops_id)).all()
        assert claims == [None, None, None]
