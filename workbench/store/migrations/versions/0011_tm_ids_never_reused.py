"""translation-memory ids are never reused on SQLite (AUTOINCREMENT), so the memory's stamp is exact

SQLite gives a new row the id of the highest row just deleted unless the table is AUTOINCREMENT.
The UI's caches of memory answers and the memory's indexes are kept by the table's highest id and
count (``reads.memory_stamp``, ``tm_repo.table_state``): with ids reused, a unit withdrawn and
another added could bring both back to a state seen before, with other text. PostgreSQL's
sequences never reuse a value; there this revision changes nothing.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # A copy of the table (rows, ids and the pair/source index kept); no table refers to tm_entries,
    # so dropping the old copy deletes nothing elsewhere. SQLite's sequence starts at the highest id.
    with op.batch_alter_table("tm_entries", recreate="always",
                              table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def upgrade() -> None:
    _recreate(True)


def downgrade() -> None:
    _recreate(False)
