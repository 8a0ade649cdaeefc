"""INSERT ... ON CONFLICT for the dialects we run on: get-or-create in one atomic statement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert(s: Session):
    """The dialect's INSERT construct, which knows ON CONFLICT."""
    dialect = s.get_bind().dialect.name
    try:
        return _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(f"no upsert for the {dialect} dialect") from None


def insert_new(
    s: Session, model: type, *, keys: Mapping[str, Any], values: Mapping[str, Any]
) -> bool:
    """Insert the row `keys` + `values` unless a row with `keys` exists; True when this call
    inserted it. Of concurrent callers with the same `keys` exactly one gets True: on
    PostgreSQL the others wait for its transaction and then find its row."""
    stmt = _insert(s)(model).values({**keys, **values})
    stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    # RETURNING, not rowcount: an ORM session's INSERT reports rowcount -1 on psycopg.
    return s.execute(stmt.returning(*inspect(model).primary_key)).first() is not None


def upsert(s: Session, model: type, *, keys: Mapping[str, Any], values: Mapping[str, Any]) -> None:
    """Insert the row `keys` + `values`, or, if a row with `keys` exists, set its `values`.

    A select-then-insert lets two first requests of one person both miss and both insert; one
    then fails on the unique key. Empty `values`: insert if missing, else leave the row as it is.
    """
    stmt = _insert(s)(model).values({**keys, **values})
    if values:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(keys), set_={name: stmt.excluded[name] for name in values}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    s.execute(stmt)
    # The statement bypasses the identity map: a copy this session already loaded is stale now.
    primary_key = inspect(model).primary_key
    if all(c.key in keys for c in primary_key):
        loaded = s.identity_map.get(s.identity_key(model, tuple(keys[c.key] for c in primary_key)))
        if loaded is not None:
            s.expire(loaded)
