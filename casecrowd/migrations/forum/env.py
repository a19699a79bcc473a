"""Alembic environment: the caller (casecrowd.db.upgrade) hands us the
connection and the bind's metadata, so migrations never read config files or
reach for another database."""

from alembic import context

from casecrowd.db import include_name

connection = context.config.attributes["connection"]
target_metadata = context.config.attributes["target_metadata"]

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)

with context.begin_transaction():
    context.run_migrations()
