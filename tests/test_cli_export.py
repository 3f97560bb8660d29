import csv
import io
import json

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke

from ledger.layouts import ACLED_COLUMNS, UCDP_COLUMNS
from ledger.models import INCIDENT_FIELDS


@pytest.fixture
def ingested(runner, article, tmp_path):
    (tmp_path / "in").mkdir()
    article("in/gao.txt", GAO)
    article("in/village.txt", VILLAGE)
    assert invoke(runner, "ingest", tmp_path / "in", *DATE).exit_code == 0


def test_export_json_follows_the_contract(runner, ingested):
    result = invoke(runner, "export")
    assert result.exit_code == 0
    incidents = json.loads(result.stdout)
    assert isinstance(incidents, list) and len(incidents) == 2
    for incident in incidents:
        assert isinstance(incident["id"], int)
        assert set(INCIDENT_FIELDS) <= set(incident)
        assert isinstance(incident["claimed_by_perpetrator"], bool)
        [source] = incident["sources"]
        assert source["file"] in ("gao.txt", "village.txt")  # base name, not the path
        assert set(INCIDENT_FIELDS) <= set(source)
        assert all(source[f] == incident[f] for f in INCIDENT_FIELDS)  # one source: the same
        assert all(
            {"field", "start", "end", "text", "sentence", "rule"} <= set(e) for e in source["evidence"]
        )
    assert sorted(i["killed_low"] for i in incidents) == [12, 30]


def test_export_jsonl(runner, ingested):
    lines = invoke(runner, "export", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2]


def test_export_csv(runner, ingested):
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "export", "--format", "csv").stdout)))
    assert list(rows[0]) == ["id", *INCIDENT_FIELDS, "confidence", "source_count", "files"]
    assert sorted(r["files"] for r in rows) == ["gao.txt", "village.txt"]


def test_export_rejects_table(runner, ingested):
    assert invoke(runner, "export", "-f", "table").exit_code == 2


@pytest.mark.parametrize(("fmt", "columns"), [("acled", ACLED_COLUMNS), ("ucdp", UCDP_COLUMNS)])
def test_export_layouts_through_the_cli(runner, ingested, fmt, columns):
    result = invoke(runner, "export", "-f", fmt)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == columns
    assert len(rows) == 2
    deaths = sorted(int(r["fatalities" if fmt == "acled" else "best"]) for r in rows)
    assert deaths == [12, 30]
    countries = sorted(r["country"] for r in rows)
    assert countries == ["Burkina Faso", "Mali"]
