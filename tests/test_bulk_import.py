"""`ledger import` through SQLite's JSON functions and `ledger export` written by SQLite
(ledger/bulk.py): the same records, rows and bytes as the Python code they replace, the triggers
and indexes back after a load, and nothing changed by an import that fails half way."""

import io
import json

import pytest
from cli_helpers import invoke

from ledger import bulk, store, views
from ledger.errors import InputError
from ledger.models import INCIDENT_FIELDS

SCHEMA = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name"


def _record(n: int, **changes) -> dict:
    fields = {
        "kind": "incident", "victim": f"soldiers {n}", "victim_bloc": "local_state", "victim_affiliation": None,
        "perpetrator": "JNIM", "perpetrator_bloc": "non_state", "country": "MLI", "location": f"Place {n}",
        "date_start": f"2024-03-{1 + n % 28:02d}", "date_end": None, "date_precision": "day",
        "killed_low": n, "killed_high": n + 2, "wounded_low": None, "wounded_high": None,
        "claimed_by_perpetrator": False,
    }  # fmt: skip
    sentence = f"{n} soldiers were killed near Place {n}."
    source = {"file": f"a{n}.txt", **fields, "confidence": 0.6, "sentence": sentence,
              "evidence": [{"field": "killed", "start": 0, "end": len(str(n)), "text": str(n),
                            "sentence": sentence, "rule": "test"}]}  # fmt: skip
    return {"id": None, **fields, "confidence": 0.6, "sources": [source], **changes}


def _jsonl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _python_export(db, indent: bool) -> str:
    """The export as the Python code writes it (write_json_array / render's JSON lines)."""
    records = [views.export_record(i) for i in bulk.iter_export_incidents(db)]
    out = io.StringIO()
    if indent:
        bulk.write_json_array(records, out)
    else:
        bulk.write_jsonl(records, out)
    return out.getvalue()


def _sql_export(db, indent: bool) -> str:
    out = io.StringIO()
    bulk.write_export(db, out, indent)
    return out.getvalue()


def test_an_import_puts_back_the_triggers_and_indexes_and_recomputes_what_they_keep(db, tmp_path):
    fresh = store.open_ledger(tmp_path / "fresh.db").execute(SCHEMA).fetchall()
    records = [_record(n) for n in range(1, 30)]
    records[3]["sources"].append({**records[3]["sources"][0], "file": "other.txt", "claimed_by_perpetrator": True})
    bulk.import_records(db, records)
    assert db.execute(SCHEMA).fetchall() == fresh
    assert any(kind == "trigger" for kind, _, _ in fresh)
    counts = db.execute(
        """SELECT i.id, i.source_count, i.claim_source_count, count(s.id), coalesce(sum(s.claimed_by_perpetrator), 0)
           FROM incidents i LEFT JOIN incident_sources s ON s.incident_id = i.id GROUP BY i.id"""
    ).fetchall()
    assert all(row[1:3] == row[3:] for row in counts) and counts[3][1:3] == (2, 1)
    from ledger import summary  # the m007 report summary, rebuilt once after the load

    assert summary.differences(db) == []
    # The triggers work again: a source deleted afterwards is counted out.
    db.execute("DELETE FROM incident_sources WHERE incident_id = 4 AND claimed_by_perpetrator = 1")
    assert db.execute("SELECT source_count, claim_source_count FROM incidents WHERE id = 4").fetchone() == (1, 0)


@pytest.mark.parametrize("empty", [True, False])
def test_an_import_that_fails_half_way_changes_nothing(db, tmp_path, monkeypatch, empty):
    if not empty:
        bulk.import_records(db, [_record(100)])
    before = db.execute(SCHEMA).fetchall()
    rows = [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("incidents", "incident_sources", "articles")]
    monkeypatch.setattr(bulk, "_BATCH", 5)  # the bad line comes in the third batch, after two went in
    text = _jsonl(_record(n) for n in range(1, 13)) + '{"id": null, "sources": [{"title": "no file"}]}\n'
    (tmp_path / "bad.jsonl").write_text(text)
    with pytest.raises(InputError, match="line 13: a source names neither its file nor the sha256"):
        bulk.import_texts(db, (("bad.jsonl", n, t) for n, t in bulk.read_texts(io.StringIO(text), "bad.jsonl")))
    assert db.execute(SCHEMA).fetchall() == before
    assert [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("incidents", "incident_sources", "articles")] == rows
    assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone() == (0,)  # no staging table left


