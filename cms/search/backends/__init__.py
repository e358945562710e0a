"""One search backend per database vendor, behind one small interface.

``get_backend()`` picks the backend for the connection the entries live on.
Backends index ``Document``s and answer ``Query``s; they never decide what is
public: callers pass the candidate entries as a queryset (the public
``Entry.objects.published()`` or the admin's own), and the backend restricts
its matches to that queryset inside the same SQL query.
"""

from django.db import connections

from cms.search.backends.base import Hit, SearchBackend

__all__ = ["Hit", "SearchBackend", "get_backend"]


def get_backend(using: str = "default") -> SearchBackend:
    """The backend for ``using``'s vendor; each is imported only for its own database.

    The PostgreSQL backend needs ``django.contrib.postgres`` and psycopg,
    which a SQLite installation does not have.
    """
    vendor = connections[using].vendor
    if vendor == "postgresql":
        from cms.search.backends.postgres import PostgresBackend

        return PostgresBackend(using)
    if vendor == "sqlite":
        from cms.search.backends.sqlite import SqliteBackend

        return SqliteBackend(using)
    raise NotImplementedError(
        f"Search supports SQLite and PostgreSQL; the {vendor!r} database has no search backend."
    )
