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
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.clock import Clock
from bot.nudges.recording import DATABASE_ERRORS
from storage import workspace_removals as removals
from storage.db import SessionFactory

log = logging.getLogger(__name__)


class NoteOrgTeams(Middleware):
    """Notes (enterprise, workspace) for requests an org-wide installation serves: once per
    process and pair, one small upsert on a thread of its own, so no request waits for it
    before its ack; a database that fails is tried again at the pair's next request.
    Runs after Bolt's authorization (`is_enterprise_install`, `enterprise_id`; its `team_id` is
    None org-wide), ProvideDependencies and ProvideRequestContext (the `actor`'s team)."""

    def __init__(self) -> None:
        self._noted: set[tuple[str, str]] = set()  # written, or being written
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="org-teams")

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Hand a new pair to the writer, then carry on down the chain."""
        context = req.context
        actor = context.get("actor")  # whose rows: kept under the person's own team
        enterprise_id, team_id = context.enterprise_id, actor.team_id if actor else None
        session_factory, clock = context.get("session_factory"), context.get("clock")
        if (
            context.is_enterprise_install
            and enterprise_id
            and team_id
            and session_factory is not None
            and clock is not None
        ):
            pair = (enterprise_id, team_id)
            with self._lock:
                new = pair not in self._noted
                self._noted.add(pair)
            if new:
                self._pool.submit(self._note, session_factory, clock, pair)
        return next()

    def _note(self, session_factory: SessionFactory, clock: Clock, pair: tuple[str, str]) -> None:
        enterprise_id, team_id = pair
        try:
            with session_factory.begin() as s:
                removals.note_org_team(s, enterprise_id=enterprise_id, team_id=team_id, now=clock())
        except DATABASE_ERRORS as err:
            log.warning("org workspace not noted, database unavailable: %s", type(err).__name__)
            with self._lock:
                self._noted.discard(pair)  # the pair's next request tries again
