"""posting intent: drafts claimed while their post is in flight; oopses found by status

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("drafts", sa.Column("posting_oops_id", sa.Integer(), nullable=True))
    op.add_column("oopses", sa.Column("status_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_oopses_status", "oopses", ["status", "status_at"])


def downgrade() -> None:
    op.drop_index("ix_oopses_status", table_name="oopses")
    op.drop_column("oopses", "status_at")
    op.drop_column("drafts", "posting_oops_id")
