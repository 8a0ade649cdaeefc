"""draft reminder once: a closed draft's reminder DM is claimed by a conditional update

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("drafts", sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    # Drafts already reminded under the old JSON flag keep their one reminder.
    drafts = sa.table(
        "drafts",
        sa.column("id", sa.Integer),
        sa.column("fields", sa.JSON),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("reminded_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    for draft_id, fields in bind.execute(sa.select(drafts.c.id, drafts.c.fields)).all():
        if isinstance(fields, str):
            fields = json.loads(fields)
        if isinstance(fields, dict) and fields.get("reminded"):
            bind.execute(
                drafts.update()
                .where(drafts.c.id == draft_id)
                .values(reminded_at=drafts.c.updated_at)
            )


def downgrade() -> None:
    op.drop_column("drafts", "reminded_at")
