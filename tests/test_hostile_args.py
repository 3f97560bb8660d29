"""Arguments a shell script can throw at ledger: malformed ones are usage errors (exit 2) saying what
is expected; quotes, %, _, SQL and unicode in a filter are data, matched literally, never SQL."""

import json

import pytest
from typer.testing import CliRunner

from cli_helpers import DATE, GAO, VILLAGE, invoke

HOSTILE = [
    "MLI' OR '1'='1", 'MLI" OR "1"="1', "MLI') OR ('1'='1", "%", "_LI", "M%", "ML_", "*",
    "'; DROP TABLE incidents; --", "MLI; DELETE FROM articles", "Мали", "مالي", "MLI\u200b", "🇲🇱", "\\", "",
]  # fmt: skip


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """One ledger for the whole module (every test here only reads it), named by LEDGER_DB."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "gao.txt").write_text(GAO)
    (folder / "village.txt").write_text(VILLAGE)
    db = folder / "ledger.db"
    result = invoke(CliRunner(), "ingest", folder / "gao.txt", folder / "village.txt", *DATE, "--db", db)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(autouse=True)
def use_ledger(ledger, monkeypatch):
    monkeypatch.setenv("LEDGER_DB", str(ledger))


def exported(runner) -> list[dict]:
    return json.loads(invoke(runner, "export").stdout)


def listed(runner, *args) -> list[dict]:
    result = invoke(runner, "list", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_country_filter_works_at_all(runner):
    assert [i["country"] for i in listed(runner, "--country", "mli")] == ["MLI"]
    assert len(listed(runner)) == 2


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_country_matches_nothing_and_harms_nothing(runner, value):
    before = exported(runner)
    expected = [] if value else listed(runner)  # an empty --country is no filter
    assert listed(runner, "--country", value) == expected
    report = invoke(runner, "report", "-f", "json", "--country", value)
    assert report.exit_code == 0, report.output
    assert sum(row["incidents"] for row in json.loads(report.stdout)) == len(expected)
    assert exported(runner) == before
    assert invoke(runner, "check").exit_code == 0


@pytest.mark.parametrize("value", ["russia' OR 1=1", "%", "ŕussia"])
def test_a_hostile_victim_bloc_is_a_usage_error(runner, value):
    result = invoke(runner, "list", "--victim-bloc", value)
    assert result.exit_code == 2
    assert "russia" in result.stderr and "civilian" in result.stderr  # the choices are listed


BAD_DATES = ["2024-13-01", "2024-02-30", "2024-1-1", "22/11/2024", "yesterday", "", "2024-11-22'; --",
             "２０２４-１１-２２", "99999-01-01"]  # fmt: skip


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("command, option", [("list", "--since"), ("report", "--until"), ("ingest", "--date")])
def test_a_malformed_date_is_a_usage_error(runner, article, command, option, value):
    extra = [article("x.txt", GAO)] if command == "ingest" else []
    result = invoke(runner, command, *extra, option, value)
    assert result.exit_code == 2, result.output
    assert "expected a date as YYYY-MM-DD (e.g. 2024-11-22)" in result.stderr
    assert "Traceback" not in result.output


def test_since_after_until_is_a_usage_error(runner):
    result = invoke(runner, "report", "--since", "2024-12-01", "--until", "2024-01-01")
    assert result.exit_code == 2
    assert "--since 2024-12-01 is after --until 2024-01-01: expected since <= until" in result.stderr
    assert invoke(runner, "list", "--since", "2024-11-18", "--until", "2024-11-18").exit_code == 0


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "1 OR 1=1", "99999999999999999999", "²", "٣", ""])
def test_a_malformed_id_is_a_usage_error(runner, value):
    result = invoke(runner, "show", "--", value)
    assert result.exit_code == 2, result.output
    assert "expected an id, a whole number from 1 (see ledger list)" in result.stderr


def test_an_unknown_id_is_an_error_not_a_usage_error(runner):
    result = invoke(runner, "show", "9223372036854775807")
    assert result.exit_code == 1
    assert result.stderr == "Error: no incident 9223372036854775807 in the ledger\n"


@pytest.mark.parametrize("value", ["7-5", "6-", "abc", "6--", "1e3", "7 OR 1=1", "-", "12.5", "½"])
def test_a_malformed_figure_range_is_a_usage_error(runner, value):
    before = exported(runner)
    result = invoke(runner, "edit", "1", "--killed", value)
    assert result.exit_code == 2, result.output
    assert "expected a figure: N, N-M with N <= M, N+ (at least N), -M (up to M) or none" in result.stderr
    assert exported(runner) == before


@pytest.mark.parametrize("command", ["edit", "delete"])
@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999"])
def test_a_malformed_id_is_a_usage_error_for_writing_commands_too(runner, command, value):
    before = exported(runner)
    result = invoke(runner, command, "--", value, *(["--killed", "3"] if command == "edit" else []))
    assert result.exit_code == 2, result.output
    assert exported(runner) == before
