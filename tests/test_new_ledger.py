"""A new ledger gets its schema at once (ledger/new_ledger.py), the one the migrations make through
sqlite-utils: the same tables, columns, indexes and triggers, spelled the same, in the same order,
and every migration recorded as applied."""

from datetime import datetime

import pytest
from sqlite_utils import Database

from ledger import new_ledger, new_ledger_schema, store
from ledger.migrations import KNOWN, migrations

SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"


def migrated(path, stop_before: list[str] | None = None) -> Database:
    """A ledger file migrated the usual way, through sqlite-utils' Migrations."""
    db = Database(path)
    migrations.apply(db, stop_before=stop_before)
    return db


def test_the_snapshot_is_up_to_date():
    names, statements = new_ledger.snapshot()
    assert (list(new_ledger_schema.MIGRATIONS), list(new_ledger_schema.STATEMENTS)) == (names, statements), (
        "ledger/new_ledger_schema.py is out of date: run `python -m ledger.new_ledger`"
    )
    assert new_ledger.main(["--check"]) == 0


def test_a_new_ledger_is_the_ledger_the_migrations_make(tmp_path):
    expected = migrated(tmp_path / "migrated.db")
    db = store.open_ledger(tmp_path / "new.db")
    assert db.execute(SCHEMA).fetchall() == expected.execute(SCHEMA).fetchall()
    applied = migrations.applied(db)
    assert [m.name for m in applied] == KNOWN
    assert all(datetime.fromisoformat(m.applied_at).utcoffset().total_seconds() == 0 for m in applied)
    assert db.execute("SELECT migration_set, count(*) FROM _sqlite_migrations GROUP BY 1").fetchall() == [
        ("ledger", len(KNOWN))
    ]
    db.close()
    # Opened again, it has nothing pending and keeps its records.
    db = store.open_ledger(tmp_path / "new.db")
    assert [m.name for m in migrations.applied(db)] == KNOWN
    assert db.execute(SCHEMA).fetchall() == expected.execute(SCHEMA).fetchall()


def test_migrations_newer_than_the_snapshot_still_run(tmp_path, monkeypatch):
    # As when a migration is added and the snapshot not written again: it stands for the first
    # migrations only, and the last one runs through sqlite-utils after it.
    snapshot_db = migrated(tmp_path / "older.db", stop_before=[KNOWN[-1]])
    statements = [r[0] for r in snapshot_db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")]
    monkeypatch.setattr(new_ledger_schema, "MIGRATIONS", tuple(KNOWN[:-1]))
    monkeypatch.setattr(new_ledger_schema, "STATEMENTS", tuple(statements))
    db = store.open_ledger(tmp_path / "new.db")
    assert [m.name for m in migrations.applied(db)] == KNOWN
    assert db.execute(SCHEMA).fetchall() == migrated(tmp_path / "migrated.db").execute(SCHEMA).fetchall()


@pytest.mark.parametrize("names", [(), ("m001_initial", "m099_elsewhere"), ("m002_report_indexes",)])
def test_a_snapshot_that_does_not_begin_the_migrations_is_not_used(tmp_path, monkeypatch, names):
    monkeypatch.setattr(new_ledger_schema, "MIGRATIONS", names)
    monkeypatch.setattr(new_ledger_schema, "STATEMENTS", ("CREATE TABLE wrong (x)",))
    db = store.open_ledger(tmp_path / "new.db")
    assert [m.name for m in migrations.applied(db)] == KNOWN
    assert db.execute(SCHEMA).fetchall() == migrated(tmp_path / "migrated.db").execute(SCHEMA).fetchall()


def test_only_a_blank_file_gets_the_snapshot(tmp_path, monkeypatch):
    path = tmp_path / "notes.db"
    Database(path).execute("CREATE TABLE notes (text TEXT)")
    monkeypatch.setattr(new_ledger, "create", lambda db, known: pytest.fail("a file holding a table is not blank"))
    db = store.open_ledger(path)  # someone's own table stays; the migrations run the usual way
    assert [m.name for m in migrations.applied(db)] == KNOWN
    rows = db.execute(SCHEMA).fetchall()
    assert rows[0] == ("table", "notes", "notes", "CREATE TABLE notes (text TEXT)")
    assert rows[1:] == migrated(tmp_path / "migrated.db").execute(SCHEMA).fetchall()
