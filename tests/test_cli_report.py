import json
import os

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke
from conftest import make_extraction, make_incident

from ledger import store

HEADER = "group\tincidents\tkilled_low\tkilled_high\twounded_low\twounded_high\tsources"


@pytest.fixture
def two_articles(runner, article):
    result = invoke(runner, "ingest", article("gao.txt", GAO), article("village.txt", VILLAGE), *DATE)
    assert result.exit_code == 0, result.output


def test_piped_report_is_plain_tsv(runner, two_articles):
    result = invoke(runner, "report", "--by", "year")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{HEADER}\n2024\t2\t42\t42\t\t\t2\n"
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("tsv", f"{HEADER}\n2024\t2\t42\t42\t\t\t2\n"),
        ("csv", HEADER.replace("\t", ",") + "\n2024,2,42,42,,,2\n"),
        ("jsonl", json.dumps({"group": "2024", "incidents": 2, "killed_low": 42, "killed_high": 42,
                              "wounded_low": None, "wounded_high": None, "sources": 2}) + "\n"),
        ("markdown", ("| group | incidents | killed | wounded | sources |\n"
                      "| ---: | ---: | ---: | --- | ---: |\n| 2024 | 2 | 42 |  | 2 |\n")),
    ],
)  # fmt: skip
def test_report_formats(runner, two_articles, fmt, expected):
    result = invoke(runner, "report", "--by", "year", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_report_json_and_no_headers(runner, two_articles):
    rows = json.loads(invoke(runner, "report", "--by", "year", "--format", "json").stdout)
    assert rows == [{"group": "2024", "incidents": 2, "killed_low": 42, "killed_high": 42,
                     "wounded_low": None, "wounded_high": None, "sources": 2}]  # fmt: skip
    assert invoke(runner, "report", "--by", "year", "--no-headers").stdout == "2024\t2\t42\t42\t\t\t2\n"


def test_report_table(runner, two_articles):
    result = invoke(runner, "report", "--by", "year", "-f", "table")
    assert result.exit_code == 0
    assert result.stdout.split("\n")[0].split() == ["group", "incidents", "killed", "wounded", "sources"]
    assert "42" in result.stdout


def test_per_year_adds_a_period_column(runner, two_articles):
    result = invoke(runner, "report", "--by", "country", "--per", "year")
    assert result.stdout.splitlines()[0].split("\t")[:3] == ["group", "period", "incidents"]


@pytest.fixture
def with_period_total(tmp_path):
    db = store.open_ledger(os.environ["LEDGER_DB"])
    total = make_incident(victim="French Army", victim_bloc="west", kind="aggregate", country=None,
                          date_start="2013-01-01", date_end="2024-11-22", date_precision="period",
                          killed_low=58, killed_high=58)  # fmt: skip
    store.ingest_article(db, "a.txt", "one", make_extraction(make_incident(), total))
    claim = make_incident(victim="FAMa", victim_bloc="local_state", killed_low=50, killed_high=50,
                          claimed_by_perpetrator=True)  # fmt: skip
    store.ingest_article(db, "b.txt", "two", make_extraction(claim))
    db.close()


def test_period_totals_get_a_section_of_their_own(runner, with_period_total):
    table = invoke(runner, "report", "-f", "table").stdout
    main, totals = table.split("Period totals (not summed)")
    assert "58" not in main and "58" in totals
    tsv = invoke(runner, "report")
    assert tsv.stdout == f"{HEADER}\nrussia\t1\t7\t7\t\t\t1\n"
    assert "1 period totals not summed; see --period-totals" in tsv.stderr
    only = invoke(runner, "report", "--period-totals").stdout.splitlines()
    assert only[0].split("\t")[:4] == ["id", "group", "date_start", "date_end"]
    assert only[1].split("\t")[1:5] == ["west", "2013-01-01", "2024-11-22", "58"]


def test_claims_only_with_include_claims(runner, with_period_total):
    result = invoke(runner, "report")
    assert "local_state" not in result.stdout
    assert "1 incidents claimed only by the perpetrator left out" in result.stderr
    assert "local_state\t1\t50\t50" in invoke(runner, "report", "--include-claims").stdout


def test_filters(runner, with_period_total):
    result = invoke(runner, "report", "--victim-bloc", "west", "--victim-bloc", "RUSSIA", "--period-totals")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    result = invoke(runner, "report", "--country", "' OR 1=1 --", "--since", "2024-01-01")
    assert (result.exit_code, result.stdout) == (0, HEADER + "\n")


@pytest.mark.parametrize(
    "args",
    [["--by", "weather"], ["--victim-bloc", "martians"], ["--since", "2024-1-1"], ["--per", "decade"]],
)
def test_bad_report_options_are_usage_errors(runner, with_period_total, args):
    result = invoke(runner, "report", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_report_without_a_ledger(runner):
    result = invoke(runner, "report")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no ledger here yet" in result.stderr
