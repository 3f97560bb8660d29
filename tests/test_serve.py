"""`ledger serve` (ledger/serve.py): Datasette metadata, canned report queries, a real server."""

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger.serve import CANNED_QUERIES

MOPTI = (
    "Ambush near Mopti\nAt least seven Wagner fighters were killed on Monday in an ambush near Mopti, Mali.\n"
)
FRENCH = (
    "France ends its mission\nSince 2013, 58 French soldiers have been killed in the Sahel, "
    "the French army said on Friday.\n"
)
REPORTS = [
    ("losses_by_bloc_per_year", ["--by", "bloc", "--per", "year"]),
    ("losses_by_victim", ["--by", "actor"]),
    ("losses_by_country_per_year", ["--by", "country", "--per", "year"]),
]


@pytest.fixture
def ledger_file(runner, article, tmp_path):
    paths = [
        article(n, t) for n, t in (("gao.txt", GAO), ("v.txt", VILLAGE), ("m.txt", MOPTI), ("f.txt", FRENCH))
    ]
    assert invoke(runner, "ingest", *paths, *DATE).exit_code == 0
    return tmp_path / "ledger.db"


def query(path, sql: str, **params) -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return [dict(row) for row in conn.execute(sql, params)]


@pytest.mark.parametrize(("name", "options"), REPORTS)
def test_canned_report_queries_match_ledger_report(runner, ledger_file, name, options):
    expected = json.loads(invoke(runner, "report", *options, "-f", "json").stdout)
    rows = query(ledger_file, CANNED_QUERIES[name]["sql"])
    key = lambda r: (r["group"], r.get("period") or "")
    assert sorted(rows, key=key) == sorted(expected, key=key)
    assert any(r["killed_high"] is None and r["killed_low"] for r in rows)  # "at least seven" stays open


def test_the_other_canned_queries_run(ledger_file):
    totals = query(ledger_file, CANNED_QUERIES["period_totals"]["sql"])
    assert [(t["killed_low"], t["date_start"]) for t in totals] == [(58, "2013-01-01")]
    assert query(ledger_file, CANNED_QUERIES["claims_only"]["sql"]) == []
    [source] = query(ledger_file, CANNED_QUERIES["sources_of_incident"]["sql"], incident_id=1)
    assert source["file"] == "gao.txt" and "12 soldiers" in source["sentence"]


def test_metadata_titles_tables_and_columns(runner, tmp_path):
    result = invoke(runner, "serve", "--db", tmp_path / "war.db", "--metadata", "--title", "Sahel losses")
    assert result.exit_code == 0
    meta = json.loads(result.stdout)
    assert meta["title"] == "Sahel losses"
    database = meta["databases"]["war"]  # Datasette names a database after its file
    assert set(database["queries"]) == set(CANNED_QUERIES)
    assert database["tables"]["incidents"]["columns"]["killed_high"].startswith("most killed")
    assert database["tables"]["_sqlite_migrations"] == {"hidden": True}
    assert database["tables"]["report_summary"] == {"hidden": True}


def test_serve_needs_an_existing_ledger(runner, tmp_path):
    result = invoke(runner, "serve", "--db", tmp_path / "missing.db")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_serve_without_datasette_says_which_extra(runner, ledger_file, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)
    result = invoke(runner, "serve", "--db", ledger_file)
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: serving needs the serve extra: pip install 'ledger[serve]'\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> bytes:
    """GET `url`, retrying while the server starts, until `deadline` (time.monotonic)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_real_server_serves_pages_and_json(ledger_file, runner):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ledger", "serve", "--db", str(ledger_file), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        page = _get(f"{base}/ledger/incidents", time.monotonic() + 60).decode()
        assert "Incidents (one per real event and victim group)" in page
        assert "Casualty ledger" in _get(f"{base}/", time.monotonic() + 10).decode()
        data = _get(f"{base}/ledger/losses_by_bloc_per_year.json?_shape=array", time.monotonic() + 10)
        expected = json.loads(invoke(runner, "report", "--by", "bloc", "--per", "year", "-f", "json").stdout)
        assert sorted(json.loads(data), key=str) == sorted(expected, key=str)
    finally:
        server.terminate()
        server.wait(timeout=30)
