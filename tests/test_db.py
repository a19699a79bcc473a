"""The two databases: separate binds, SQLite settings, migrations in step with models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casecrowd import db
from tests.conftest import ON_POSTGRES


def test_identity_and_forum_are_separate_databases(app):
    with app.app_context():
        identity, forum = db.engine("identity"), db.engine("forum")
        assert identity.url != forum.url
        identity_tables = set(db.metadata("identity").tables)
        forum_tables = set(db.metadata("forum").tables)
        assert not identity_tables & forum_tables


def test_no_foreign_key_crosses_databases(app):
    with app.app_context():
        for bind in db.BINDS:
            own = set(db.metadata(bind).tables)
            for table in db.metadata(bind).tables.values():
                for fk in table.foreign_keys:
                    assert fk.column.table.name in own, (bind, table.name, fk.target_fullname)


def test_there_is_no_default_bind(app):
    # Every model must say which database it belongs to.
    assert "SQLALCHEMY_DATABASE_URI" not in app.config or not app.config.get(
        "SQLALCHEMY_DATABASE_URI"
    )
    with app.app_context():
        assert None not in db.db.engines


def test_sqlite_uses_wal_and_foreign_keys(make_app, tmp_path):
    app = make_app(
        {
            "database": {
                "identity_url": f"sqlite:///{tmp_path / 'i.sqlite3'}",
                "forum_url": f"sqlite:///{tmp_path / 'f.sqlite3'}",
            }
        }
    )
    with app.app_context(), db.engine("forum").connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_produce_exactly_the_models(app):
    with app.app_context():
        for bind in db.BINDS:
            with db.engine(bind).connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "include_name": db.include_name}
                )
                diff = compare_metadata(context, db.metadata(bind))
            assert diff == [], (bind, diff)


def test_both_databases_are_at_head(app):
    from alembic.script import ScriptDirectory

    with app.app_context():
        for bind in db.BINDS:
            script = ScriptDirectory.from_config(db.alembic_config(bind))
            current = tuple((db.current_revision(bind) or "").split(","))
            # A branch that `depends_on` another hides that one from the
            # stored heads, so compare what is applied, not the head lists.
            applied = {rev.revision for rev in script.iterate_revisions(current, "base")}
            assert set(script.get_heads()) <= applied, (bind, current)


def test_backend_matches_the_run(app):
    with app.app_context():
        expected = "postgresql" if ON_POSTGRES else "sqlite"
        assert {db.engine(b).dialect.name for b in db.BINDS} == {expected}


def test_database_errors_never_carry_the_statement_parameters(app, caplog):
    # Parameters are post text, pseudonyms and times; an error that reaches a
    # log must not quote them.
    secret_text = "the body of a post that was never published"
    with app.app_context():
        for bind in db.BINDS:
            with db.engine(bind).connect() as conn:
                try:
                    conn.execute(
                        sa.text("SELECT * FROM no_such_table WHERE x = :x"), {"x": secret_text}
                    )
                except sa.exc.DBAPIError as error:
                    message = str(error)
                else:  # pragma: no cover - the table does not exist
                    raise AssertionError("the statement should have failed")
            assert secret_text not in message, bind
            assert "hide_parameters" in message, bind
    assert secret_text not in caplog.text
