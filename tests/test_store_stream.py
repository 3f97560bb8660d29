"""store.ingest_article given a stream of incidents (a large text extracted piece by piece): placed
as a list is, a batch at a time, rivals looked for within the batch."""

from __future__ import annotations

import pytest
from conftest import make_extraction, make_incident

from ledger import store


def two_reports_of_one_event():
    """Two incidents of one article, both compatible with the ledger's one incident: the closer
    figure (6, not 9) must get it, whichever comes first."""
    far = make_incident(killed_low=9, killed_high=9, date_start="2024-11-20", date_end="2024-11-20")
    near = make_incident(killed_low=6, killed_high=6)
    return [far, near]


def ingest_both(db, incidents):
    store.ingest_article(db, "a.txt", "Article A", make_extraction(make_incident()))
    extraction = make_extraction()
    extraction.incidents = incidents
    return store.ingest_article(db, "b.txt", "Article B", extraction).placed


def test_a_stream_is_placed_as_the_same_list_would_be(tmp_path):
    as_list = ingest_both(store.open_ledger(tmp_path / "list.db"), two_reports_of_one_event())
    streamed = ingest_both(store.open_ledger(tmp_path / "stream.db"), iter(two_reports_of_one_event()))
    assert streamed == as_list
    assert [how for _, how in streamed] == ["new", "merged"]


def test_a_long_stream_goes_in_batches_and_every_incident_is_placed(db, monkeypatch):
    monkeypatch.setattr(store, "_STREAM_BATCH", 3)
    days = [f"2024-0{month}-1{day}" for month in range(1, 8) for day in range(1, 3)]
    incidents = (make_incident(date_start=d, date_end=d, killed_low=n) for n, d in enumerate(days, 1))
    extraction = make_extraction()
    extraction.incidents = incidents
    result = store.ingest_article(db, "dump.txt", "A dump", extraction)
    assert [how for _, how in result.placed] == ["new"] * len(days)
    rows = db.execute("SELECT killed_low FROM incident_sources ORDER BY id").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(days) + 1))


@pytest.mark.parametrize("incidents", [[], iter([])])
def test_an_article_without_incidents_is_stored(db, incidents):
    extraction = make_extraction()
    extraction.incidents = incidents
    assert store.ingest_article(db, "calm.txt", "Nothing happened", extraction).placed == []
