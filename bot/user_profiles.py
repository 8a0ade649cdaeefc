"""A user's time zone and locale, from users.info, cached in the database for a week."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.slack_client import impatient
from storage import repositories as repo
from storage.db import SessionFactory
from storage.models import UserProfile

log = logging.getLogger(__name__)
CACHE_FOR = timedelta(days=7)
# A per-process copy spares a database read on every request (about a third of the CPU an
# /oops costs); it is kept per session factory, so apps and tests never share entries.
MEMO_FOR = timedelta(minutes=5)
_memo: WeakKeyDictionary[SessionFactory, dict[tuple[str, str], tuple[datetime, UserFacts]]] = (
    WeakKeyDictionary()
)


@dataclass(frozen=True)
class UserFacts:
    """What we know about a user's place and language."""

    tz: str | None
    locale: str | None


def _cache_unavailable(operation: str, err: SQLAlchemyError) -> None:
    """One warning line: the error's type only (its text can quote the query's values)."""
    log.warning("profile cache %s failed, treated as a miss: %s", operation, type(err).__name__)


def _read_profile(
    session_factory: SessionFactory, *, team_id: str, user_id: str
) -> tuple[UserProfile | None, bool]:
    """The cached profile, and whether the database answered: the cache is optional, so a
    database that is down or refusing is a miss, and what needs no database carries on."""
    try:
        with session_factory() as s:
            return repo.get_profile(s, team_id=team_id, user_id=user_id), True
    except SQLAlchemyError as err:
        _cache_unavailable("read", err)
        return None, False


def _short_text(value: object, limit: int) -> str | None:
    """`value` when it is a non-empty string of at most `limit` chars (our column sizes)."""
    return value if isinstance(value, str) and 0 < len(value) <= limit else None


def facts_from_slack(user: object) -> UserFacts:
    """The tz and locale of a users.info `user` object; None for whatever is missing or of
    another shape (a Slack answer is input like any other: it must not poison the cache)."""
    if not isinstance(user, dict):
        return UserFacts(None, None)
    return UserFacts(_short_text(user.get("tz"), 64), _short_text(user.get("locale"), 16))


def user_facts(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    *,
    team_id: str,
    user_id: str,
    patient: bool = True,
) -> UserFacts:
    """Cached facts, refreshed from users.info after a week; none (UTC) if Slack fails.

    Not `patient`: one users.info try that gives up quickly (see `impatient`), for callers
    about to open a modal; a failure then is not remembered, so the next request asks again.
    """
    now = clock()
    memo = _memo.setdefault(session_factory, {})
    hit = memo.get((team_id, user_id))
    if hit is not None and now - hit[0] < MEMO_FOR:
        return hit[1]
    cached, reachable = _read_profile(session_factory, team_id=team_id, user_id=user_id)
    if cached is not None and now - cached.fetched_at < CACHE_FOR:
        memo[(team_id, user_id)] = (now, UserFacts(cached.tz, cached.locale))
        return memo[(team_id, user_id)][1]
    try:
        lookup = client if patient else impatient(client)
        user = lookup.users_info(user=user_id, include_locale=True).get("user")
    except SlackApiError as err:
        log.warning("users.info failed for %s: %s", user_id, err.response.get("error"))
        return UserFacts(cached.tz, cached.locale) if cached else UserFacts(None, None)
    except OSError as err:  # timed out or unreachable; only an impatient lookup gets here
        if patient:
            raise
        log.warning("users.info gave up for %s: %s", user_id, type(err).__name__)
        return UserFacts(cached.tz, cached.locale) if cached else UserFacts(None, None)
    facts = facts_from_slack(user)
    if reachable:  # else the write would only wait for the same failure again
        try:
            with session_factory.begin() as s:
                repo.save_profile(
                    s, team_id=team_id, user_id=user_id, tz=facts.tz, locale=facts.locale, now=now
                )
        except SQLAlchemyError as err:
            _cache_unavailable("write", err)
    memo[(team_id, user_id)] = (now, facts)
    return facts


def forget_user(session_factory: SessionFactory, *, team_id: str, user_id: str) -> None:
    """Drop the process's copy of a user's facts (they asked to be forgotten)."""
    _memo.get(session_factory, {}).pop((team_id, user_id), None)


def _cached_facts(session_factory: SessionFactory, *, team_id: str, user_id: str) -> UserFacts:
    """The facts stored for a user, however old (none when nothing is); no network."""
    hit = _memo.get(session_factory, {}).get((team_id, user_id))
    if hit is not None:
        return hit[1]
    cached, _ = _read_profile(session_factory, team_id=team_id, user_id=user_id)
    return UserFacts(cached.tz, cached.locale) if cached is not None else UserFacts(None, None)


def cached_locale(session_factory: SessionFactory, *, team_id: str, user_id: str) -> str | None:
    """The locale stored for a user, however old; no network, so it is safe before an ack."""
    return _cached_facts(session_factory, team_id=team_id, user_id=user_id).locale


def cached_tz(session_factory: SessionFactory, *, team_id: str, user_id: str) -> str | None:
    """The time zone stored for a user, however old; no network, so it is safe before an ack."""
    return _cached_facts(session_factory, team_id=team_id, user_id=user_id).tz


def user_locale(
    client: WebClient, session_factory: SessionFactory, clock: Clock, *, team_id: str, user_id: str
) -> str | None:
    """The user's Slack locale (cached a week); None when Slack cannot tell us in time.

    Callers mostly open a modal next, so the lookup is impatient: English beats no modal.
    """
    facts = user_facts(
        client, session_factory, clock, team_id=team_id, user_id=user_id, patient=False
    )
    return facts.locale
