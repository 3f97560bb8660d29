import json
import os
import subprocess
import sys

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger import __version__


@pytest.fixture
def ingested(runner, article):
    assert (
        invoke(runner, "ingest", article("gao.txt", GAO), article("village.txt", VILLAGE), *DATE).exit_code
        == 0
    )


def test_list_tsv(runner, ingested):
    result = invoke(runner, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "id", "date", "precision", "kind", "place", "country", "victim", "perpetrator", "killed_low",
        "killed_high", "wounded_low", "wounded_high", "claimed", "sources", "confidence",
    ]  # fmt: skip
    assert len(lines) == 3


def test_list_table_merges_figures(runner, ingested):
    header = invoke(runner, "list", "-f", "table", env={"COLUMNS": "200"}).stdout.splitlines()[0].split()
    assert "killed" in header and "killed_low" not in header


def test_show(runner, ingested):
    result = invoke(runner, "show", "1")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Incident 1\n")
    assert "killed_low" in text and "Sources (1)" in text
    assert "gao.txt, published 2024-11-22" in text
    assert "sentence: " in text


def test_show_json(runner, ingested):
    record = json.loads(invoke(runner, "show", "2", "-f", "json").stdout)
    assert record["id"] == 2 and record["sources"][0]["file"] == "village.txt"


def test_show_missing_and_bad_ids(runner, ingested):
    missing = invoke(runner, "show", "99")
    assert (missing.exit_code, missing.stderr) == (1, "Error: no incident 99 in the ledger\n")
    assert invoke(runner, "show", "abc").exit_code == 2


def test_version_help_and_db_path(runner, tmp_path):
    assert invoke(runner, "--version").stdout == f"ledger {__version__}\n"
    for flag in ("-h", "--help"):
        assert "Example:" in invoke(runner, flag).stdout
    bare = invoke(runner)
    assert "Usage:" in bare.output and "ingest" in bare.output
    assert invoke(runner, "db-path").stdout == f"{tmp_path / 'ledger.db'}\n"
    assert invoke(runner, "db-path", "--db", "x.db").stdout == f"{tmp_path / 'x.db'}\n"


@pytest.mark.parametrize("command", ["ingest", "report", "list", "show", "export", "db-path"])
def test_every_command_has_help_with_an_example(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_python_dash_m(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ledger", "--help"], capture_output=True, text=True, env={**os.environ}
    )
    assert result.returncode == 0 and "Usage:" in result.stdout
