"""The m007 report summary stays exact whatever writes the ledger: reports read from it equal
reports summed from the incidents, after every kind of change made through the real CLI."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import invoke

from ledger import reports, store, summary
from ledger.reports import By, Per
from ledger.store import Filters

ARTICLES = {
    "kidal.txt": ("2024-03-08", "Ambush near Kidal\n14 Malian soldiers were killed on Tuesday in an ambush near Kidal, Mali.\n"),
    "kidal-2.txt": ("2024-03-07", "Second report from Kidal\nFifteen Malian soldiers were killed on Tuesday in an "
                    "ambush near Kidal, Mali, a local official said.\n"),
    "tessalit.txt": ("2023-08-14", "Drone strike near Tessalit\nAt least 9 Wagner fighters were killed on Friday in a "
                     "drone strike near Tessalit, Mali.\n"),
    "djibo-claim.txt": ("2022-05-09", "JNIM claims attack\nJNIM said its fighters killed 20 soldiers on Saturday near "
                        "Djibo, Burkina Faso.\n"),
    "sahel-total.txt": ("2024-11-22", "French losses\nSince 2013, 58 French soldiers have been killed in the Sahel.\n"),
    "kharkiv.txt": ("2024-06-03", "Market shelled\nBetween 5 and 8 civilians were wounded and 3 were killed on Sunday "
                    "when shelling hit a market in Kharkiv, Ukraine.\n"),
    "niger-undated.txt": (None, "Base attacked\n6 soldiers were killed in an attack on a base in Niger.\n"),
}  # fmt: skip

FILTERS = [
    Filters(),
    Filters(victim_blocs=("local_state",)),
    Filters(victim_blocs=("russia", "civilian")),
    Filters(since=date(2024, 1, 1)),
    Filters(until=date(2023, 12, 31)),
    Filters(since=date(2022, 1, 1), until=date(2024, 3, 5)),
]
SHAPES = [(By.BLOC, Per.YEAR), (By.BLOC, None), (By.YEAR, None), (By.MONTH, None), (By.BLOC, Per.MONTH), (By.YEAR, Per.MONTH)]


def assert_summary_exact(path: Path) -> None:
    db = store.open_ledger(path, create=False)
    try:
        assert summary.differences(db) == []
        for by, per in SHAPES:
            for filters in FILTERS:
                for claims in (False, True):
                    for listed in (False, True):
                        args = (db, by, per, filters, claims, listed)
                        assert reports.report(*args) == reports.report(*args, use_summary=False), (by, per, filters)
    finally:
        db.close()


@pytest.fixture
def ledger(runner, tmp_path, article):
    path = tmp_path / "ledger.db"
    for name, (published, text) in ARTICLES.items():
        result = invoke(runner, "ingest", article(name, text), *(["--date", published] if published else []))
        assert result.exit_code == 0, result.output
    return path


def _id(path: Path, victim_bloc: str) -> int:
    db = store.open_ledger(path, create=False)
    try:
        return db.execute("SELECT min(id) FROM incidents WHERE victim_bloc = ?", [victim_bloc]).fetchone()[0]
    finally:
        db.close()


def test_the_summary_is_exact_after_ingest(ledger):
    db = store.open_ledger(ledger, create=False)
    kinds = db.execute("SELECT sum(aggregate), sum(claimed), sum(date_start = '') FROM report_summary").fetchone()
    db.close()
    assert kinds == (1, 1, 1)  # the ledger has a period total, a claim and an undated incident
    assert_summary_exact(ledger)


def test_the_summary_stays_exact_through_every_analyst_change(runner, ledger, article):
    local, russian, civilian = _id(ledger, "local_state"), _id(ledger, "russia"), _id(ledger, "civilian")
    steps = [
        ("edit", local, "--killed", "16"),
        ("edit", russian, "--victim-bloc", "west", "--date", "2022-12-30"),
        ("edit", civilian, "--claimed"),
        ("edit", civilian, "--wounded", "4+"),
        ("add", "--source-note", "analyst", "--killed", "4", "--victim", "Wagner Group", "--victim-bloc", "russia",
         "--country", "MLI", "--date", "2024-01-10"),
        ("split", local, "--source", "kidal-2.txt"),
        ("merge", local, _id(ledger, "local_state") + 0),
        ("delete", civilian),
        ("undo",),
        ("ingest", "--force", article("kidal.txt", ARTICLES["kidal.txt"][1]), "--date", "2024-03-09"),
        ("actors", "add", "Malian army", "--alias", "Malian soldiers", "--bloc", "local_state"),
        ("reextract",),
    ]  # fmt: skip
    for step in steps:
        if step[0] == "merge":  # the two Kidal incidents the split made
            ids = _kidal_ids(ledger)
            step = ("merge", *ids) if len(ids) > 1 else None
        if step is None:
            continue
        result = invoke(runner, *step)
        assert result.exit_code == 0, (step, result.output)
        assert_summary_exact(ledger)


def _kidal_ids(path: Path) -> list[int]:
    db = store.open_ledger(path, create=False)
    try:
        return [row[0] for row in db.execute("SELECT id FROM incidents WHERE location = 'Kidal' ORDER BY id")]
    finally:
        db.close()


def test_the_summary_is_exact_after_an_import(runner, ledger, tmp_path):
    exported = invoke(runner, "export", "-f", "jsonl")
    assert exported.exit_code == 0
    (tmp_path / "all.jsonl").write_text(exported.stdout, encoding="utf-8")
    copy = tmp_path / "copy.db"
    result = invoke(runner, "import", str(tmp_path / "all.jsonl"), "--db", str(copy))
    assert result.exit_code == 0, result.output
    assert_summary_exact(copy)
    db = store.open_ledger(copy, create=False)
    assert db.execute("SELECT sum(incidents) FROM report_summary").fetchone()[0] == len(ARTICLES) - 1  # one merged
    db.close()


def test_the_migration_fills_the_summary_of_an_existing_ledger(tmp_path):
    path = tmp_path / "v1.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "ledger-v1.db", path)
    assert_summary_exact(path)  # opening it migrates it
    db = store.open_ledger(path, create=False)
    rows = list(db.query("SELECT victim_bloc, year, incidents, killed_low FROM report_summary"))
    incidents = list(db.query("SELECT victim_bloc, substr(date_start, 1, 4) AS year, killed_low FROM incidents"))
    db.close()
    assert rows == [{**incidents[0], "incidents": 1}]
    db = store.open_ledger(path, create=False)
    by_year = list(db.query("SELECT victim_bloc, year, incidents, killed_low FROM report_year_summary"))
    db.close()
    assert by_year == rows


def test_check_finds_a_summary_that_went_wrong_and_rebuild_restores_it(runner, ledger):
    db = store.open_ledger(ledger, create=False)
    with store.write_transaction(db):
        db.execute("UPDATE report_summary SET killed_low = killed_low + 1 WHERE victim_bloc = 'russia'")
        db.execute("DELETE FROM report_summary WHERE aggregate = 1")
    result = invoke(runner, "check", "-f", "tsv")
    assert result.exit_code == 1
    problems = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert [(p[0], p[1]) for p in problems] == [("summary", "report_summary")] * 2
    assert any("killed_low 10, " in p[3] and "killed_low 9, " in p[3] for p in problems)  # "at least 9" + 1
    assert any("'aggregate': 1" in p[3] and ": nothing where" in p[3] for p in problems)
    with store.write_transaction(db):
        store.rebuild_derived(db)
    assert summary.differences(db) == []
    db.close()
    assert invoke(runner, "check").exit_code == 0
