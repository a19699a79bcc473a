"""The SQLAlchemy extension and the two model bases, one per database."""

from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Primary keys are INTEGER columns: 32-bit on PostgreSQL, 64-bit on SQLite.
# Ids from outside are checked against the smaller range before any query,
# where an out-of-range value would be a driver error rather than "no row".
from casecrowd.protocol import MAX_ID as MAX_ID  # defined by the protocol, used by casecrowd.db

# Stable constraint names make migrations reproducible on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class IdentityModel(db.Model):  # type: ignore[name-defined,misc]
    """Base of desk and issuer tables (the identity database)."""

    __abstract__ = True
    __bind_key__ = "identity"


class ForumModel(db.Model):  # type: ignore[name-defined,misc]
    """Base of forum and moderation tables (the forum database)."""

    __abstract__ = True
    __bind_key__ = "forum"
