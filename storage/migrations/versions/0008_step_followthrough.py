"""safeguard follow-through: nudges about a prevention step, and the owner's "not mine"

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite adds a foreign key only by rebuilding the table.
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_nudges_step_id", "prevention_actions", ["step_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index("ix_nudges_step_id", ["step_id"], unique=False)
    with op.batch_alter_table("prevention_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_prevention_actions_owner", ["team_id", "owner_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prevention_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_prevention_actions_owner")
        batch_op.drop_column("declined_at")
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_nudges_step_id")
        batch_op.drop_constraint("fk_nudges_step_id", type_="foreignkey")
        batch_op.drop_column("step_id")
