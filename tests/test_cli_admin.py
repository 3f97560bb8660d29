"""`ledger check` finds what is wrong with a ledger; `ledger backup` copies it whole."""

import json
import sqlite3

import pytest

from cli_helpers import DATE, GAO, VILLAGE, invoke


@pytest.fixture
def ledger(runner, article, tmp_path):
    """A ledger of two articles and their incidents, and a raw connection to tamper with it."""
    result = invoke(runner, "ingest", article("gao.txt", GAO), article("village.txt", VILLAGE), *DATE)
    assert result.exit_code == 0, result.output
    path = tmp_path / "ledger.db"
    conn = sqlite3.connect(path, isolation_level=None)  # foreign keys off: free to break them
    yield path, conn
    conn.close()


def check(runner, *args):
    return invoke(runner, "check", "-f", "tsv", "--no-headers", *args)


def test_a_sound_ledger_passes(runner, ledger):
    path, _ = ledger
    result = check(runner)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"{path}: ok (2 articles, 2 incidents, 2 incident sources)\n"


def test_each_broken_rule_is_listed(runner, ledger):
    path, conn = ledger
    gao = conn.execute("SELECT incident_id FROM incident_sources WHERE article_id = 1").fetchone()[0]
    village = conn.execute("SELECT incident_id FROM incident_sources WHERE article_id = 2").fetchone()[0]
    conn.execute("UPDATE incidents SET killed_low = 40, killed_high = 30 WHERE id = ?", [gao])
    conn.execute("UPDATE incident_sources SET wounded_low = -1 WHERE incident_id = ?", [gao])
    conn.execute("UPDATE incident_sources SET date_start = '2025-01-05', date_end = '2025-01-05' WHERE id = 1")
    conn.execute("UPDATE incidents SET date_start = '2025-01-05', date_end = '2025-01-04' WHERE id = ?", [gao])
    conn.execute("DELETE FROM incident_sources WHERE incident_id = ?", [village])
    conn.execute("INSERT INTO incident_sources (incident_id, article_id, kind, victim_bloc) VALUES (99, 1, 'incident', 'civilian')")
    conn.execute("UPDATE articles SET text = text || ' (edited)' WHERE id = 2")
    result = check(runner)
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows == [
        ["orphan", "incident_sources", "2", "points at incidents row that does not exist"],
        ["unsourced", "incidents", str(village), "no article reports this incident"],
        ["bounds", "incidents", str(gao), "killed low 40 and high 30"],
        ["bounds", "incident_sources", "1", "wounded low -1 and high none"],
        ["dates", "incidents", str(gao), "starts 2025-01-05, after its end 2025-01-04"],
        ["dates", "incident_sources", "1", "2025-01-05..2025-01-05 after gao.txt was published on 2024-11-22"],
        ["dates", "incidents", str(gao), "starts 2025-01-05, after its last source came out (2024-11-22)"],
        ["hash", "articles", "2", "text does not match its sha256 key"],
    ]
    assert result.stderr == f"8 problems found in {path}\n"


def test_a_source_counted_twice_is_a_duplicate(runner, ledger):
    _, conn = ledger
    conn.execute(
        "INSERT INTO incident_sources (incident_id, article_id, kind, victim_bloc, killed_low, killed_high)"
        " SELECT incident_id, article_id, kind, victim_bloc, killed_low, killed_high FROM incident_sources WHERE id = 1"
    )
    result = check(runner)
    assert result.exit_code == 1
    assert result.stdout.startswith("duplicate\tincidents\t1\tarticle 1 is counted 2 times as its source")


def test_an_incident_kept_by_hand_needs_no_source(runner, ledger):
    _, conn = ledger
    conn.execute("DELETE FROM incident_sources WHERE id = 2")
    conn.execute("UPDATE incidents SET pinned = '[\"killed_low\"]' WHERE id = 2")
    assert check(runner).exit_code == 0


def test_a_damaged_file_fails_the_integrity_check(runner, ledger):
    path, conn = ledger
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    pages = sqlite3.connect(path).execute("SELECT name, rootpage FROM sqlite_master WHERE name = 'incidents'").fetchone()
    page_size = 4096
    data = bytearray(path.read_bytes())
    start = (pages[1] - 1) * page_size
    data[start + 8 : start + 200] = b"\xff" * 192  # scribble over the incidents table's cell pointers
    path.write_bytes(bytes(data))
    result = check(runner)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "integrity" in result.stdout or result.stderr.startswith("Error:")


def test_check_json_and_missing_ledger(runner, ledger, tmp_path):
    _, conn = ledger
    conn.execute("UPDATE incidents SET killed_low = 50 WHERE id = 1")
    result = invoke(runner, "check", "-f", "json")
    assert json.loads(result.stdout) == [
        {"check": "bounds", "table": "incidents", "id": 1, "detail": "killed low 50 and high 12"}
    ]
    missing = invoke(runner, "check", "--db", tmp_path / "nope.db")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: ") and "no ledger here yet" in missing.stderr
    assert not (tmp_path / "nope.db").exists()


def test_backup_copies_a_ledger_that_opens_and_checks(runner, ledger, tmp_path):
    result = invoke(runner, "backup", tmp_path / "copy.db")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"backed up 2 articles, 2 incidents, 2 incident sources to {tmp_path / 'copy.db'}\n"
    original = invoke(runner, "export").stdout
    assert invoke(runner, "export", "--db", tmp_path / "copy.db").stdout == original
    assert invoke(runner, "check", "--db", tmp_path / "copy.db").exit_code == 0
    assert not list(tmp_path.glob(".copy.db.partial"))


def test_backup_will_not_overwrite_without_force(runner, ledger, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("my notes")
    result = invoke(runner, "backup", target)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: already exists (pass --force to overwrite it)\n"
    assert target.read_text() == "my notes"
    assert invoke(runner, "backup", target, "--force").exit_code == 0
    assert invoke(runner, "list", "--db", target, "-f", "tsv").stdout.count("\n") == 3


def test_backup_onto_the_ledger_itself_is_refused(runner, ledger):
    path, _ = ledger
    result = invoke(runner, "backup", path, "--force")
    assert result.exit_code == 1
    assert "that is the ledger itself" in result.stderr


def test_an_imported_ledger_passes(runner, ledger, tmp_path):
    """Imported articles carry no text (an export has none), so their key is not recomputed."""
    exported = invoke(runner, "export", "-f", "jsonl")
    assert exported.exit_code == 0, exported.output
    (tmp_path / "all.jsonl").write_text(exported.stdout)
    copy = tmp_path / "copy.db"
    assert invoke(runner, "import", str(tmp_path / "all.jsonl"), "--db", str(copy)).exit_code == 0
    result = check(runner, "--db", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{copy}: ok (2 articles")
