"""segment comment threads per target language; earlier rejections and withdrawn approvals join them

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["segment_id"], ["segments.id"], name=op.f("fk_comments_segment_id_segments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index("ix_comments_segment_lang", "comments", ["segment_id", "lang"], unique=False)
    # The reasons reviewers gave before threads existed were only in the history: the translator
    # who opens the segment now sees them in its thread.
    op.execute(
        "INSERT INTO comments (segment_id, lang, author, at, text, kind) "
        "SELECT t.segment_id, t.lang, e.actor, e.at, e.comment, "
        "CASE e.action WHEN 'reject' THEN 'rejection' ELSE 'unapproval' END "
        "FROM events e JOIN translations t ON t.id = e.translation_id "
        "WHERE e.action IN ('reject', 'unapprove') AND e.comment <> '' ORDER BY e.id"
    )


def downgrade() -> None:
    op.drop_index("ix_comments_segment_lang", table_name="comments")
    op.drop_table("comments")
