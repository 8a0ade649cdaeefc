"""Export and forget: a person's own data, to them or gone."""

from __future__ import annotations

import json
import logging

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.i18n import translator
from bot.user_profiles import forget_user
from storage.db import SessionFactory, flush_deleted
from storage.privacy import export_author, forget_author

log = logging.getLogger(__name__)


def send_export(
    client: WebClient,
    session_factory: SessionFactory,
    *,
    team_id: str,
    user_id: str,
    locale: str | None = None,
) -> None:
    """DM the person a JSON file of everything stored about them."""
    t = translator(locale)
    with session_factory() as s:
        data = export_author(s, team_id=team_id, user_id=user_id)
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        filename="oops-export.json",
        title=t("Your oops data"),
        content=json.dumps(data, indent=2, ensure_ascii=False),
        initial_comment=t("Here is everything oops has stored about you."),
    )
    log.info("export sent user=%s oopses=%d", user_id, len(data["oopses"]))


def forget(session_factory: SessionFactory, *, team_id: str, user_id: str) -> dict[str, int]:
    """Delete everything stored about the person; returns what was deleted."""
    with session_factory.begin() as s:
        counts = forget_author(s, team_id=team_id, user_id=user_id)
    forget_user(session_factory, team_id=team_id, user_id=user_id)
    try:
        flush_deleted(session_factory)
    except SQLAlchemyError as err:  # busy readers: the next checkpoint folds it in
        log.warning("write-ahead log not emptied after forget: %s", type(err).__name__)
    log.info("forgot user=%s %s", user_id, counts)
    return counts
