"""installation key on oopses and check-ins; workspaces that removed the app

Every oops and check-in keeps the installation that served it (enterprise id, team id, whether
it is an org-wide install), so the sweep finds the right bot for Grid, org-wide and Slack
Connect authors. Existing rows were all served by a plain workspace install of their own team.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _add_key(table: str) -> None:
    # Plain ADD COLUMN on every backend, never SQLite's batch "copy and rename": dropping the
    # old oopses table would cascade to every check-in (foreign keys are on).
    op.add_column(table, sa.Column("install_enterprise_id", sa.String(length=32), nullable=True))
    op.add_column(table, sa.Column("install_team_id", sa.String(length=32), nullable=True))
    op.add_column(
        table,
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Backfill: the author's team, no enterprise (what the sweep looked up until now).
    op.execute(f"UPDATE {table} SET install_team_id = team_id WHERE install_team_id IS NULL")


def upgrade() -> None:
    _add_key("oopses")
    _add_key("nudges")
    op.create_index("ix_oopses_install", "oopses", ["install_team_id", "install_enterprise_id"])
    op.create_table(
        "workspace_removals",
        sa.Column("install_key", sa.String(length=80), nullable=False),
        sa.Column("install_enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("install_team_id", sa.String(length=32), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("install_key"),
    )
    op.create_index("ix_workspace_removals_removed_at", "workspace_removals", ["removed_at"])


def downgrade() -> None:
    op.drop_index("ix_workspace_removals_removed_at", table_name="workspace_removals")
    op.drop_table("workspace_removals")
    op.drop_index("ix_oopses_install", table_name="oopses")
    for table in ("nudges", "oopses"):  # plain DROP COLUMN: see _add_key
        for column in ("is_enterprise_install", "install_team_id", "install_enterprise_id"):
            op.drop_column(table, column)
