"""Everything stored about one person: exported on request, deleted on request.

Driven by the marks on the models (`OWNER`, `NAMED` in storage/models.py), not by a list of
tables here, so a table added later with a marked column is exported and forgotten as well.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, not_, or_, select, true, update
from sqlalchemy.orm import Session

from storage.models import Base

# Columns that hold a Slack user id but are nobody's personal data here, and why.
NOT_PERSONAL = {
    "slack_installations.user_id": "who installed the app: the workspace's install record, "
    "which the app runs on; it goes when the workspace uninstalls the app",
    "slack_installations.bot_user_id": "the app's own bot user",
    "slack_bots.bot_user_id": "the app's own bot user",
}
# What the forget summary counts (table -> the kind bot.views.privacy words), in its order.
COUNTED = {
    "answers": "answers",
    "prevention_actions": "prevention steps",
    "nudges": "check-ins",
    "oopses": "oopses",
    "drafts": "drafts",
}


def _marked(table: Table, mark: str) -> list:
    return [c for c in table.columns if c.info.get("person") == mark]


def _own(table: Table, team_id: str, user_id: str) -> ColumnElement[bool] | None:
    """Which rows of `table` are the person's own: theirs by a column, or under a row of theirs
    (an oops's affected people); None when the table holds nothing of anyone's."""
    owners = _marked(table, "owner")
    if owners:
        return and_(table.c.team_id == team_id, or_(*(c == user_id for c in owners)))
    for fk in table.foreign_keys:
        parent = _own(fk.column.table, team_id, user_id)
        if parent is not None:
            return fk.parent.in_(select(fk.column).where(parent))
    return None


def _in_team(table: Table, team_id: str) -> ColumnElement[bool]:
    """The rows of one workspace, by the table's team_id or its parent's."""
    if "team_id" in table.c:
        return table.c.team_id == team_id
    for fk in table.foreign_keys:
        if "team_id" in fk.column.table.c:
            return fk.parent.in_(select(fk.column).where(fk.column.table.c.team_id == team_id))
    raise LookupError(f"{table.name}: no team_id to scope it to a workspace")


def _naming(table: Table, column, team_id: str, user_id: str) -> ColumnElement[bool]:
    """Other people's rows of `table` in which `column` names the person."""
    own = _own(table, team_id, user_id)
    others = not_(own) if own is not None else true()
    return and_(column == user_id, _in_team(table, team_id), others)


def personal_tables() -> list[Table]:
    """Every table holding someone's data, parents before children."""
    return [
        t for t in Base.metadata.sorted_tables if _own(t, "", "") is not None or _marked(t, "named")
    ]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def export_author(s: Session, *, team_id: str, user_id: str) -> dict:
    """A JSON-ready dict: the person's own rows of every table, whole, by table name; and under
    `named_in`, the keys of other people's rows that name them."""
    data: dict[str, Any] = {"user_id": user_id, "team_id": team_id}
    named_in: dict[str, list[dict]] = {}
    for table in personal_tables():
        own = _own(table, team_id, user_id)
        if own is not None:
            rows = s.execute(select(table).where(own).order_by(*table.primary_key))
            data[table.name] = [{k: _jsonable(v) for k, v in r._mapping.items()} for r in rows]
        for column in _marked(table, "named"):
            # Only the keys: the rest of the row is its author's.
            keys = [*table.primary_key, *(fk.parent for fk in table.foreign_keys), column]
            rows = s.execute(
                select(*dict.fromkeys(keys))
                .where(_naming(table, column, team_id, user_id))
                .order_by(*table.primary_key)
            )
            named_in.setdefault(table.name, []).extend(dict(r._mapping) for r in rows)
    data["named_in"] = named_in
    return data


def forget_author(s: Session, *, team_id: str, user_id: str) -> dict[str, int]:
    """Delete the person's own rows and their name from other people's; counts per kind."""
    deleted: dict[str, int] = {}
    for table in reversed(personal_tables()):  # children first, while their parents still tell
        for column in _marked(table, "named"):
            naming = _naming(table, column, team_id, user_id)
            replacement = column.info.get("forget_to")
            if replacement is None:
                s.execute(delete(table).where(naming))
            else:
                s.execute(update(table).where(naming).values({column: table.c[replacement]}))
        own = _own(table, team_id, user_id)
        if own is not None:
            deleted[table.name] = s.execute(delete(table).where(own)).rowcount or 0
    return {kind: deleted.get(name, 0) for name, kind in COUNTED.items()}
