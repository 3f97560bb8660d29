"""Ledgers from other versions: an older one is migrated on open and keeps every row; a newer one is
refused with a clear message and left byte for byte as it was."""

import datetime
import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlite_utils import Database

from cli_helpers import DATE, GAO, invoke
from ledger import store
from ledger.errors import StoreError
from ledger.migrations import KNOWN, migrations

V1 = Path(__file__).parent / "fixtures" / "ledger-v1.db"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v1_ledger(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1, path)
    return path


def test_the_fixture_is_a_v1_ledger():
    with closing(sqlite3.connect(f"file:{V1}?mode=ro", uri=True)) as conn:
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == ["m001_initial", "m002_report_indexes"]


def test_a_v1_ledger_is_migrated_on_open_and_keeps_its_rows(v1_ledger):
    db = store.open_ledger(v1_ledger)
    assert [m.name for m in migrations.applied(db)] == KNOWN
    [incident] = store.export_incidents(db)
    assert (incident["victim"], incident["killed_low"], incident["wounded_high"]) == ("Malian army", 9, 14)
    [source] = incident["sources"]
    assert source["file"] == "menaka.txt"
    assert source["evidence"][0]["text"] == "Nine soldiers"
    db.close()
    assert sha(V1) != sha(v1_ledger)  # the copy changed, the committed fixture did not


def test_a_migrated_v1_ledger_works_with_every_command(runner, v1_ledger, article):
    assert invoke(runner, "check", "--db", v1_ledger).exit_code == 0
    listed = invoke(runner, "list", "--db", v1_ledger, "-f", "json")
    assert [row["place"] for row in json.loads(listed.stdout)] == ["Ménaka"]
    ingested = invoke(runner, "ingest", "--db", v1_ledger, article("gao.txt", GAO), *DATE)
    assert ingested.exit_code == 0, ingested.output
    assert len(json.loads(invoke(runner, "export", "--db", v1_ledger).stdout)) == 2
    assert invoke(runner, "check", "--db", v1_ledger).exit_code == 0


def _from_the_future(path: Path, journal_mode: str) -> str:
    """Make `path` a ledger that lists a migration this version does not know; return its sha256."""
    db = store.open_ledger(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "ledger", "name": "m999_from_the_future", "applied_at": str(datetime.datetime.now())}
    )
    db.execute(f"PRAGMA journal_mode = {journal_mode}")  # delete: back to one file, a rollback journal
    db.close()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    return sha(path)


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_newer_ledger_is_refused_and_not_touched(runner, tmp_path, article, journal_mode):
    path = tmp_path / "future.db"
    before = _from_the_future(path, journal_mode)
    for args in (["list"], ["report"], ["check"], ["backup", tmp_path / "copy.db"],
                 ["ingest", article("gao.txt", GAO), *DATE]):  # fmt: skip
        result = invoke(runner, *args, "--db", path)
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"Error: {path}: written by a newer version of ledger (unknown migrations: "
            "m999_from_the_future); upgrade ledger to use it\n"
        )
    assert sha(path) == before
    assert not (tmp_path / "copy.db").exists()


def test_a_newer_ledger_is_refused_by_the_library_too(tmp_path):
    path = tmp_path / "future.db"
    before = _from_the_future(path, "delete")
    with pytest.raises(StoreError, match="newer version of ledger"):
        store.open_ledger(path)
    assert sha(path) == before
