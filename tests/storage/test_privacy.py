"""Forget and export reach every table that holds a Slack user id, including tables added later.

The test decides on its own which columns hold a user id (by name) and seeds every such table
from its column types, so a new table is covered without anyone remembering to add it here.
"""

from __future__ import annotations

import json

from support.people_rows import every_row, seed_rows, tables_with_people, up_to, user_id_columns

from storage.models import Base
from storage.privacy import NOT_PERSONAL, export_author, forget_author

TEAM, OTHER_TEAM = "T1", "T2"
ME, SOMEONE = "U0FORGETME", "U0SOMEONE"


def test_every_user_id_column_says_whose_it_is():
    unmarked = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in user_id_columns(t)
        if c.info.get("person") not in ("owner", "named")
    ]
    assert unmarked == [], "mark them OWNER or NAMED in storage/models.py, or list in NOT_PERSONAL"
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    assert set(NOT_PERSONAL) <= columns, "NOT_PERSONAL names a column that no longer exists"


def _mine_here(name: str, row: dict, rows: dict[str, list[dict]]) -> bool:
    """Does the row name me, in TEAM (the team of its parent row when it has no team_id)?"""
    return ME in row.values() and up_to("team_id", name, row, rows)["team_id"] == TEAM


def _seed_everyone(session_factory) -> dict:
    with session_factory.begin() as s:
        mine = seed_rows(s, person=ME, named=ME, team=TEAM)
        theirs = seed_rows(s, person=SOMEONE, named=SOMEONE, team=TEAM)
        # Someone else's rows that name me (I'm affected; I own their prevention step).
        naming_me = seed_rows(
            s, person=SOMEONE, named=ME, team=TEAM, only_named=True, parents=theirs
        )
        seed_rows(s, person=ME, named=ME, team=OTHER_TEAM)  # me in another workspace
    return {"mine": mine, "naming_me": naming_me}


def test_forget_leaves_nothing_of_the_person_and_everyone_elses_rows_as_they_were(
    session_factory,
):
    seeded = _seed_everyone(session_factory)
    with session_factory() as s:
        before = every_row(s)
    with session_factory.begin() as s:
        forget_author(s, team_id=TEAM, user_id=ME)
    with session_factory() as s:
        after = every_row(s)
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
    for table in tables_with_people():
        if not user_id_columns(table):
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