@pytest.mark.parametrize(
    "line, message",
    [
        ("[1, 2]", "line 2: expected an incident object"),
        ('{"sources": {"file": "a.txt"}}', "line 2: its sources are not a list"),
        ('{"sources": ["a.txt"]}', "line 2: a source is not an object"),
        ('{"sources": [{"file": "a.txt"}]', "line 2: not JSON"),
        ('{"killed_low": NaN, "sources": [{"file": "a.txt"}]}', "line 2: not JSON that SQLite reads"),
    ],
)
def test_a_bad_record_is_named_by_its_line(runner, tmp_path, line, message):
    (tmp_path / "bad.jsonl").write_text(_jsonl([_record(1)]) + line + "\n")
    result = invoke(runner, "import", tmp_path / "bad.jsonl")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert invoke(runner, "export", "-f", "jsonl").stdout == ""  # the good first line did not go in either


def test_a_source_takes_the_fields_it_leaves_out_from_its_incident(db):
    record = _record(5, location="Town", country="NER", pinned=["location"])
    record["sources"] = [
        # Only its figures and its file: everything else is the incident's; a null it gives stays null.
        {"file": "short.txt", "killed_low": 4, "killed_high": None,
         "evidence": [{"field": "victim", "start": 0, "end": 3, "text": "men", "sentence": "First."},
                      {"field": "wounded", "start": 9, "end": 11, "text": "2", "sentence": "Hurt."},
                      {"field": "killed", "start": 20, "end": 22, "text": "4", "sentence": "Dead."}]},
        # No killed figure: the wounded one gives sentence and span; a sentence given is kept.
        {"file": "wounded.txt", "sha256": "abc", "sentence": "Own.",
         "evidence": [{"field": "date", "start": 1, "end": 2}, {"field": "wounded", "start": 5, "end": 6, "sentence": "W."}]},
        # No figure at all: the first piece of evidence; none: nothing.
        {"file": "first.txt", "evidence": [{"field": "date", "start": 7, "end": 8, "sentence": "D."}]},
        {"file": "none.txt", "evidence": []},
    ]  # fmt: skip
    assert bulk.import_records(db, [record]).sources == 4
    rows = db.execute(
        "SELECT location, country, killed_low, killed_high, sentence, span_start, span_end, evidence, confidence "
        "FROM incident_sources ORDER BY id"
    ).fetchall()
    assert [row[:7] for row in rows] == [
        ("Town", "NER", 4, None, "Dead.", 20, 22),
        ("Town", "NER", 5, 7, "Own.", 5, 6),
        ("Town", "NER", 5, 7, "D.", 7, 8),
        ("Town", "NER", 5, 7, None, None, None),
    ]
    assert json.loads(rows[0][7]) == record["sources"][0]["evidence"] and rows[3][7] == "[]"
    assert {row[8] for row in rows} == {0.6}  # the incident's confidence where a source gives none
    articles = db.execute("SELECT sha256, file, path, text, published_from FROM articles ORDER BY id").fetchall()
    assert articles[:2] == [("file:short.txt", "short.txt", "short.txt", "", "import"), ("abc", "wounded.txt", "wounded.txt", "", "import")]
    assert db.execute("SELECT pinned FROM incidents").fetchone() == ('["location"]',)


