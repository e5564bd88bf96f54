"""Alembic environment: runs on the engine handed over by Database.migrate()."""

from __future__ import annotations

from alembic import context

from workbench.store.tables import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
