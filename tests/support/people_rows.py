"""Rows for every table that holds people's data, made from the schema alone (column types
and the OWNER/NAMED marks), so a table added later is seeded without anyone adding it here."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    TypeDecorator,
    insert,
    select,
)

from storage.install_key import InstallKey
from storage.models import Base
from storage.privacy import NOT_PERSONAL

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LOOKS_LIKE_A_USER_ID = re.compile(r"(^|_)(user|author|owner|member|sender|assignee)_id$")


def user_id_columns(table: Table) -> list:
    """The columns whose name says they hold a Slack user id (less NOT_PERSONAL's)."""
    return [
        c
        for c in table.columns
        if LOOKS_LIKE_A_USER_ID.search(c.name) and f"{table.name}.{c.name}" not in NOT_PERSONAL
    ]


def tables_with_people() -> list[Table]:
    """Tables with a user id column, and the tables they hang from, parents first."""
    wanted = {t for t in Base.metadata.sorted_tables if user_id_columns(t)}
    for table in list(wanted):
        wanted |= {fk.column.table for fk in table.foreign_keys}
    return [t for t in Base.metadata.sorted_tables if t in wanted]


def _value(table: Table, column, person: str, named: str, team: str, parents: dict):
    """A plausible value for any column: the person in marked ones, the parent row's key in
    foreign keys, and by type for the rest."""
    mark = column.info.get("person")
    if mark:
        return named if mark == "named" else person
    if column.foreign_keys:
        fk = next(iter(column.foreign_keys))
        return parents[fk.column.table.name][fk.column.name]
    if column.name == "team_id":
        return team
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, JSON):
        return {"by": person}
    if isinstance(kind, DateTime):
        return NOW
    if isinstance(kind, Date):
        return NOW.date()
    if isinstance(kind, Enum):  # a stored state: only its own values are accepted
        return kind.enums[0]
    if isinstance(kind, String):
        return f"{table.name}.{column.name} of {person}"[: kind.length or None]
    return kind.python_type(1)  # int, float, bool


def seed_rows(
    s,
    *,
    person: str,
    named: str,
    team: str,
    only_named: bool = False,
    parents: dict | None = None,
    columns: dict[str, Any] | None = None,
) -> dict[str, dict]:
    """One row in each table (or each with a NAMED column); returns each row by table name.
    `columns` gives any table with such a column that value (an installation's key)."""
    keys: dict[str, dict] = {}
    for table in tables_with_people():
        has_named = any(c.info.get("person") == "named" for c in table.columns)
        if only_named and not has_named:
            continue
        generated = [
            c for c in table.primary_key if isinstance(c.type, Integer) and not c.foreign_keys
        ]
        values = {
            c.name: _value(table, c, person, named, team, {**(parents or {}), **keys})
            for c in table.columns
            if c not in generated
        }
        values.update({k: v for k, v in (columns or {}).items() if k in table.c})
        row = s.execute(insert(table).values(values).returning(*table.columns)).one()
        keys[table.name] = dict(row._mapping)
    return keys


def every_row(s) -> dict[str, list[dict]]:
    """Every row of each table of `tables_with_people`, as dicts, by table name."""
    return {t.name: [dict(r._mapping) for r in s.execute(select(t))] for t in tables_with_people()}


def up_to(column: str, name: str, row: dict, rows: dict[str, list[dict]]) -> dict:
    """`row` (of table `name`) if it has `column`, else the nearest row above it that has
    (its parent by its first foreign key, and so on, up to one with no parent), looked up in
    `rows` (`every_row`)."""
    table = Base.metadata.tables[name]
    while column not in row and table.foreign_keys:
        fk = next(iter(table.foreign_keys))
        table = fk.column.table
        row = next(r for r in rows[table.name] if r[fk.column.name] == row[fk.parent.name])
    return row


def belongs_to(key: InstallKey, name: str, row: dict, rows: dict[str, list[dict]]) -> bool:
    """Whether a row of table `name` (from `every_row`) is `key`'s: kept under it by its own
    or its parent's installation columns or, for a row kept by team only, by `key`'s team."""
    top = up_to("install_team_id", name, row, rows)
    if "install_team_id" in top:
        kept = (top["install_enterprise_id"], top["install_team_id"], top["is_enterprise_install"])
        return InstallKey(*kept) == key
    return top["team_id"] == key.team_id
