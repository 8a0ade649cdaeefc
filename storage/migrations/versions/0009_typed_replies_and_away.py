"""typed replies in the app's DM (taken once), and what says someone is away

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "typed_replies",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("nudge_id", sa.Integer(), nullable=True),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("reopen_as", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", "message_ts"),
    )
    op.add_column("user_profiles", sa.Column("status_away", sa.Boolean(), nullable=True))
    op.add_column(
        "user_profiles", sa.Column("status_until", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "user_profiles", sa.Column("status_checked_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("user_settings", sa.Column("away_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.drop_column("away_until")
    with op.batch_alter_table("user_profiles") as batch:
        batch.drop_column("status_checked_at")
        batch.drop_column("status_until")
        batch.drop_column("status_away")
    op.drop_table("typed_replies")