def test_ids_kept_into_an_empty_ledger_follow_on_when_a_record_has_none_or_an_earlier_one(db):
    records = [_record(1, id=5), _record(2), _record(3, id=4), _record(4, id=20), _record(5, id="x")]
    bulk.import_records(db, records)
    assert [row[0] for row in db.execute("SELECT id FROM incidents ORDER BY id")] == [5, 6, 7, 20, 21]
    assert [row for row in db.execute("SELECT i.id, s.killed_low FROM incidents i JOIN incident_sources s "
                                      "ON s.incident_id = i.id ORDER BY i.id")] == [(5, 1), (6, 2), (7, 3), (20, 4), (21, 5)]  # fmt: skip


def test_sources_of_one_article_across_batches_share_it_and_a_known_article_is_skipped(db, monkeypatch):
    monkeypatch.setattr(bulk, "_BATCH", 2)
    records = [_record(n) for n in range(1, 6)]
    for record in records:
        record["sources"][0]["file"] = "same.txt"
    tally = bulk.import_records(db, records)
    assert (tally.incidents, tally.articles) == (5, 1)
    assert db.execute("SELECT count(DISTINCT article_id) FROM incident_sources").fetchone() == (1,)
    again = bulk.import_records(db, [_record(9, sources=[{**records[0]["sources"][0]}, {"file": "new.txt"}])])
    assert (again.incidents, again.sources, again.articles, again.skipped) == (1, 1, 1, 0)


TRICKY = [
    0.1 + 0.2, 1e-05, 2 / 3, 1.0, 0.0, 123456789012345678.0, None,  # floats Python spells with 17 digits or an exponent
]


@pytest.mark.parametrize("indent", [False, True])
def test_export_written_by_sqlite_is_the_same_bytes_as_python_json(db, indent):
    assert _sql_export(db, indent) == _python_export(db, indent)  # an empty ledger
    records = []
    for n, confidence in enumerate(TRICKY, 1):
        record = _record(n, confidence=confidence, victim='the "Tigers" \\ \x01\n\t é \u2028 𝄞')
        record["sources"][0]["confidence"] = TRICKY[-n]
        records.append(record)
    records[0]["sources"][0].update(location=7, victim_affiliation=0.30000000000000004)  # numbers in TEXT columns
    records[3]["sources"][0].update(location=7, victim_affiliation=3.25)
    records[1]["sources"] = []  # kept for a pinned field, without any source
    records[1]["pinned"] = ["killed_low"]
    records[2]["sources"].append({**records[2]["sources"][0], "file": "b.txt", "evidence": [], "claimed_by_perpetrator": None})
    records[3]["sources"][0]["evidence"] = [{"field": "killed", "start": 1, "score": 0.30000000000000004, "nested": {"a": [1]}}]
    bulk.import_records(db, records)
    sql, python = _sql_export(db, indent), _python_export(db, indent)
    assert sql == python
    assert "0.30000000000000004" in sql and "1e-05" in sql and '"sources": []' in sql


def test_an_export_with_every_kind_of_value_imports_back_to_the_same_bytes(runner, db, tmp_path):
    records = [_record(n, confidence=c, victim=f'"{n}" \\ é\u0007') for n, c in enumerate(TRICKY, 1)]
    records[4]["sources"][0]["evidence"] = []
    records[5]["pinned"] = ["victim"]
    records[5]["sources"] = []
    bulk.import_records(db, records)
    db.close()
    for fmt in ("jsonl", "json"):
        exported = invoke(runner, "export", "--db", tmp_path / "test.db", "-f", fmt).stdout
        (tmp_path / f"e.{fmt}").write_text(exported)
        assert invoke(runner, "import", tmp_path / f"e.{fmt}", "--db", tmp_path / f"copy-{fmt}.db").exit_code == 0
        assert invoke(runner, "export", "--db", tmp_path / f"copy-{fmt}.db", "-f", fmt).stdout == exported
    copied = [json.loads(line) for line in invoke(runner, "export", "--db", tmp_path / "copy-jsonl.db", "-f", "jsonl").stdout.splitlines()]
    assert [{f: r[f] for f in INCIDENT_FIELDS} for r in copied] == [{f: r[f] for f in INCIDENT_FIELDS} for r in records]


