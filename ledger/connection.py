"""The ledger's database connection, as store.open_ledger returns it.

Importing sqlite-utils costs ~0.15 s (its plugin machinery, a date parser), most of what a report
on a million incidents may take in all. So the connection offers what the read commands use
(`execute`, `query`, `conn`, `close`) on a plain sqlite3 connection, with sqlite-utils' semantics,
and creates the sqlite-utils `Database` on that same connection only when something else is asked
of it (`db["incidents"].insert(...)`, `db.atomic()`, `db.table_names()`...): every caller written
for a `Database` keeps working.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

# Statements that open or close a transaction themselves (execute must not commit after them).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
# Leading blanks, semicolons, a byte order mark and comments, then the first keyword.
_FIRST_KEYWORD = re.compile(r"(?:[\s;\ufeff]+|--[^\n]*(?:\n|$)|/\*.*?\*/)*([A-Za-z_]*)", re.S)


class LedgerDB:
    """A sqlite3 connection to the ledger that is also, on demand, a sqlite-utils Database."""

    def __init__(self, path: str | Path):
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils' Database sets it
        self._database: Database | None = None

    @property
    def database(self) -> Database:
        """The sqlite-utils Database on this connection, created (and sqlite-utils imported) once."""
        if self._database is None:
            from sqlite_utils import Database

            self._database = Database(self.conn)
        return self._database

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_database":
            raise AttributeError(name)
        return getattr(self.database, name)

    def __getitem__(self, table: str):
        return self.database[table]

    def __enter__(self) -> LedgerDB:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, parameters: Sequence | dict | None = None) -> sqlite3.Cursor:
        """Run one statement, as sqlite-utils' Database.execute does: a write outside a transaction
        is committed at once, and a failed one leaves no transaction open behind it."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Sequence | dict | None = None) -> Iterator[dict]:
        """Rows of a SELECT as dicts, fetched lazily. Other statements (and a SELECT naming one
        column twice, which sqlite-utils renames) go through sqlite-utils' own query."""
        if _first_keyword(sql) != "SELECT":
            return self.database.query(sql, params)
        cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
        keys = [column[0] for column in cursor.description]
        if len(set(keys)) != len(keys):
            return self.database.query(sql, params)
        return (dict(zip(keys, row)) for row in cursor)

    def __repr__(self) -> str:
        return f"<LedgerDB {self.conn!r}>"


def _first_keyword(sql: str) -> str:
    return _FIRST_KEYWORD.match(sql).group(1).upper()
