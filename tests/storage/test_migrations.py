"""Migrating an empty database gives exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import build_engine, create_schema
from storage.models import Base


def test_migrated_schema_matches_models(db_url):
    engine = build_engine(db_url)
    create_schema(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diffs == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
    engine.dispose()


def test_migrating_twice_is_a_no_op(db_url):
    engine = build_engine(db_url)
    create_schema(engine)
    create_schema(engine)
    engine.dispose()


def _old_oops_and_check_in(conn) -> None:
    """An oops and a pending check-in of team T0OLD, in columns every revision has."""
    from sqlalchemy import text

    conn.execute(
        text(
            "INSERT INTO oopses (id, team_id, author_id, what_happened, impact, severity,"
            " repair, prevention, message, delivery, status, created_at)"
            " VALUES (1, 'T0OLD', 'U1', 'x', '', 'minor', '', '', 'm', 'channel', 'posted',"
            " CURRENT_TIMESTAMP)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO nudges (id, oops_id, team_id, author_id, kind, due_at, status,"
            " next_attempt_at, attempts) VALUES (1, 1, 'T0OLD', 'U1', 'reflection',"
            " CURRENT_TIMESTAMP, 'pending', CURRENT_TIMESTAMP, 0)"
        )
    )


def test_0007_backfills_the_installation_key_and_old_rows_keep_working(db_url):
    """Rows from before 0007 were served by a plain install of their own team: the sweep finds
    their bot under (no enterprise, that team), as it always did."""
    from alembic import command
    from sqlalchemy import text

    from storage.migrate import alembic_config

    engine = build_engine(db_url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        _old_oops_and_check_in(conn)
    create_schema(engine)  # to head: 0007
    with engine.connect() as conn:
        for table in ("oopses", "nudges"):
            row = conn.execute(
                text(
                    f"SELECT install_enterprise_id, install_team_id, is_enterprise_install"
                    f" FROM {table}"
                )
            ).one()
            assert (row[0], row[1], bool(row[2])) == (None, "T0OLD", False)
    engine.dispose()


def test_0007_downgrades_and_upgrades_again_without_losing_check_ins(db_url):
    from alembic import command
    from sqlalchemy import text

    from storage.migrate import alembic_config

    engine = build_engine(db_url)
    create_schema(engine)
    with engine.begin() as conn:
        _old_oops_and_check_in(conn)
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    create_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT install_team_id FROM nudges")).scalar() == "T0OLD"
    engine.dispose()
