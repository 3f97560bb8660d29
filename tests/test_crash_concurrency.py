"""Real `ledger ingest` processes killed mid-batch or writing one ledger at the same time.

Each article is one transaction, so a killed run leaves whole articles only, and rerunning the same
command finishes the job: the result equals one clean run. Concurrent runs queue on the write lock
(WAL, busy_timeout, retries) and nothing is lost or stored twice.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from cli_helpers import DATE

PLACES = [("Gao", "Mali"), ("Mopti", "Mali"), ("Kidal", "Mali"), ("Djibo", "Burkina Faso"),
          ("Dori", "Burkina Faso"), ("Tillabéri", "Niger"), ("Diffa", "Niger")]  # fmt: skip
VICTIMS = ["soldiers", "civilians", "villagers"]
TIMESTAMPS = ("created_at", "updated_at", "ingested_at")


def write_articles(folder: Path, n: int) -> list[str]:
    """n distinct articles, each reporting one or two attacks in plain sentences."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        place, country = PLACES[i % len(PLACES)]
        victims = VICTIMS[i % len(VICTIMS)]
        text = f"Attack near {place}\n{i + 3} {victims} were killed on Monday in an attack near {place}, {country}.\n"
        if i % 4 == 0:
            text += f"Two days earlier, {i + 20} soldiers were wounded in a raid in {country}.\n"
        path = folder / f"a{i:03}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def ledger_cmd(db: Path, *args) -> list[str]:
    return [sys.executable, "-m", "ledger", *args, "--db", str(db)]


