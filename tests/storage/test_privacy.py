"""Forget and export reach every table that holds a Slack user id, including tables added later.

The test decides on its own which columns hold a user id (by name) and seeds every such table
from its column types, so a new table is covered without anyone remembering to add it here.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

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

from storage.models import Base
from storage.privacy import NOT_PERSONAL, export_author, forget_author

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TEAM, OTHER_TEAM = "T1", "T2"
ME, SOMEONE = "U0FORGETME", "U0SOMEONE"
LOOKS_LIKE_A_USER_ID = re.compile(r"(^|_)(user|author|owner|member|sender|assignee)_id$")


def _user_id_columns(table: Table) -> list:
    return [
        c
        for c in table.columns
        if LOOKS_LIKE_A_USER_ID.search(c.name) and f"{table.name}.{c.name}" not in NOT_PERSONAL
    ]


def _tables_with_people() -> list[Table]:
    """Tables with a user id column, and the tables they hang from, parents first."""
    wanted = {t for t in Base.metadata.sorted_tables if _user_id_columns(t)}
    for table in list(wanted):
        wanted |= {fk.column.table for fk in table.foreign_keys}
    return [t for t in Base.metadata.sorted_tables if t in wanted]


def test_every_user_id_column_says_whose_it_is():
    unmarked = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in _user_id_columns(t)
        if c.info.get("person") not in ("owner", "named")
    ]
    assert unmarked == [], "mark them OWNER or NAMED in storage/models.py, or list in NOT_PERSONAL"
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    assert set(NOT_PERSONAL) <= columns, "NOT_PERSONAL names a column that no longer exists"


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


def _seed(s, *, person: str, named: str, team: str, only_named: bool = False, parents=None):
    """One row in each table (or each with a NAMED column); returns each row's key by table."""
    keys: dict[str, dict] = {}
    for table in _tables_with_people():
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
        row = s.execute(insert(table).values(values).returning(*table.columns)).one()
        keys[table.name] = dict(row._mapping)
    return keys


def _rows(s) -> dict[str, list[dict]]:
    return {t.name: [dict(r._mapping) for r in s.execute(select(t))] for t in _tables_with_people()}


def _mine_here(name: str, row: dict, rows: dict[str, list[dict]]) -> bool:
    """Does the row name me, in TEAM (the team of its parent row when it has no team_id)?"""
    if ME not in row.values():
        return False
    table = Base.metadata.tables[name]
    while "team_id" not in row:
        fk = next(iter(table.foreign_keys))
        table = fk.column.table
        row = next(r for r in rows[table.name] if r[fk.column.name] == row[fk.parent.name])
    return row["team_id"] == TEAM


def _seed_everyone(session_factory) -> dict:
    with session_factory.begin() as s:
        mine = _seed(s, person=ME, named=ME, team=TEAM)
        theirs = _seed(s, person=SOMEONE, named=SOMEONE, team=TEAM)
        # Someone else's rows that name me (I'm affected; I own their prevention step).
        naming_me = _seed(s, person=SOMEONE, named=ME, team=TEAM, only_named=True, parents=theirs)
        _seed(s, person=ME, named=ME, team=OTHER_TEAM)  # me in another workspace
    return {"mine": mine, "naming_me": naming_me}


def test_forget_leaves_nothing_of_the_person_and_everyone_elses_rows_as_they_were(
    session_factory,
):
    seeded = _seed_everyone(session_factory)
    with session_factory() as s:
        before = _rows(s)
    with session_factory.begin() as s:
        forget_author(s, team_id=TEAM, user_id=ME)
    with session_factory() as s:
        after = _rows(s)
    for name in before:
        assert not [r for r in after[name] if _mine_here(name, r, before)], f"{name} kept me"
        for row in before[name]:
            if not _mine_here(name, row, before):
                assert row in after[name], f"{name}: forget changed a row not mine here: {row}"
    for name, row in seeded["naming_me"].items():
        table = Base.metadata.tables[name]
        for column in table.columns:
            if column.info.get("forget_to"):
                (kept,) = [r for r in after[name] if r["id"] == row["id"]]
                assert kept[column.name] == kept[column.info["forget_to"]]


def test_export_has_every_table_with_my_rows_and_the_rows_naming_me(session_factory):
    seeded = _seed_everyone(session_factory)
    with session_factory() as s:
        data = json.loads(json.dumps(export_author(s, team_id=TEAM, user_id=ME)))
    for table in _tables_with_people():
        if not _user_id_columns(table):
            continue  # only a parent of one
        assert table.name in data, f"export leaves out {table.name}"
        key = {c.name: seeded["mine"][table.name][c.name] for c in table.primary_key}
        assert [r for r in data[table.name] if key.items() <= r.items()], table.name
        assert all(r.get("team_id", TEAM) == TEAM for r in data[table.name])
    for name, row in seeded["naming_me"].items():
        assert row["id"] in [r["id"] for r in data["named_in"][name]], name
        assert {k for r in data["named_in"][name] for k in r} <= {
            *(c.name for c in Base.metadata.tables[name].primary_key),
            *(fk.parent.name for fk in Base.metadata.tables[name].foreign_keys),
            *(c.name for c in Base.metadata.tables[name].columns if c.info.get("person")),
        }, "named_in carries only keys, not the other person's words"
