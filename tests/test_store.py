import dataclasses
import json
import re
import signal

import pytest
from conftest import make_extraction, make_incident

from ledger import reconcile, store
from ledger.errors import NotFoundError
from ledger.models import INCIDENT_FIELDS
from ledger.store import Filters


def ingest(db, name, text, *incidents, force=False):
    return store.ingest_article(db, name, text, make_extraction(*incidents), force=force)


def counts(db):
    return {t: db[t].count for t in ("articles", "incidents", "incident_sources")}


def test_ingest_stores_article_incident_and_source(db):
    result = ingest(db, "dir/a.txt", "Article A", make_incident())
    assert (result.status, result.new, result.merged, result.file) == ("new", 1, 0, "a.txt")
    assert counts(db) == {"articles": 1, "incidents": 1, "incident_sources": 1}
    article = db["articles"].get(result.article_id)
    assert (article["file"], article["path"], article["text"], article["published"]) == (
        "a.txt", "dir/a.txt", "Article A", "2024-11-22",
    )  # fmt: skip
    source = next(db["incident_sources"].rows)
    assert json.loads(source["evidence"])[0]["rule"] == "test"
    assert source["sentence"] == "7 fighters were killed."
    assert (source["span_start"], source["span_end"]) == (0, 2)


def test_same_text_again_changes_nothing(db):
    ingest(db, "a.txt", "Article A", make_incident())
    again = ingest(db, "copy.txt", "Article A", make_incident(killed_low=99))
    assert again.status == "already" and again.placed == []
    assert counts(db) == {"articles": 1, "incidents": 1, "incident_sources": 1}
    assert next(db["incidents"].rows)["killed_low"] == 7


def test_force_replaces_the_articles_sources_and_keeps_the_incident_id(db):
    first = ingest(db, "a.txt", "Article A", make_incident())
    again = ingest(db, "a.txt", "Article A", make_incident(killed_low=8, killed_high=8), force=True)
    assert again.status == "replaced"
    assert again.placed[0][0] == first.placed[0][0]
    assert counts(db) == {"articles": 1, "incidents": 1, "incident_sources": 1}
    assert next(db["incidents"].rows)["killed_low"] == 8


def test_force_drops_incidents_the_article_no_longer_reports(db):
    ingest(db, "a.txt", "Article A", make_incident())
    ingest(db, "a.txt", "Article A", force=True)
    assert counts(db) == {"articles": 1, "incidents": 0, "incident_sources": 0}


def test_second_article_about_the_same_event_merges(db):
    ingest(db, "a.txt", "Article A", make_incident(killed_low=7, killed_high=None))
    second = ingest(
        db,
        "b.txt",
        "Article B",
        make_incident(killed_low=6, killed_high=6, date_start="2024-11-22", date_end="2024-11-22"),
    )
    assert (second.new, second.merged) == (0, 1)
    incident = store.get_incident(db, second.placed[0][0])
    assert (incident["killed_low"], incident["killed_high"]) == (6, 7)
    assert [s["file"] for s in incident["sources"]] == ["a.txt", "b.txt"]
    assert incident["date_start"] == "2024-11-21"  # both day precision: the first stays


def test_a_merge_writes_only_the_columns_it_changes(db):
    ingest(db, "a.txt", "Article A", make_incident(killed_low=7, killed_high=7))
    updates = []
    db.conn.set_trace_callback(lambda sql: updates.append(sql) if sql.startswith("UPDATE \"incidents\"") else None)
    try:
        ingest(db, "b.txt", "Article B", make_incident(killed_low=7, killed_high=7))  # the same again
        ingest(db, "c.txt", "Article C", make_incident(killed_low=7, killed_high=9))  # a higher toll
    finally:
        db.conn.set_trace_callback(None)
    # Each column set costs its index entries and the report summaries' triggers, changed or not.
    # (The trace gives each statement with its values, once per step of the triggers it runs.)
    columns_set = [tuple(re.findall(r'"(\w+)" = ', u.split(" WHERE ")[0])) for u in updates]
    assert list(dict.fromkeys(columns_set)) == [("updated_at",), ("killed_high", "updated_at")]
    [incident] = db.query("SELECT killed_low, killed_high, source_count FROM incidents")
    assert incident == {"killed_low": 7, "killed_high": 9, "source_count": 3}


