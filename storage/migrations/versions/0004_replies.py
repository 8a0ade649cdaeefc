"""replies: each affected person's thanks, still-affected and feedback, once per oops

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "replies",
        sa.Column("oops_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["oops_id"], ["oopses.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("oops_id", "user_id", "kind"),
    )


def downgrade() -> None:

    op.drop_table("replies")