def run(db: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(ledger_cmd(db, *args), capture_output=True, text=True, timeout=300)


def start_ingest(db: Path, paths: list[str]) -> subprocess.Popen:
    """A `ledger ingest` in a process group of its own: a signal reaches it and any workers it
    forked, as Ctrl-C or `kill -- -PGID` in a shell would."""
    return subprocess.Popen(
        ledger_cmd(db, "ingest", *DATE, *paths),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def stop(proc: subprocess.Popen, sig: int) -> None:
    os.killpg(proc.pid, sig)
    proc.wait(timeout=60)
    if sig != signal.SIGKILL:  # SIGINT: whatever workers remain must not outlive the test
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def article_count(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created, or not migrated, yet
        return 0


def wait_for_articles(db: Path, at_least: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120  # a safety net for a hung process, not a timing assertion
    while article_count(db) < at_least:
        assert proc.poll() is None, f"ingest ended before {at_least} articles: {proc.stderr.read()}"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)


def content(db: Path) -> list[dict]:
    """The exported ledger without its clock readings, to compare two runs."""
    result = run(db, "export")
    assert result.returncode == 0, result.stderr
    incidents = json.loads(result.stdout)
    for incident in incidents:
        for key in TIMESTAMPS:
            incident.pop(key, None)
    return incidents


def sources_per_article(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            """SELECT a.sha256, count(s.id) FROM articles a
               LEFT JOIN incident_sources s ON s.article_id = a.id GROUP BY a.id"""
        ).fetchall()
    return dict(rows)


def assert_sound(db: Path) -> None:
    result = run(db, "check", "-f", "tsv")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def reference(tmp_path):
    """What one uninterrupted run makes of a list of articles."""

    def make(paths: list[str]) -> Path:
        db = tmp_path / "reference.db"
        result = run(db, "ingest", *DATE, *paths)
        assert result.returncode == 0, result.stderr
        return db

    return make


def wait_for_reader(pipe: Path, proc: subprocess.Popen) -> int:
    """Block until some process opens `pipe` to read it; return our writing end, held open so that
    the reader stays stuck in the middle of its batch."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: nobody reads it yet
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "ingest never reached the pipe"
            time.sleep(0.02)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_killed_between_articles_then_rerun(tmp_path, reference):
    # A named pipe in the middle of the batch holds the run there until we kill it: a kill at a
    # known point in the batch, without any timing guess.
    paths = write_articles(tmp_path / "news", 10)
    pipe = tmp_path / "news" / "a005-pipe.txt"
    os.mkfifo(pipe)
    batch = paths[:5] + [str(pipe)] + paths[5:]
    db = tmp_path / "ledger.db"
    proc = start_ingest(db, batch)
    writing_end = wait_for_reader(pipe, proc)
    stop(proc, signal.SIGKILL)
    os.close(writing_end)
    stored = article_count(db)
    assert stored <= 5  # (all five when ingest reads files one by one; fewer if it reads ahead)
    assert_sound(db)

    pipe.unlink()
    pipe.write_text("Raid in Kidal\n9 soldiers were killed on Monday in a raid in Kidal, Mali.\n")
    rerun = run(db, "ingest", *DATE, *batch)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.count("already in the ledger, nothing changed") == stored
    assert f"ingested {11 - stored} articles" in rerun.stderr
    assert_sound(db)
    assert content(db) == content(reference(batch))


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_at_any_moment_then_rerun(tmp_path, reference, sig):
    # 150 articles: a run may store many more between our look and the signal (a few ms each, and
    # `--jobs` commits those ready in each 50 ms together), so each run is stopped after it has
    # stored one of its own at least (a process killed before Python has started says nothing) and
    # while many are still left for it: 25 were too few, a run that had them all ready finished its
    # batch before the signal and was killed on its way out.
    paths = write_articles(tmp_path / "news", 150)
    db = tmp_path / "ledger.db"
    for stop_after in (2, 10, 20):  # kill, rerun, kill again further on, ... then let it finish
        before = article_count(db)
        if before > len(paths) - 80:
            break
        proc = start_ingest(db, paths)
        wait_for_articles(db, max(stop_after, before + 1), proc)
        stop(proc, sig)
        if sig == signal.SIGINT:  # Ctrl-C: one line saying what to do, no traceback from any process
            said = proc.stderr.read()
            assert proc.returncode == 130, said
            assert "Traceback" not in said
            assert said.endswith("Interrupted: everything stored so far is whole; rerun the command to finish.\n")
        assert_sound(db)
    final = run(db, "ingest", *DATE, *paths)
    assert final.returncode == 0, final.stderr
    assert_sound(db)
    assert content(db) == content(reference(paths))


def test_concurrent_writers_lose_and_duplicate_nothing(tmp_path, reference):
    paths = write_articles(tmp_path / "news", 30)
    db = tmp_path / "ledger.db"  # not created yet: the processes also race to create and migrate it
    orders = [paths, paths[::-1], paths[10:] + paths[:10], paths[::2] + paths[1::2]]
    procs = [start_ingest(db, order) for order in orders]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert_sound(db)
    expected = sources_per_article(reference(paths))
    assert sources_per_article(db) == expected  # every article once, with every incident it reports
    assert len(expected) == 30


def test_a_reader_is_not_blocked_by_a_writer(tmp_path):
    # WAL: `ledger list` answers from the last commit while another process holds the write lock.
    paths = write_articles(tmp_path / "news", 3)
    db = tmp_path / "ledger.db"
    assert run(db, "ingest", *DATE, *paths).returncode == 0
    with closing(sqlite3.connect(db, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM incident_sources")
        listed = run(db, "list", "-f", "tsv", "--no-headers")
        writer.execute("ROLLBACK")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) >= 3


def test_disk_full_mid_batch_stops_cleanly_and_a_rerun_finishes(tmp_path, reference, monkeypatch):
    # SQLite's max_page_count makes the ledger "full" after a few pages, as a full disk would.
    from typer.testing import CliRunner

    from cli_helpers import invoke
    from ledger import store

    paths = write_articles(tmp_path / "news", 12)
    db = tmp_path / "ledger.db"
    assert run(db, "ingest", *DATE, *paths[:2]).returncode == 0
    with closing(sqlite3.connect(db)) as conn:  # no free pages left by the migrations' dropped indexes
        conn.execute("VACUUM")
    opened = store.open_ledger

    def nearly_full(path, create=True):
        ledger_db = opened(path, create)
        pages = ledger_db.execute("PRAGMA page_count").fetchone()[0]
        ledger_db.execute(f"PRAGMA max_page_count = {pages + 1}")
        return ledger_db

    monkeypatch.setattr(store, "open_ledger", nearly_full)
    full = invoke(CliRunner(), "ingest", *DATE, *paths, "--db", db)
    monkeypatch.undo()
    assert full.exit_code == 1
    assert full.stderr.splitlines()[-1] == "Error: ledger database: database or disk is full"
    assert "Traceback" not in full.output
    stored = article_count(db)
    assert 2 <= stored < 12
    assert_sound(db)
    rerun = run(db, "ingest", *DATE, *paths)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.count("already in the ledger, nothing changed") == stored
    assert content(db) == content(reference(paths))
