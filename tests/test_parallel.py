"""The ingest writer's commit groups (store.CommitGroup, parallel.ingest_items): articles stored by
one process on behalf of the workers are committed together, yet each is stored whole, and none is
reported before it is committed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

import pytest

from ledger import parallel, store

PUB = date(2025, 3, 10)
TOWNS = ["Gao", "Kidal", "Mopti", "Tessit", "Menaka", "Timbuktu", "Djibo", "Ansongo"]


def write_articles(folder, n: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        path = folder / f"n{i:03}.txt"
        path.write_text(f"Raid near {town}\n{i + 4} soldiers were killed on Friday in a raid near {town}, Mali.\n")
        paths.append(str(path))
    return paths


def stored_files(db_path) -> set[str]:
    with closing(sqlite3.connect(db_path)) as other:  # another connection sees only what is committed
        return {row[0] for row in other.execute("SELECT file FROM articles")}


@pytest.fixture
def ledger(tmp_path):
    db = store.open_ledger(tmp_path / "ledger.db")
    yield db
    db.close()


def test_every_article_given_back_is_already_committed(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "COMMIT_GROUP_SECONDS", 60.0)  # one group for the whole batch
    paths = write_articles(tmp_path / "news", 24)
    outcomes = parallel.ingest_items(ledger, tmp_path / "ledger.db", paths, PUB, jobs=2)
    seen = []
    for outcome in outcomes:
        assert not ledger.conn.in_transaction  # nothing is held open while the caller has the outcome
        seen.append(outcome.result.file)
        assert set(seen) <= stored_files(tmp_path / "ledger.db")
    assert len(seen) == 24 and stored_files(tmp_path / "ledger.db") == set(seen)


def test_articles_share_commits(ledger, tmp_path, monkeypatch):
    commits = []
    original = store.CommitGroup.commit

    def counted(group):
        commits.append(group.started is not None)
        original(group)

    monkeypatch.setattr(store, "COMMIT_GROUP_SECONDS", 60.0)
    monkeypatch.setattr(store.CommitGroup, "commit", counted)
    paths = write_articles(tmp_path / "news", 24)
    assert len(list(parallel.ingest_items(ledger, tmp_path / "ledger.db", paths, PUB, jobs=2))) == 24
    # one commit at the end, and one more at each wait for the workers (at most one a chunk of 8)
    assert 1 <= sum(commits) <= 3


def test_an_error_mid_group_keeps_none_of_the_group_and_leaves_nothing_open(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "COMMIT_GROUP_SECONDS", 60.0)
    paths = write_articles(tmp_path / "news", 6)
    original = store.replace_sources

    def failing(db, article_id, incidents):
        placed = original(db, article_id, incidents)  # the article and its incidents are written...
        if db.execute("SELECT file FROM articles WHERE id = ?", [article_id]).fetchone()[0] == "n003.txt":
            raise sqlite3.IntegrityError("refused")  # ...then undone, and the error stops the batch
        return placed

    monkeypatch.setattr(store, "replace_sources", failing)
    outcomes = parallel.ingest_items(ledger, tmp_path / "ledger.db", paths, PUB, jobs=2)
    with pytest.raises(sqlite3.IntegrityError):
        list(outcomes)
    assert not ledger.conn.in_transaction
    # The group was never committed: none of its articles is kept, none half-written.
    assert stored_files(tmp_path / "ledger.db") == set()
    assert ledger.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0


def test_a_savepoint_undoes_one_article_and_keeps_the_rest_of_the_group(ledger):
    group = store.CommitGroup(ledger, seconds=60.0)
    group.open()
    with store.write_transaction(ledger):
        ledger.conn.execute("INSERT INTO articles (sha256, file, path, text, ingested_at) VALUES ('a', 'a.txt', 'a', '', 'now')")
    with pytest.raises(RuntimeError), store.write_transaction(ledger):
        ledger.conn.execute("INSERT INTO articles (sha256, file, path, text, ingested_at) VALUES ('b', 'b.txt', 'b', '', 'now')")
        raise RuntimeError("half-way")
    assert ledger.conn.in_transaction  # the group goes on
    group.commit()
    assert [r[0] for r in ledger.execute("SELECT file FROM articles")] == ["a.txt"]