def test_incident_ids_are_given_in_record_order(db):
    # _import_id hands out ids as SQLite asks for them: the statement must read the records in
    # their order, never through a sort that would ask for them in another.
    loader = bulk._Loader(db, bulk.ImportTally())
    try:
        plan = [row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + bulk._SQL["incidents"], loader.params)]
    finally:
        loader.close()
    assert plan and not [line for line in plan if "TEMP B-TREE" in line], plan


def test_a_file_that_fails_to_read_after_batches_went_in_leaves_nothing_and_no_reader(runner, tmp_path, monkeypatch):
    # Files are read by another thread while SQLite loads: an error it meets is raised in turn.
    import threading

    monkeypatch.setattr(bulk, "_BATCH", 3)
    (tmp_path / "good.jsonl").write_text(_jsonl(_record(n) for n in range(1, 11)))
    (tmp_path / "latin1.jsonl").write_bytes(_jsonl([_record(20)]).replace("soldiers", "soldats \xe9").encode("latin-1"))
    threads = threading.active_count()
    result = invoke(runner, "import", tmp_path / "good.jsonl", tmp_path / "latin1.jsonl")
    assert result.exit_code == 1 and "latin1.jsonl" in result.stderr and "not UTF-8" in result.stderr, result.stderr
    assert invoke(runner, "export", "-f", "jsonl").stdout == ""
    assert threading.active_count() == threads


def test_a_bad_line_early_in_a_long_file_stops_the_reader(db, monkeypatch):
    import threading

    monkeypatch.setattr(bulk, "_BATCH", 2)
    read = []

    def texts():
        for n in range(1, 1000):
            read.append(n)
            yield "long.jsonl", n, "{broken" if n == 3 else json.dumps(_record(n))

    threads = threading.active_count()
    with pytest.raises(InputError, match="line 3: not JSON"):
        bulk.import_texts(db, texts())
    assert threading.active_count() == threads and len(read) < 100  # it stopped soon after
    assert db.execute("SELECT count(*) FROM incidents").fetchone() == (0,)


@pytest.mark.parametrize("odd", [7, 2.5])
def test_the_year_summary_summed_from_the_day_summary_is_what_the_incidents_give(db, odd):
    # Integer sums come from the day rows; float ones (whose sum can depend on the order they are
    # added in) from the incidents, as before.
    from ledger import summary

    records = [_record(n, date_start=f"202{n % 3}-0{1 + n % 9}-1{n % 10}", claimed_by_perpetrator=n % 4 == 0)
               for n in range(1, 40)]  # fmt: skip
    records += [_record(50 + n, killed_low=odd, date_start=f"2023-05-0{n + 1}") for n in range(2)]
    bulk.import_records(db, records)
    assert summary.differences(db) == []
    years = db.execute("SELECT year, sum(incidents), sum(killed_low) FROM report_year_summary GROUP BY year").fetchall()
    assert years == [("2020", 13, 273), ("2021", 13, 247), ("2022", 13, 260), ("2023", 2, 2 * odd)]


EVIDENCE_TEXTS = [
    "[]", "{}", '"x"', "5", "null", " [1]", "[1] ", "[{}]", '[{"a": {"b": 1}}]', '[{"a": [1]}]', "[[], {}]",
    '[{"a": 1e400, "b": NaN, "c": -Infinity, "d": -0.0, "e": 0.30000000000000004, "f": 1e-05, "g": 123456789012345678901}]',
    '[{"\\u00e9": "\\u2028 \\ud834\\udd1e \\u0001 \\"q\\" \\\\ /", "t": true, "f": false, "n": null}, 3, "s"]',
    '[{"a": 1, "a": 2}, {"field": "killed", "start": 0, "end": 2, "text": "70", "sentence": "70 died."}]',
    '[{"field":"killed","start":0,"end":2}]',
]  # fmt: skip


