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


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not a batch: its table copy drops the old table, and with foreign keys on, SQLite deletes the
        # rows that reference it (every glossary_terms row of glossary_concepts). SQLite >= 3.35 drops
        # a plain column in place.
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("glossary_concepts", "fields")
    _drop_column("glossary_terms", "status")
    for column in ("extra", "changed_by", "changed_at"):
        _drop_column("tm_entries", column)
