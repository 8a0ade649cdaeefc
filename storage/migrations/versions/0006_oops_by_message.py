"""reply-button lookup: oopses found by where their message is

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_oopses_message", "oopses", ["channel_id", "message_ts"])


def downgrade() -> None:
    op.drop_index("ix_oopses_message", table_name="oopses")
