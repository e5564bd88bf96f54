"""translation-memory units keep the context they were approved in

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Units approved before this column existed keep "": their context is then looked up through
    # their origin, as before (workbench/services/memory.py).
    with op.batch_alter_table("tm_entries") as batch:
        batch.add_column(sa.Column("context", sa.String(length=64), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("tm_entries") as batch:
        batch.drop_column("context")
