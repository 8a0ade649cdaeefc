"""App Home by installation: an author's oopses found by their user id under any team

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_oopses_by_author", "oopses", ["author_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_oopses_by_author", table_name="oopses")
