"""A workspace (or an org) removes the app: tokens go at once, content after a grace period.

- At once (the `app_uninstalled` / `tokens_revoked` event): its pending check-ins are held
  (status `uninstalled`), its tokens deleted from the installation store, and the removal is
  noted with its time.
- Installed again (Bolt's OAuth success, `resume_installation`): the note is dropped and the
  held check-ins are queued again; those that fell due more than STALE_AFTER ago are cancelled.
- After OOPS_UNINSTALL_GRACE (default 30 days; `purge_removed_workspaces`, hourly): everything
  it kept here goes, unless it installed the app again meanwhile (then everything stays).
Every step is conditional, so a replayed event or a second replica changes nothing more.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk.oauth.installation_store import Installation, InstallationStore

from bot.clock import Clock
from bot.workspaces import find_bot
from storage import workspace_removals as removals
from storage.db import SessionFactory
from storage.install_key import InstallKey

log = logging.getLogger(__name__)

BATCH_ROWS = 500
MAX_BATCHES = 20
# A held check-in that fell due longer ago than this when the app comes back is cancelled, not
# sent: a question about a mistake that far back, several at once, reads as noise.
STALE_AFTER = timedelta(days=3)


def removed_installation(body: dict) -> InstallKey | None:
    """The installation an uninstall/revocation event is about; None when it names none.

    Events carry `enterprise_id`, `team_id` and `is_enterprise_install`; for an org-wide
    install only the enterprise counts (as in the installation store).
    """

    def text(name: str) -> str | None:
        value = body.get(name)
        return value if isinstance(value, str) and value else None

    org_wide = body.get("is_enterprise_install") is True
    key = InstallKey(text("enterprise_id"), text("team_id"), org_wide)
    if (org_wide and key.enterprise_id is None) or (not org_wide and key.team_id is None):
        return None
    return key


def stop_installation(
    session_factory: SessionFactory,
    store: InstallationStore | None,
    clock: Clock,
    *,
    key: InstallKey,
) -> int:
    """Hold the installation's pending check-ins, note the removal, drop its tokens; returns
    how many check-ins were held. The rows come first: a token deleted before them could
    leave a claimed check-in with no way to send (it would back off until held).

    A Grid workspace that its org's org-wide installation still serves keeps everything: only
    the workspace install's tokens go, and its check-ins go out with the org's bot.
    """
    org_wide = key.org_wide
    if store is not None and org_wide is not None and find_bot(store, org_wide) is not None:
        store.delete_all(enterprise_id=key.enterprise_id, team_id=key.team_id)
        log.info("workspace install removed, its org-wide installation serves it %s", key)
        return 0
    with session_factory.begin() as s:
        held = 0
        for each in [key, *_served_through(s, store, key)]:
            held += removals.hold_unsent_nudges(s, key=each)
            removals.note_removal(s, key=each, now=clock())
    if store is not None:
        # Tokens are useless now; keeping them would only be a liability.
        store.delete_all(enterprise_id=key.enterprise_id, team_id=key.team_id)
    log.info("workspace removed the app %s nudges_held=%d", key, held)
    return held


def _served_through(s, store: InstallationStore | None, key: InstallKey) -> list[InstallKey]:
    """The Grid workspaces whose own install was removed while org-wide `key` served them:
    they go with it."""
    if store is None or not key.is_enterprise_install:
        return []
    keys = removals.unsent_workspaces_of(s, enterprise_id=key.enterprise_id)
    return [
        k for k in keys if store.find_bot(enterprise_id=k.enterprise_id, team_id=k.team_id) is None
    ]


def installation_key_of(installation: Installation) -> InstallKey:
    """The key of an installation OAuth just saved (the one its oopses and check-ins keep)."""
    return InstallKey(
        installation.enterprise_id,
        installation.team_id,
        bool(installation.is_enterprise_install),
    )


def resume_installation(
    session_factory: SessionFactory,
    clock: Clock,
    *,
    key: InstallKey,
    removed_before: datetime | None = None,
) -> int:
    """The installation is back: drop its removal note and, only if this call dropped it, queue
    again the check-ins the removal held (cancelling those due more than STALE_AFTER ago);
    returns how many were queued. A first install, a replay or a second replica finds no note
    and changes nothing; with `removed_before`, neither does a newer removal than that.
    A check-in whose DM reached Slack while the tokens were being revoked was recorded as
    sent over the hold, so it is not queued again. An org-wide install also brings back the
    removed workspace installs of its org: it serves their people now.
    """
    keys = [key]
    if key.is_enterprise_install:
        with session_factory() as s:
            keys += removals.removed_workspaces_of(s, enterprise_id=key.enterprise_id)
    total = 0
    for each in keys:
        with session_factory.begin() as s:
            if not removals.forget_removal(s, key=each, removed_before=removed_before):
                continue
            resumed, dropped = removals.resume_held_nudges(
                s, key=each, stale_before=clock() - STALE_AFTER
            )
        log.info(
            "installation came back, check-ins resumed %s resumed=%d stale_cancelled=%d",
            each,
            resumed,
            dropped,
        )
        total += resumed
    return total


def purge_removed_workspaces(
    session_factory: SessionFactory,
    store: InstallationStore | None,
    clock: Clock,
    grace: timedelta,
    *,
    batch_rows: int = BATCH_ROWS,
    max_batches: int = MAX_BATCHES,
) -> int:
    """Delete the content of installations removed longer than `grace` ago and not installed
    again (a reinstall keeps everything); returns how many oopses went. Small batches, one
    transaction each, at most `max_batches` per run (the next run carries on)."""
    before = clock() - grace
    with session_factory() as s:
        due = removals.removals_before(s, before=before, limit=50)
    deleted = batches = 0
    for key in due:
        if store is not None and _installed(store, key):
            # Reinstalled, but its resume did not run (it failed, or an older version installed it).
            resume_installation(session_factory, clock, key=key, removed_before=before)
            log.info("installation came back within the grace period, content kept %s", key)
            continue
        # People first: the oopses say whose teams (an org-wide install keeps no team), and
        # the org's workspaces it served say the rest, less those with an install of their own.
        with session_factory.begin() as s:
            also = []
            if key.is_enterprise_install:
                seen = removals.org_teams(s, enterprise_id=key.enterprise_id)
                also = _served_only_by(store, key, seen)
            removals.delete_workspace_people(s, key=key, also=also)
        count = batch_rows
        while count == batch_rows and batches < max_batches:
            batches += 1
            with session_factory.begin() as s:
                count = removals.delete_workspace_oopses(s, key=key, limit=batch_rows)
            deleted += count
        if count < batch_rows:
            with session_factory.begin() as s:
                removals.forget_removal(s, key=key, removed_before=before)
                if key.is_enterprise_install:
                    removals.forget_org_teams(s, enterprise_id=key.enterprise_id)
            log.info("content of removed installation deleted %s", key)
    return deleted


def _installed(store: InstallationStore, key: InstallKey) -> bool:
    return find_bot(store, key) is not None


def _served_only_by(
    store: InstallationStore | None, key: InstallKey, teams: list[str]
) -> list[str]:
    """Of the org's workspaces `teams`, those with no installation of their own (the org-wide
    one, being purged, is gone: find_bot's fallback to it finds nothing)."""
    if store is None:
        return teams
    return [t for t in teams if not _installed(store, InstallKey(key.enterprise_id, t))]
