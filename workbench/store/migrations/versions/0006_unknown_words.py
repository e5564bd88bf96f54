"""translations keep the words the engine left untranslated in their draft

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Drafts made before this column existed keep NULL: the engine's words were not recorded, and
    # the `untranslated` check judges those texts as it judges a person's (docs/quality.md).
    with op.batch_alter_table("translations") as batch:
        batch.add_column(sa.Column("unknown_words", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translations") as batch:
        batch.drop_column("unknown_words")