def test_ctrl_c_while_sqlite_runs_a_test_of_ours_stays_ctrl_c(db, monkeypatch):
    # Reconcile's place test runs inside the candidate query: Ctrl-C may come while it does.
    def ctrl_c_meanwhile(a, b, test=reconcile.places_compatible):
        signal.raise_signal(signal.SIGINT)
        return test(a, b)

    monkeypatch.setattr(reconcile, "places_compatible", ctrl_c_meanwhile)
    ingest(db, "a.txt", "Article A", make_incident(location="Gao"))
    with pytest.raises(KeyboardInterrupt):  # not SQLite's "user-defined function raised exception"
        ingest(db, "b.txt", "Article B", make_incident(location="Kidal"))
    assert counts(db) == {"articles": 1, "incidents": 1, "incident_sources": 1}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C is Python's again


@pytest.mark.parametrize(
    "other",
    [
        dict(date_start="2024-11-28", date_end="2024-11-28"),  # another ambush a week later
        dict(country="BFA"),  # the same day in another country
        dict(victim_bloc="local_state", victim="FAMa"),  # another victim group
        dict(perpetrator="Islamic State Sahel"),  # another perpetrator named
        dict(kind="aggregate", date_precision="period"),
        # undated, and its figure is not the first article's: nothing ties it to that ambush
        dict(date_start=None, date_end=None, date_precision="unknown", killed_low=40, killed_high=40),
    ],
)
def test_near_misses_do_not_merge(db, other):
    ingest(db, "a.txt", "Article A", make_incident())
    second = ingest(db, "b.txt", "Article B", make_incident(**other))
    assert (second.new, second.merged) == (1, 0)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (dict(country="BFA"), False),  # another country named: left out
        (dict(country=None), True),  # no country: it may be the same event
        (dict(country="mli"), True),  # case does not tell codes apart
        (dict(perpetrator_bloc="russia"), False),
        (dict(perpetrator_bloc="unknown"), True),
    ],
)
def test_candidates_leave_out_only_what_is_compatible_with_nothing(db, stored, expected):
    ingest(db, "a.txt", "Article A", make_incident(**stored))
    found = store.match_candidates(
        db, "russia", "incident", None, ("2024-11-19", "2024-11-23"), country="MLI", perpetrator_bloc="non_state"
    )
    assert bool(found) is expected
    assert len(store.match_candidates(db, "russia", "incident", None, ("2024-11-19", "2024-11-23"))) == 1


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2024-01-01", "2024-12-31", "year", True),  # a long range around the window
        ("2024-11-22", "2025-03-01", "period", True),  # starts in it, ends months after
        ("2024-11-01", "2024-11-30", "month", True),  # ends within 40 days after it
        ("2024-11-20", "2024-11-27", "day", True),  # "since Wednesday": a week
        ("2024-11-23", "2024-11-24", "day", True),
        ("2024-11-24", "2024-11-24", "day", False),
        ("2024-12-01", "2024-12-31", "month", False),  # starts after it
        ("2024-01-01", "2024-10-31", "period", False),  # ends before it
    ],
)
def test_candidates_are_every_range_that_overlaps_the_window(db, start, end, precision, expected):
    ingest(db, "a.txt", "Article A", make_incident(date_start=start, date_end=end, date_precision=precision))
    found = store.match_candidates(db, "russia", "incident", None, ("2024-11-19", "2024-11-23"))
    assert bool(found) is expected


def test_one_article_never_merges_with_itself(db):
    result = ingest(db, "a.txt", "Article A", make_incident(), make_incident(killed_low=3, killed_high=3))
    assert result.new == 2


def test_month_precision_report_joins_the_day_it_contains(db):
    ingest(db, "a.txt", "A", make_incident(date_start="2024-07-25", date_end="2024-07-27"))
    later = ingest(
        db,
        "b.txt",
        "B",
        make_incident(
            date_start="2024-07-01",
            date_end="2024-07-31",
            date_precision="month",
            killed_low=70,
            killed_high=80,
        ),
    )
    assert later.merged == 1
    incident = store.get_incident(db, later.placed[0][0])
    assert (incident["date_start"], incident["date_precision"]) == ("2024-07-25", "day")


def test_pinned_fields_survive_refresh(db):
    result = ingest(db, "a.txt", "A", make_incident())
    incident_id = result.placed[0][0]
    db["incidents"].update(incident_id, {"perpetrator": "GSIM", "pinned": json.dumps(["perpetrator"])})
    ingest(db, "b.txt", "B", make_incident(perpetrator=None, killed_low=9, killed_high=9))
    incident = store.get_incident(db, incident_id)
    assert incident["perpetrator"] == "GSIM" and incident["killed_high"] == 9


