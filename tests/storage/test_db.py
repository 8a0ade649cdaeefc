"""Engine settings that keep a request within Slack's 3 s when the database is in trouble."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from storage.db import PG_CONNECT_TIMEOUT_S, build_engine


class Stop(Exception):
    """Raised instead of connecting: the test only wants the connect arguments."""


def _connect_params(url: str) -> dict:
    engine = build_engine(url)
    seen: dict = {}

    @event.listens_for(engine, "do_connect")
    def capture(_dialect, _record, _args, params) -> None:
        seen.update(params)
        raise Stop

    with pytest.raises(Stop):
        engine.connect()
    return seen


def test_postgresql_gives_up_connecting_quickly_unless_the_url_says_otherwise():
    assert _connect_params("postgresql://u@127.0.0.1:1/x")["connect_timeout"] == 2
    assert PG_CONNECT_TIMEOUT_S < 3
    assert _connect_params("postgresql://u@127.0.0.1:1/x?connect_timeout=9")["connect_timeout"] in (
        "9",
        9,
    )
