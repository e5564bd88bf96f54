"""glossary review: proposed and accepted concept changes; drafts record the glossary they used

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(length=200), nullable=False),
        sa.Column("concept", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(length=100), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_changes")),
    )
    op.create_index(op.f("ix_glossary_changes_concept_id"), "glossary_changes", ["concept_id"], unique=False)
    op.create_index("ix_glossary_changes_state", "glossary_changes", ["state"], unique=False)
    # Concepts standing before review existed keep change_id NULL: accepted, by nobody the database knows.
    with op.batch_alter_table("glossary_concepts") as batch:
        batch.add_column(sa.Column("change_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("translations") as batch:
        batch.add_column(sa.Column("glossary_version", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("glossary_changes", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    _drop_column("translations", "glossary_changes")
    _drop_column("translations", "glossary_version")
    _drop_column("glossary_concepts", "change_id")
    op.drop_index("ix_glossary_changes_state", table_name="glossary_changes")
    op.drop_index(op.f("ix_glossary_changes_concept_id"), table_name="glossary_changes")
    # Proposals still waiting are lost with the table: the accepted term base stays whole.
    op.drop_table("glossary_changes")


def _drop_column(table: str, column: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not a batch (as in 0007 and 0009): its copy of a table others reference would, with SQLite's
        # foreign keys on, delete every referencing row (the events of translations, the terms of concepts).
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
