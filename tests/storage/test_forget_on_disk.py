"""/oops forget on SQLite leaves no copy of the person's words in the database's files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.privacy import forget
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

MARKER = "zq-words-only-this-person-typed-zq"


def test_forgotten_words_are_gone_from_the_file_and_its_write_ahead_log(tmp_path: Path):
    path = tmp_path / "oops.db"
    engine = build_engine(f"sqlite:///{path}")
    create_schema(engine)
    factory = build_session_factory(engine)
    now = datetime(2026, 3, 2, tzinfo=UTC)
    with factory.begin() as s:
        for n in range(20):  # enough to fill pages
            fields = {"what_happened": f"{MARKER} {n}", "message": MARKER * 5}
            repo.save_draft(s, team_id="T1", author_id="U0FORGET", fields=fields, now=now)
    forget(factory, team_id="T1", user_id="U0FORGET")
    seen = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("oops.db"))
    engine.dispose()
    assert MARKER.encode() not in seen
