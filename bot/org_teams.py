"""Which workspaces of an Enterprise Grid org its org-wide installation serves.

An org-wide installation has no team of its own, and a workspace of the org whose people never
posted leaves no oops to name it; yet their drafts, settings and cached profiles are kept by
team. So each workspace an org-wide installation serves a request from is noted once
(storage OrgTeam), and its people's rows go with the installation's content after the
uninstall grace (bot/uninstall.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.nudges.recording import DATABASE_ERRORS
from storage import workspace_removals as removals

log = logging.getLogger(__name__)


class NoteOrgTeams(Middleware):
    """Notes (enterprise, workspace) for requests an org-wide installation serves: once per
    process and pair, one small upsert; a database that fails is tried again next request.
    Runs after Bolt's authorization (`is_enterprise_install`, `enterprise_id`; its `team_id` is
    None org-wide), ProvideDependencies and ProvideRequestContext (the `actor`'s team)."""

    def __init__(self) -> None:
        self._noted: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Note the pair if new, then carry on down the chain."""
        context = req.context
        actor = context.get("actor")  # whose rows: kept under the person's own team
        enterprise_id, team_id = context.enterprise_id, actor.team_id if actor else None
        if context.is_enterprise_install and enterprise_id and team_id:
            pair = (enterprise_id, team_id)
            with self._lock:
                new = pair not in self._noted
            session_factory, clock = context.get("session_factory"), context.get("clock")
            if new and session_factory is not None and clock is not None:
                try:
                    with session_factory.begin() as s:
                        removals.note_org_team(
                            s, enterprise_id=enterprise_id, team_id=team_id, now=clock()
                        )
                except DATABASE_ERRORS as err:
                    log.warning("org workspace not noted, database unavailable: %s", err)
                else:
                    with self._lock:
                        self._noted.add(pair)
        return next()
