"""One large file through `ledger ingest` and `ledger extract`: extracted in pieces, its evidence
spans point into the whole stored text, line endings whatever they were."""

from __future__ import annotations

import json

import pytest
from cli_helpers import DATE, invoke
from test_extract_chunks import ARTICLES, paragraphs

from ledger import ingest, store
from ledger.extract import chunks

# A dump: three articles, then one article longer than a piece, between article breaks.
DUMP = "\n\n\n".join([*ARTICLES, paragraphs(12)])


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    """The test texts count as large and are cut in pieces of a few paragraphs."""
    monkeypatch.setattr(chunks, "LARGE_CHARS", 1000)
    monkeypatch.setattr(chunks, "PIECE_CHARS", 600)
    assert len(list(chunks.pieces(DUMP))) >= 6


def stored_spans(db_path) -> tuple[str, list[tuple]]:
    db = store.open_ledger(db_path)
    (text,) = [row["text"] for row in db.query("SELECT text FROM articles")]
    rows = list(db.query("SELECT evidence, span_start, span_end, killed_low FROM incident_sources ORDER BY id"))
    db.close()
    return text, rows


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_file_of_many_pieces_ingests_with_its_evidence_where_it_stands(runner, tmp_path, newline):
    path = tmp_path / "dump.txt"
    path.write_bytes(DUMP.replace("\n", newline).encode("utf-8"))
    result = invoke(runner, "ingest", path, *DATE, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    text, rows = stored_spans(tmp_path / "ledger.db")
    assert text == DUMP
    assert sorted(r["killed_low"] for r in rows) == sorted([7, 12, 30, *range(2, 14)])
    for row in rows:
        evidence = json.loads(row["evidence"])
        assert evidence
        for e in evidence:
            assert text[e["start"] : e["end"]] == e["text"]
        assert text[row["span_start"] : row["span_end"]] in {e["text"] for e in evidence}


def test_extract_streams_the_same_records_with_spans_in_the_whole_file(runner, tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text(DUMP, encoding="utf-8")
    result = invoke(runner, "extract", path, *DATE)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["killed_low"] for r in records) == sorted([7, 12, 30, *range(2, 14)])
    for record in records:
        (source,) = record["sources"]
        assert source["sha256"] == store.text_sha256(DUMP)
        for e in source["evidence"]:
            assert DUMP[e["start"] : e["end"]] == e["text"]
    # the first article's header gives the title and the date of the file as a whole
    assert {r["sources"][0]["title"] for r in records} == {"Convoy ambushed near Gao"}


def test_the_default_limit_takes_a_50_mb_file_and_names_the_option_over_it(runner, tmp_path):
    assert ingest.MAX_BYTES >= 50_000_000
    path = tmp_path / "dump.txt"
    path.write_text(DUMP, encoding="utf-8")
    for command in ("ingest", "extract"):
        result = invoke(runner, command, path, *DATE, "--max-bytes", "1kB")
        assert result.exit_code == 1
        assert "too large" in result.stderr and "raise it with --max-bytes" in result.stderr
    result = invoke(runner, "extract", path, *DATE, "--max-bytes", "0")
    assert result.exit_code == 0 and result.stdout
