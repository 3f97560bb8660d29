"""A writer that finds the ledger locked waits (busy_timeout), then retries its whole transaction."""

import sqlite3
from contextlib import closing

import pytest

from conftest import make_extraction, make_incident
from ledger import store


def test_a_lock_error_is_retried_and_other_errors_are_not(monkeypatch):
    monkeypatch.setattr(store.time, "sleep", lambda seconds: None)
    calls = []

    @store.retry_when_locked
    def flaky(error):
        calls.append(error)
        if len(calls) < 3:
            raise sqlite3.OperationalError(error)
        return "done"

    assert flaky("database is locked") == "done" and len(calls) == 3
    calls.clear()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        flaky("no such table: x")
    assert len(calls) == 1


def test_gives_up_after_the_last_retry(monkeypatch):
    monkeypatch.setattr(store.time, "sleep", lambda seconds: None)
    calls = []

    @store.retry_when_locked
    def always_locked():
        calls.append(1)
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        always_locked()
    assert len(calls) == store.LOCK_RETRIES


def test_ingest_outlasts_a_writer_that_holds_the_lock_past_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 20)  # so that busy_timeout runs out and retries begin
    path = tmp_path / "l.db"
    db = store.open_ledger(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        retried = []
        sleep = store.time.sleep

        def release_on_first_retry(seconds):
            if not retried:
                other.execute("ROLLBACK")  # the other writer finishes while this one waits to retry
            retried.append(seconds)
            sleep(0)

        monkeypatch.setattr(store.time, "sleep", release_on_first_retry)
        result = store.ingest_article(db, "a.txt", "An article.", make_extraction(make_incident()))
    assert result.status == "new" and retried
    assert store.article_count(db) == 1
