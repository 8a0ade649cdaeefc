"""Which sweeping process sends to which workspace: the live sweepers share them out.

Slack limits each workspace's calls on its own. Two replicas sending to one workspace each
learn its pace from 429s the other caused, and each slows to a share it keeps after the other
has gone. So each workspace (installation) has one owner among the sweepers seen in the last
LIVE: the one that ranks highest for it by rendezvous (highest-random-weight) hashing (Thaler
and Ravishankar, "Using name-based mappings to increase hit rates", IEEE/ACM ToN 1998). A
sweeper that starts or dies moves only its own share of the workspaces; the others keep theirs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.install_key import InstallKey
from storage.models import Sweeper
from storage.upsert import upsert

# A sweeper not seen for this long is gone (killed, or its database cut off): its workspaces
# go to the others. Each sweeper is seen at every claim and, between sweeps, every HEARTBEAT
# seconds (NudgeDispatcher.sweep_continuously). A process restarted on its host keeps its name
# (`sweeper_name`); one started elsewhere after a kill -9 waits at most this long for the dead
# process's share.
LIVE = timedelta(seconds=6)
HEARTBEAT = 2.0
# Rows of sweepers gone this long are deleted, so the table stays as small as the fleet.
FORGET = timedelta(days=1)


def sweeper_name(host: str, *ports: int) -> str:
    """A sweeper id (8 hex characters) that stays the same when the process on `host` serving
    `ports` is restarted: after a kill -9 the new process is its own dead predecessor and has
    its share at once, instead of waiting LIVE for it to look gone. Two processes at once on
    one host serve different ports, so they get different names."""
    text = "|".join([host, *map(str, ports)])
    return hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


def live_sweepers(s: Session, *, claimer: str, now: datetime, mark: bool = True) -> list[str]:
    """Mark `claimer` seen at `now` (UTC; not with `mark=False`, for a read) and return every
    sweeper seen within LIVE, sorted (`claimer` among them). Part of the caller's transaction."""
    if mark:
        upsert(s, Sweeper, keys={"claimer": claimer}, values={"seen_at": now})
        s.execute(delete(Sweeper).where(Sweeper.seen_at < now - FORGET))
    seen = s.scalars(select(Sweeper.claimer).where(Sweeper.seen_at >= now - LIVE)).all()
    return sorted(set(seen) | {claimer})


def leave(s: Session, *, claimer: str) -> None:
    """`claimer` stops sweeping: the others take its workspaces at their next claim."""
    s.execute(delete(Sweeper).where(Sweeper.claimer == claimer))


def owner_of(key: InstallKey, claimers: Sequence[str]) -> str:
    """The sweeper among `claimers` (non-empty) that sends to `key`'s workspace."""

    def weight(claimer: str) -> bytes:
        text = f"{claimer}|{key.enterprise_id}|{key.team_id}|{key.is_enterprise_install}"
        return hashlib.blake2b(text.encode(), digest_size=8).digest()

    return max(claimers, key=weight)
