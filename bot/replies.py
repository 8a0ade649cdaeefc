"""Replies from the affected people reach the author once: a second press sends nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.states import ReplyKind
from storage import repositories as repo
from storage.db import SessionFactory
from storage.models import Oops

log = logging.getLogger(__name__)


def may_reply(oops: Oops | None, user_id: str) -> bool:
    """Only the people the oops names as affected may answer it."""
    return oops is not None and user_id in {a.user_id for a in oops.affected}


def pressed_oops(
    session_factory: SessionFactory, *, oops_id: int, channel_id: str, message_ts: str
) -> Oops | None:
    """The oops a reply button belongs to: by id, else (older messages) by where it was posted."""
    with session_factory() as s:
        return (
            repo.get_oops(s, oops_id=oops_id)
            if oops_id
            else repo.find_oops_by_message(s, channel_id=channel_id, message_ts=message_ts)
        )


@dataclass(frozen=True)
class FeedbackTarget:
    """Whether the sender may give feedback on the oops, and where it goes."""

    allowed: bool
    author_id: str
    what_happened: str
    team_id: str


def feedback_target(
    session_factory: SessionFactory, *, oops_id: int, user_id: str
) -> FeedbackTarget:
    """Check again that `user_id` is one of the oops's affected people; its author and text."""
    with session_factory() as s:
        oops = repo.get_oops(s, oops_id=oops_id)
        allowed = may_reply(oops, user_id)
        author, what = (oops.author_id, oops.what_happened) if oops else ("", "")
        team_id = oops.team_id if oops else ""
    return FeedbackTarget(allowed, author, what, team_id)


def first_reply(
    session_factory: SessionFactory,
    *,
    oops_id: int,
    team_id: str,
    user_id: str,
    kind: ReplyKind,
    now: datetime,
) -> bool:
    """Record that `user_id` replies `kind` to the oops; False when they already had.

    Committed before anything is sent: the row's key lets one press in, on any replica.
    """
    with session_factory.begin() as s:
        return repo.record_reply(
            s, oops_id=oops_id, team_id=team_id, user_id=user_id, kind=kind, now=now
        )


def already_replied(
    session_factory: SessionFactory, *, oops_id: int, user_id: str, kind: ReplyKind
) -> bool:
    """Whether `user_id` already sent the author a `kind` reply."""
    with session_factory() as s:
        return repo.has_replied(s, oops_id=oops_id, user_id=user_id, kind=kind)


@contextmanager
def withdrawn_if_unsent(
    session_factory: SessionFactory, *, oops_id: int, user_id: str, kind: ReplyKind
) -> Iterator[None]:
    """Around sending a recorded reply: if sending fails, the record goes, so pressing again
    can send it (the error still reaches the guard, which tells the person)."""
    try:
        yield
    except Exception:
        try:
            with session_factory.begin() as s:
                repo.withdraw_reply(s, oops_id=oops_id, user_id=user_id, kind=kind)
        except SQLAlchemyError as error:  # the send's own error is the one to report
            log.warning("could not withdraw an unsent reply: %s", type(error).__name__)
        raise