def test_list_incidents_sorted_by_date_undated_last(db):
    ingest(db, "a.txt", "A", make_incident(date_start=None, date_end=None, date_precision="unknown"))
    ingest(db, "b.txt", "B", make_incident(date_start="2024-01-05", date_end="2024-01-05"))
    ingest(db, "c.txt", "C", make_incident(date_start="2023-03-01", date_end="2023-03-01"))
    assert [r["date_start"] for r in store.list_incidents(db)] == ["2023-03-01", "2024-01-05", None]
    assert [r["sources"] for r in store.list_incidents(db)] == [1, 1, 1]


def test_filters(db):
    ingest(db, "a.txt", "A", make_incident(date_start="2023-03-01", date_end="2023-03-01"))
    ingest(
        db,
        "b.txt",
        "B",
        make_incident(
            victim_bloc="west",
            country="NER",
            date_start="2024-05-01",
            date_end="2024-05-31",
            date_precision="month",
        ),
    )

    def ids(**kw):
        return [r["country"] for r in store.list_incidents(db, Filters(**kw))]

    assert ids(victim_blocs=("west",)) == ["NER"]
    assert ids(victim_blocs=("west", "russia")) == ["MLI", "NER"]
    assert ids(country="ner") == ["NER"]
    from datetime import date

    assert ids(since=date(2024, 5, 20)) == ["NER"]  # the month overlaps the 20th
    assert ids(until=date(2023, 12, 31)) == ["MLI"]


@pytest.mark.parametrize("hostile", ["MLI' OR '1'='1", "%", "_", "Ségou", "'; DROP TABLE incidents; --"])
def test_filter_values_are_data_not_sql(db, hostile):
    ingest(db, "a.txt", "A", make_incident())
    assert store.list_incidents(db, Filters(country=hostile)) == []
    assert store.list_incidents(db, Filters(victim_blocs=(hostile,))) == []
    assert db["incidents"].count == 1


def test_unicode_values_round_trip(db):
    ingest(db, "ségou.txt", "Texte é", make_incident(location="Ségou", victim="Forces armées maliennes"))
    row = store.list_incidents(db, Filters(country="MLI"))[0]
    assert (row["location"], row["victim"]) == ("Ségou", "Forces armées maliennes")


def test_export_has_every_field_per_source(db):
    ingest(db, "a.txt", "A", make_incident())
    ingest(db, "b.txt", "B", make_incident(killed_low=6, killed_high=6, claimed_by_perpetrator=True))
    [incident] = store.export_incidents(db)
    assert incident["claimed_by_perpetrator"] is False
    for source in incident["sources"]:
        assert set(INCIDENT_FIELDS) <= set(source)
        assert isinstance(source["claimed_by_perpetrator"], bool)
        assert isinstance(source["evidence"], list)
    assert [s["killed_low"] for s in incident["sources"]] == [7, 6]


def test_get_incident_not_found(db):
    with pytest.raises(NotFoundError, match="no incident 42"):
        store.get_incident(db, 42)


def test_a_failing_ingest_leaves_nothing_behind(db, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_reconciled_row", boom)  # after the article row went in
    with pytest.raises(RuntimeError):
        ingest(db, "a.txt", "A", make_incident())
    assert counts(db) == {"articles": 0, "incidents": 0, "incident_sources": 0}


def test_a_batch_skips_the_sync_of_each_commit_and_syncs_the_log_at_its_end(db, monkeypatch):
    synced = []
    monkeypatch.setattr(store.os, "fsync", lambda fd: synced.append(store.os.readlink(f"/proc/self/fd/{fd}")))
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: a lone edit is synced at once
    with pytest.raises(KeyboardInterrupt), store.batch_commits(db):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: synced at checkpoints
        ingest(db, "a.txt", "Article A", make_incident())
        assert synced == []
        raise KeyboardInterrupt  # however the batch ends, what it committed goes to disk
    assert len(synced) == 1 and synced[0].endswith("-wal")
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert counts(db)["articles"] == 1


def test_evidence_as_dict_holds_every_field():
    evidence = make_incident().evidence[0]
    assert evidence.as_dict() == dataclasses.asdict(evidence)


def test_a_batch_interrupted_inside_an_article_rolls_it_back_and_says_so(db):
    # Ctrl-C can land between BEGIN and the article's first write: the batch must end with the
    # interruption (not "Safety level may not be changed inside a transaction") and store nothing.
    with pytest.raises(KeyboardInterrupt):
        with store.batch_commits(db):
            db.conn.execute("BEGIN IMMEDIATE")
            raise KeyboardInterrupt
    assert not db.conn.in_transaction
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
    assert store.article_count(db) == 0
