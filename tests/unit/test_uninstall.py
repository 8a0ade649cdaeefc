"""Uninstall: check-ins held at once by installation key and queued again by a reinstall;
content deleted after the grace period unless the installation came back; replays change
nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from support.clock import FrozenClock
from support.factories import new_oops

from bot.config import ConfigError, load_settings
from bot.uninstall import (
    STALE_AFTER,
    purge_removed_workspaces,
    removed_installation,
    resume_installation,
    stop_installation,
)
from storage import repositories as repo
from storage.install_key import InstallKey
from storage.models import Draft, Nudge, Oops, WorkspaceRemoval

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GRACE = timedelta(days=30)
WORKSPACE = InstallKey("E0GRID", "T0GRID")
ORG = InstallKey("E0ORG", None, is_enterprise_install=True)


class Store:
    """Just enough of an installation store: who is installed, what was deleted."""

    def __init__(self, *installed: InstallKey) -> None:
        self.installed, self.deleted = set(installed), []

    def find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False):
        key = InstallKey(enterprise_id, team_id, bool(is_enterprise_install))
        return object() if key in self.installed else None

    def delete_all(self, *, enterprise_id, team_id):
        self.deleted.append((enterprise_id, team_id))
        self.installed = {
            k for k in self.installed if (k.enterprise_id, k.team_id) != (enterprise_id, team_id)
        }


@pytest.fixture
def sf(file_db):
    return file_db


def _oops(sf, key: InstallKey, team_id: str) -> None:
    with sf.begin() as s:
        repo.record_oops(
            s,
            now=T0,
            nudges=[("reflection", T0 + timedelta(days=1))],
            new=new_oops(team_id=team_id, install=key),
        )
        repo.save_draft(s, team_id=team_id, author_id="U0AUTH", fields={}, now=T0)


def _count(sf, what) -> int:
    with sf() as s:
        return s.scalar(select(func.count()).select_from(what))


def test_removal_cancels_then_content_goes_after_the_grace(sf):
    _oops(sf, WORKSPACE, "T0GRID")
    _oops(sf, ORG, "T0ORGWS")
    clock, store = FrozenClock(T0), Store(WORKSPACE, ORG)
    assert stop_installation(sf, store, clock, key=WORKSPACE) == 1
    assert stop_installation(sf, store, clock, key=WORKSPACE) == 0  # a replay: nothing more
    assert store.deleted == [("E0GRID", "T0GRID")] * 2
    with sf() as s:
        assert sorted(n.status for n in s.scalars(select(Nudge))) == ["pending", "uninstalled"]

    clock.advance(days=29)
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 0
    assert _count(sf, Oops) == 2
    clock.advance(days=2)
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 1
    with sf() as s:
        assert [o.team_id for o in s.scalars(select(Oops))] == ["T0ORGWS"]
        assert [d.team_id for d in s.scalars(select(Draft))] == ["T0ORGWS"]
    assert _count(sf, WorkspaceRemoval) == 0
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 0  # a second replica: nothing


def _statuses(sf) -> list[str]:
    with sf() as s:
        return sorted(n.status for n in s.scalars(select(Nudge)))


def test_a_reinstall_within_the_grace_keeps_everything(sf):
    _oops(sf, ORG, "T0ORGWS")
    clock, store = FrozenClock(T0), Store(ORG)
    stop_installation(sf, store, clock, key=ORG)
    store.installed.add(ORG)  # installed again a week later, without its resume running
    clock.advance(days=31)
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 0
    assert _count(sf, Oops) == 1 and _count(sf, WorkspaceRemoval) == 0
    assert _statuses(sf) == ["cancelled"]  # the purge resumed it: 30 days late, too stale


def test_a_reinstall_queues_the_held_check_ins_once(sf):
    _oops(sf, WORKSPACE, "T0GRID")  # its check-in is due a day after T0
    clock, store = FrozenClock(T0), Store(WORKSPACE)
    stop_installation(sf, store, clock, key=WORKSPACE)
    clock.advance(days=1, hours=1)  # an hour overdue: it goes
    assert resume_installation(sf, clock, key=WORKSPACE) == 1
    assert _statuses(sf) == ["pending"] and _count(sf, WorkspaceRemoval) == 0
    assert resume_installation(sf, clock, key=WORKSPACE) == 0  # a replay, a second replica

    # Removed again, and back only when the check-in is more than STALE_AFTER overdue.
    stop_installation(sf, store, clock, key=WORKSPACE)
    clock.advance(seconds=STALE_AFTER.total_seconds())
    assert resume_installation(sf, clock, key=WORKSPACE) == 0
    assert _statuses(sf) == ["cancelled"]


GRID_ORG = InstallKey("E0GRID", None, is_enterprise_install=True)  # WORKSPACE's org, org-wide


def test_a_workspace_its_org_wide_install_serves_keeps_its_check_ins(sf):
    _oops(sf, WORKSPACE, "T0GRID")
    clock, store = FrozenClock(T0), Store(WORKSPACE, GRID_ORG)
    assert stop_installation(sf, store, clock, key=WORKSPACE) == 0
    assert store.deleted == [("E0GRID", "T0GRID")] and store.installed == {GRID_ORG}
    assert _statuses(sf) == ["pending"] and _count(sf, WorkspaceRemoval) == 0
    clock.advance(days=31)
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 0 and _count(sf, Oops) == 1

    # The org-wide install goes too: the workspace's check-ins go with it, and come back
    # when the org installs again.
    assert stop_installation(sf, store, clock, key=GRID_ORG) == 1
    assert _statuses(sf) == ["uninstalled"] and _count(sf, WorkspaceRemoval) == 2
    clock.advance(days=1)
    assert resume_installation(sf, clock, key=GRID_ORG) == 0  # due 31 days ago: stale
    assert _statuses(sf) == ["cancelled"] and _count(sf, WorkspaceRemoval) == 0


def test_an_org_wide_install_brings_back_its_removed_workspace_installs(sf):
    _oops(sf, WORKSPACE, "T0GRID")
    _oops(sf, InstallKey("E0OTHER", "T0ELSE"), "T0ELSE")
    clock, store = FrozenClock(T0), Store(WORKSPACE, InstallKey("E0OTHER", "T0ELSE"))
    stop_installation(sf, store, clock, key=WORKSPACE)
    stop_installation(sf, store, clock, key=InstallKey("E0OTHER", "T0ELSE"))
    clock.advance(days=2)
    store.installed.add(GRID_ORG)
    assert resume_installation(sf, clock, key=GRID_ORG) == 1
    assert resume_installation(sf, clock, key=GRID_ORG) == 0  # a replay
    assert _statuses(sf) == ["pending", "uninstalled"]  # the other org's stays held
    clock.advance(days=30)
    assert purge_removed_workspaces(sf, store, clock, GRACE) == 1  # the other org's only


def test_events_name_the_installation_as_the_store_keys_it():
    org = {"enterprise_id": "E0ORG", "team_id": "T0ORGWS", "is_enterprise_install": True}
    assert removed_installation(org) == ORG
    assert removed_installation({"enterprise_id": "E0GRID", "team_id": "T0GRID"}) == WORKSPACE
    assert removed_installation({"team_id": "T0PLAIN"}) == InstallKey(None, "T0PLAIN")
    assert removed_installation({"is_enterprise_install": True}) is None
    assert removed_installation({"team_id": 7}) is None


def test_grace_is_a_duration_setting():
    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    assert load_settings(base).uninstall_grace == timedelta(days=30)
    assert load_settings({**base, "OOPS_UNINSTALL_GRACE": "2w"}).uninstall_grace == timedelta(
        weeks=2
    )
    with pytest.raises(ConfigError, match="OOPS_UNINSTALL_GRACE"):
        load_settings({**base, "OOPS_UNINSTALL_GRACE": "soon"})
