"""memories and term bases keep what other tools' files say: TMX notes, props, dates; TBX statuses and data

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Units and terms made before this revision keep the defaults: no TMX metadata, and a term's
    # status derived from its preferred flag (preferred, else deprecated), as it was written before.
    with op.batch_alter_table("tm_entries") as batch:
        batch.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("changed_by", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("extra", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("glossary_terms") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=True))
    with op.batch_alter_table("glossary_concepts") as batch:
        batch.add_column(sa.Column("fields", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("glossary_concepts") as batch:
        batch.drop_column("fields")
    with op.batch_alter_table("glossary_terms") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("tm_entries") as batch:
        batch.drop_column("extra")
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