@pytest.mark.parametrize("text", EVIDENCE_TEXTS)
def test_evidence_is_spelled_as_python_json_spells_it(text):
    # The export reads and writes each source's evidence with an encoder and scanner made once.
    value = bulk._evidence_loads()(text)
    assert json.dumps(value) == json.dumps(json.loads(text))
    assert bulk._evidence_text(value) == json.dumps(value, ensure_ascii=False)
    assert bulk._indented_evidence(value) == json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n        ")


@pytest.mark.parametrize("text", ["", " ", "[1", "[1] x", "nul"])
def test_evidence_that_is_not_json_fails_as_json_loads_fails(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        bulk._evidence_loads()(text)
    assert str(got.value) == str(expected.value)


def test_a_bad_line_is_reported_while_more_input_has_not_come(db, monkeypatch):
    # `ledger import -` at a terminal: the reader waits for a line that may never come; the
    # error found in a batch read before is raised without waiting for it.
    import threading

    monkeypatch.setattr(bulk, "_BATCH", 2)
    monkeypatch.setattr(bulk, "_READER_GRACE_S", 0.2)
    more = threading.Event()

    def texts():
        yield "-", 1, json.dumps(_record(1))
        yield "-", 2, "{broken"
        more.wait()  # no more input until the test ends

    try:
        with pytest.raises(InputError, match="line 2: not JSON"):
            bulk.import_texts(db, texts())
    finally:
        more.set()


def test_rebuilt_source_counts_and_first_dates_are_what_the_sources_give(db):
    records = [_record(n) for n in range(1, 8)]
    records[1]["sources"].append({**records[1]["sources"][0], "file": "claim.txt", "claimed_by_perpetrator": True})
    records[2]["sources"] = []  # kept without any source
    records[2]["pinned"] = ["victim"]
    for n, record in enumerate(records):
        for source in record["sources"]:
            source["published"] = f"2024-0{1 + n % 3}-0{1 + n}"
    bulk.import_records(db, records)
    truth = "SELECT id, source_count, claim_source_count, first_published FROM incidents ORDER BY id"
    expected = db.execute(truth).fetchall()
    assert expected[1][1:3] == (2, 1) and expected[2][1:] == (0, 0, None)
    recounted = db.execute(  # what the import wrote as it inserted is what the sources give
        """SELECT i.id, count(s.id), count(CASE WHEN s.claimed_by_perpetrator THEN 1 END), min(a.published)
           FROM incidents i LEFT JOIN incident_sources s ON s.incident_id = i.id
           LEFT JOIN articles a ON a.id = s.article_id GROUP BY i.id ORDER BY i.id"""
    ).fetchall()
    assert recounted == expected and expected[0][3] == "2024-01-01"
    with store.write_transaction(db):
        for name, in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            db.execute(f'DROP TRIGGER "{name}"')  # stale values stay as written
        db.execute("UPDATE incidents SET source_count = 9, claim_source_count = 4, first_published = '1999-01-01'")
        db.execute("UPDATE incident_sources SET claimed_by_perpetrator = 'yes' WHERE incident_id = 4")  # text: not a claim
        store.rebuild_source_counts(db)
    assert db.execute(truth).fetchall() == expected


def test_an_import_leaves_its_rows_in_the_ledger_not_in_its_log(runner, tmp_path):
    # The bulk load goes into the write-ahead log; left there, every later command read through it
    # and the next writer's first commit copied it all (a 100k-article ledger ingested 20% slower).
    lines = [json.dumps(_record(n)) for n in range(1, 300)]
    (tmp_path / "all.jsonl").write_text("\n".join(lines) + "\n")
    assert invoke(runner, "import", tmp_path / "all.jsonl", "--db", tmp_path / "big.db").exit_code == 0
    wal = tmp_path / "big.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert invoke(runner, "list", "--db", tmp_path / "big.db", "-f", "tsv").stdout.count("\n") == 300
