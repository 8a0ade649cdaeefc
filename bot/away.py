"""Away means later: the sweep's hold on prompts for people who are away.

A prompt claimed while its person is away (a Slack status that says so, or their own "away
until" date) is moved to their first working hour after they are back: one conditional update
under the sweep's claim, so it is neither sent nor counted as an attempt, and of several
replicas only the claim's holder moves it.

Statuses come from users.info, cached on the profile for `STATUS_TTL`: a storm of prompts for
one person asks Slack once; a lookup that fails keeps what was known (nothing: not away).
Slack is asked in `refresh`, which the sweep runs before it claims, with no transaction open:
the hold itself, inside the claim's transaction, reads only the database, so a slow Slack
never keeps rows (or, on SQLite, the whole database) locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.config import Settings
from bot.nudges.away import StatusAway, back_at, deferred_due, read_status
from bot.nudges.policy import resolve_tz
from bot.preferences import effective_hours
from bot.slack_client import impatient
from bot.user_profiles import facts_from_slack
from storage import away as store
from storage.db import SessionFactory
from storage.install_key import InstallKey
from storage.nudge_queue import ClaimedNudge
from storage.user_settings import Prefs

log = logging.getLogger(__name__)
STATUS_TTL = timedelta(minutes=10)
# users.info lookups per refresh (run before each claim of up to 100 rows: the people about to
# be claimed), LOOKUP_THREADS at a time; after a round where one gives up, none more this time:
# the rest use what is cached. So 20 people due at 09:00 together are each looked up, and a
# slow Slack costs a claim at most about LOOKUP_TIMEOUT.
MAX_LOOKUPS = 100
LOOKUP_THREADS = 10
LOOKUP_TIMEOUT = 1.5  # seconds, one try
# refresh looks at prompts due this far ahead (the sweep runs about every minute).
LOOK_AHEAD = timedelta(minutes=2)


class AwayHold:
    """Called by the sweep with each claimed batch: holds the prompts of people away and
    returns the rest, to be sent now."""

    def __init__(
        self,
        client_for_team: Callable[[InstallKey], WebClient | None],
        clock: Clock,
        settings: Settings,
        *,
        quick: Callable[[WebClient], WebClient] = lambda c: impatient(c, LOOKUP_TIMEOUT),
    ) -> None:
        self._client_for_team = client_for_team
        self._quick = quick  # the client for one lookup that gives up soon
        self._clock = clock
        self._settings = settings
        self._slack_slow = False  # this refresh: a lookup gave up, so the others don't wait too
        self._pool = ThreadPoolExecutor(LOOKUP_THREADS, thread_name_prefix="away-lookup")

    def __call__(self, s: Session, claimed: list[ClaimedNudge]) -> list[ClaimedNudge]:
        """Defer the claimed prompts of people who are away; return those to send. Reads only
        the database (statuses as `refresh` last stored them)."""
        if not claimed:
            return claimed
        now = self._clock()
        facts = store.away_facts(s, people={(n.team_id, n.author_id) for n in claimed})
        send = []
        for nudge in claimed:
            fact = facts[(nudge.team_id, nudge.author_id)]
            status = (
                StatusAway(bool(fact.status_away), fact.status_until)
                if fact.status_away is not None
                else None
            )
            tz = resolve_tz(fact.tz)
            back = back_at(now, status=status, away_until=fact.away_until, tz=tz)
            if back is None:
                send.append(nudge)
                continue
            hours = effective_hours(Prefs(working_hours=fact.working_hours), self._settings)
            due = deferred_due(back, tz, hours)
            store.defer_claimed_nudge(s, nudge_id=nudge.id, claim_token=nudge.claim_token, due=due)
            log.info("nudge held id=%s (away) until=%s", nudge.id, due.isoformat())
        return send

    def refresh(self, session_factory: SessionFactory, *, claimer: str | None = None) -> int:
        """Before a claim, with no transaction open: ask Slack for the statuses of people with a
        prompt due soon whose cached status is older than STATUS_TTL (at most MAX_LOOKUPS,
        LOOKUP_THREADS at a time, none after a round where one gives up), each stored in its
        own short transaction; with `claimer` (a sweeper's id), only in the workspaces it will
        claim from, so replicas neither look up the same people nor each other's. How many
        were asked."""
        now = self._clock()
        with session_factory() as s:
            stale = store.stale_people_due(
                s,
                until=now + LOOK_AHEAD,
                checked_before=now - STATUS_TTL,
                limit=MAX_LOOKUPS,
                claimer=claimer,
                now=now,
            )
        self._slack_slow, asked = False, 0
        for start in range(0, len(stale), LOOKUP_THREADS):
            if self._slack_slow:
                break
            round_ = stale[start : start + LOOKUP_THREADS]
            futures = [
                self._pool.submit(self._ask_slack, session_factory, person, install, now)
                for person, install in round_
            ]
            for future in futures:
                future.result()
            asked += len(round_)
        return asked

    def _ask_slack(
        self,
        session_factory: SessionFactory,
        person: store.Person,
        install: InstallKey,
        now: datetime,
    ) -> tuple[StatusAway, str | None] | None:
        """users.info once, quickly; the answer is stored. None when Slack didn't say."""
        team_id, user_id = person
        client = self._client_for_team(install)
        if client is None:
            return None
        try:
            answer = self._quick(client).users_info(user=user_id, include_locale=True)
        except SlackApiError as err:
            log.warning("users.info for status failed: %s", err.response.get("error"))
            return None
        except (SlackClientError, ValueError) as err:  # an answer we can't read: as unknown
            log.warning("users.info for status unreadable: %s", type(err).__name__)
            return None
        except OSError as err:  # timed out or unreachable: keep what we knew, ask no more now
            log.warning("users.info for status gave up: %s", type(err).__name__)
            self._slack_slow = True
            return None
        user = answer.get("user")
        facts = facts_from_slack(user)
        status = read_status(user.get("profile") if isinstance(user, dict) else None, now)
        with session_factory.begin() as s:
            store.save_status(
                s,
                team_id=team_id,
                user_id=user_id,
                tz=facts.tz,
                locale=facts.locale,
                away=status.away,
                until=status.until,
                now=now,
            )
        return status, facts.tz
