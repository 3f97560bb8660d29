"""`ledger extract`, `ledger import`, streaming export and `ingest --jobs` (ledger/cli_bulk.py,
ledger/bulk.py, ledger/parallel.py, ledger/progress.py)."""

import io
import json

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger import bulk, progress
from ledger.ingest import Outcome
from ledger.models import INCIDENT_FIELDS
from ledger.store import IngestResult

MORE = [
    "Convoy hit near Menaka\nEight soldiers were killed on Tuesday when a convoy hit a mine near Menaka, Mali.\n",
    "Raid on a market\nGunmen killed 14 traders on Friday in a raid on a market near Djibo, Burkina Faso.\n",
    "Drone strike\nA drone strike killed five fighters on Thursday near Kidal, Mali, the army said.\n",
    "Bridge attack\nNine gendarmes were killed on Saturday in an attack on a bridge near Tillaberi, Niger.\n",
]


@pytest.fixture
def articles(article, tmp_path):
    (tmp_path / "in").mkdir()
    for n, text in enumerate([GAO, VILLAGE, *MORE]):
        article(f"in/{n:02d}.txt", text)
    return tmp_path / "in"


def _export(runner, db, fmt="jsonl"):
    result = invoke(runner, "export", "--db", db, "-f", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_extract_prints_one_record_per_incident_with_its_article(runner, articles):
    result = invoke(runner, "extract", articles, *DATE)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 6
    for record in records:
        assert set(INCIDENT_FIELDS) <= set(record)
        [source] = record["sources"]
        assert source["file"].endswith(".txt") and len(source["sha256"]) == 64
        assert source["killed_low"] == record["killed_low"]
    assert [r["sources"][0]["file"] for r in records] == sorted(r["sources"][0]["file"] for r in records)


def test_extract_json_is_one_array(runner, articles):
    result = invoke(runner, "extract", articles, *DATE, "-f", "json")
    assert isinstance(json.loads(result.stdout), list)


def test_extract_names_a_bad_file_and_goes_on(runner, articles, article):
    article("in/03a.txt", b"\x00\x01binary")
    result = invoke(runner, "extract", articles, *DATE)
    assert result.exit_code == 1
    assert "03a.txt" in result.stderr and result.stdout.count("\n") >= 6


def test_extract_then_import_gives_what_ingest_gives(runner, articles, tmp_path):
    (tmp_path / "x.jsonl").write_text(invoke(runner, "extract", articles, *DATE).stdout)
    assert invoke(runner, "import", tmp_path / "x.jsonl", "--db", "imported.db").exit_code == 0
    assert invoke(runner, "ingest", articles, *DATE, "--db", "ingested.db").exit_code == 0
    imported = [json.loads(line) for line in _export(runner, "imported.db").splitlines()]
    ingested = [json.loads(line) for line in _export(runner, "ingested.db").splitlines()]
    # These articles report distinct events, so ingest merges nothing and the two agree.
    assert [{f: r[f] for f in INCIDENT_FIELDS} for r in imported] == [
        {f: r[f] for f in INCIDENT_FIELDS} for r in ingested
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_importing_an_export_into_an_empty_ledger_reproduces_it(runner, articles, tmp_path, fmt):
    assert invoke(runner, "ingest", articles, *DATE, "--db", "a.db").exit_code == 0
    exported = _export(runner, "a.db", fmt)
    (tmp_path / f"a.{fmt}").write_text(exported)
    result = invoke(runner, "import", tmp_path / f"a.{fmt}", "--db", "b.db")
    assert result.exit_code == 0 and "imported 6 incidents" in result.stderr
    assert _export(runner, "b.db", fmt) == exported


def test_importing_twice_changes_nothing(runner, articles, tmp_path):
    assert invoke(runner, "ingest", articles, *DATE, "--db", "a.db").exit_code == 0
    (tmp_path / "a.jsonl").write_text(_export(runner, "a.db"))
    invoke(runner, "import", tmp_path / "a.jsonl", "--db", "b.db")
    before = _export(runner, "b.db")
    again = invoke(runner, "import", tmp_path / "a.jsonl", "--db", "b.db")
    assert again.exit_code == 0
    assert "imported 0 incidents" in again.stderr and "6 incidents skipped" in again.stderr
    assert _export(runner, "b.db") == before


def test_import_into_a_ledger_with_incidents_gives_new_ids(runner, articles, tmp_path, article):
    assert invoke(runner, "ingest", articles, *DATE, "--db", "a.db").exit_code == 0
    (tmp_path / "a.jsonl").write_text(_export(runner, "a.db"))
    article("other.txt", MORE[0].replace("Eight", "Eleven"))
    invoke(runner, "ingest", tmp_path / "other.txt", *DATE, "--db", "b.db")
    assert invoke(runner, "import", tmp_path / "a.jsonl", "--db", "b.db").exit_code == 0
    ids = [json.loads(line)["id"] for line in _export(runner, "b.db").splitlines()]
    assert ids == list(range(1, 8))


def test_import_from_stdin(runner, articles):
    records = invoke(runner, "extract", articles, *DATE).stdout
    result = invoke(runner, "import", "-", "--db", "s.db", input=records)
    assert result.exit_code == 0 and "imported 6 incidents" in result.stderr


@pytest.mark.parametrize(
    "text, message",
    [("{not json\n", "line 1: not JSON"), ('[{"id": 1}, 5]', "expected a JSON array of incident objects")],
)
def test_import_refuses_what_is_not_records(runner, tmp_path, text, message):
    (tmp_path / "bad.json").write_text(text)
    result = invoke(runner, "import", tmp_path / "bad.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_import_of_a_missing_file_is_one_error_line(runner, tmp_path):
    result = invoke(runner, "import", tmp_path / "nope.jsonl")
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_a_json_array_is_read_across_small_chunks(monkeypatch):
    monkeypatch.setattr(bulk, "_READ_CHUNK", 7)
    records = [{"id": n, "sources": [{"file": f"{n}.txt", "sentence": "a ] , [ b"}]} for n in range(20)]
    stream = io.StringIO()
    bulk.write_json_array(records, stream)
    assert stream.getvalue() == json.dumps(records, indent=2) + "\n"
    stream.seek(0)
    assert list(bulk.read_records(stream, "x.json")) == records


def test_an_empty_array_writes_and_reads_as_no_records():
    stream = io.StringIO()
    bulk.write_json_array([], stream)
    assert stream.getvalue() == "[]\n"
    stream.seek(0)
    assert list(bulk.read_records(stream, "x.json")) == []


def test_ingest_with_jobs_stores_in_the_order_given(runner, articles, article):
    article("in/02b.txt", b"\xff\xfe\x00\xd8 broken")  # unreadable, in the middle of the batch
    one = invoke(runner, "ingest", articles, *DATE, "--jobs", "1", "--db", "one.db")
    two = invoke(runner, "ingest", articles, *DATE, "--jobs", "2", "--db", "two.db")
    assert one.exit_code == two.exit_code == 1
    assert one.stderr == two.stderr and "02b.txt" in two.stderr
    assert _export(runner, "one.db", "json") == _export(runner, "two.db", "json")


def test_ingest_with_jobs_skips_texts_already_in_the_ledger(runner, articles):
    invoke(runner, "ingest", articles, *DATE, "--jobs", "2")
    again = invoke(runner, "ingest", articles, *DATE, "--jobs", "2")
    assert again.exit_code == 0 and "6 already in the ledger" in again.stderr


def test_no_progress_bar_on_a_pipe(runner, articles):
    result = invoke(runner, "ingest", articles, *DATE)
    assert result.stderr.strip().splitlines() == ["ingested 6 articles, 6 incidents (6 new, 0 merged)"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _outcomes(n):
    for i in range(n):
        yield Outcome(f"{i}.txt", result=IngestResult(f"{i}.txt", i, "new", [(i, "new"), (i + 100, "new")]))


def test_the_progress_bar_counts_files_and_incidents_on_a_terminal():
    terminal = _Terminal()
    assert len(list(progress.tracked(_outcomes(5), 5, terminal))) == 5
    drawn = terminal.getvalue()
    assert "5/5" in drawn and "10 incidents" in drawn


def test_the_progress_bar_draws_nothing_when_not_a_terminal():
    stream = io.StringIO()
    assert len(list(progress.tracked(_outcomes(5), 5, stream))) == 5
    assert stream.getvalue() == ""


def test_an_incident_without_sources_is_imported_into_an_empty_ledger_only(db):
    record = {"id": 7, "kind": "incident", "victim_bloc": "west", "killed_low": 3, "pinned": ["killed_low"],
              "sources": []}  # fmt: skip
    assert bulk.import_records(db, [record]).incidents == 1
    again = bulk.import_records(db, [record])
    assert (again.incidents, again.skipped) == (0, 1)
    [row] = db.execute("SELECT id, killed_low, pinned FROM incidents").fetchall()
    assert row == (7, 3, '["killed_low"]')


def test_import_keeps_the_indexes_and_the_source_counts(runner, articles, tmp_path, article):
    assert invoke(runner, "ingest", articles, *DATE, "--db", "a.db").exit_code == 0
    exported = [json.loads(line) for line in _export(runner, "a.db").splitlines()]
    exported[0]["sources"].append({**exported[0]["sources"][0], "file": "copy.txt", "claimed_by_perpetrator": True})
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in exported))
    article("other.txt", MORE[0].replace("Eight", "Eleven"))
    invoke(runner, "ingest", tmp_path / "other.txt", *DATE, "--db", "b.db")
    for db in ("empty.db", "b.db"):  # indexes dropped and rebuilt (empty ledger), or kept up
        assert invoke(runner, "import", tmp_path / "a.jsonl", "--db", db).exit_code == 0
        ledger = bulk.store.open_ledger(db)
        indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        assert ledger.execute(indexes).fetchall() == bulk.store.open_ledger("a.db").execute(indexes).fetchall()
        counts = ledger.execute(
            """SELECT i.source_count, i.claim_source_count, count(s.id), coalesce(sum(s.claimed_by_perpetrator), 0)
               FROM incidents i LEFT JOIN incident_sources s ON s.incident_id = i.id GROUP BY i.id"""
        ).fetchall()
        assert all(row[:2] == row[2:] for row in counts) and max(row[0] for row in counts) == 2
        assert ledger.execute("PRAGMA foreign_key_check").fetchall() == []
