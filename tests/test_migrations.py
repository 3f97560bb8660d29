import datetime

import pytest
from sqlite_utils import Database

from ledger import store
from ledger.errors import StoreError
from ledger.migrations import KNOWN, migrations
from ledger.models import INCIDENT_FIELDS


def test_migrate_blank_db():
    db = Database(memory=True)
    migrations.apply(db)
    assert {"articles", "incidents", "incident_sources", "actors", "actor_aliases"} <= set(db.table_names())
    assert db["articles"].columns_dict == {
        "id": int, "sha256": str, "file": str, "path": str, "title": str, "published": str,
        "published_from": str, "ingested_at": str, "text": str, "url": str,
    }  # fmt: skip
    incident_columns = db["incidents"].columns_dict
    assert list(incident_columns)[1 : 1 + len(INCIDENT_FIELDS)] == list(INCIDENT_FIELDS)
    assert {"confidence", "created_at", "updated_at", "pinned"} <= set(incident_columns)
    source_columns = db["incident_sources"].columns_dict
    assert set(INCIDENT_FIELDS) | {
        "incident_id", "article_id", "confidence", "evidence", "sentence", "span_start", "span_end",
    } <= set(source_columns)  # fmt: skip
    assert db["actors"].columns_dict == {"id": int, "name": str, "bloc": str, "affiliation": str}
    assert db["actor_aliases"].columns_dict == {"actor_id": int, "alias": str}


def test_indexes_serve_the_reports():
    db = Database(memory=True)
    migrations.apply(db)
    # An index led by each filtered column (tests/test_query_plans.py checks the queries use them).
    leading = {i.columns[0] for i in db["incidents"].indexes}
    for column in ("date_start", "victim_bloc", "victim", "perpetrator"):
        assert column in leading
    assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'idx_incidents_upper_country'").fetchone()
    source_indexes = {tuple(i.columns) for i in db["incident_sources"].indexes}
    assert {("incident_id",), ("article_id",)} <= source_indexes
    assert any(i.unique and i.columns == ["sha256"] for i in db["articles"].indexes)


def test_foreign_keys_declared():
    db = Database(memory=True)
    migrations.apply(db)
    fks = {(fk.column, fk.other_table) for fk in db["incident_sources"].foreign_keys}
    assert fks == {("incident_id", "incidents"), ("article_id", "articles")}


def test_open_ledger_applies_every_migration_once(tmp_path):
    path = tmp_path / "l.db"
    store.open_ledger(path).close()
    db = store.open_ledger(path)
    assert [m.name for m in migrations.applied(db)] == KNOWN
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_ledger_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "l.db"
    db = store.open_ledger(path)
    db["_sqlite_migrations"].insert(
        {
            "migration_set": "ledger",
            "name": "m999_from_the_future",
            "applied_at": str(datetime.datetime.now()),
        }
    )
    db.close()
    with pytest.raises(StoreError, match="newer version of ledger.*m999_from_the_future"):
        store.open_ledger(path)
    assert "m999_from_the_future" in [m.name for m in migrations.applied(Database(path))]


def test_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="cannot open the ledger"):
        store.open_ledger(path)


def test_missing_ledger_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no ledger here yet"):
        store.open_ledger(tmp_path / "none.db", create=False)
