"""Review and correction commands through the CLI: edit, merge, split, delete, add, log, undo, review,
reextract, actors. Articles are plain ("N soldiers were killed ...") so the tests hold for any extractor."""

import json
import sqlite3

import pytest
from cli_helpers import DATE, GAO, VILLAGE, invoke
from sqlite_utils import Database

from ledger import edits, store

KIDAL = "Clash near Agadez\nNine soldiers were killed on Sunday in a clash near Agadez, Niger.\n"
TABLES = ("articles", "incidents", "incident_sources", "actors", "actor_aliases")


@pytest.fixture
def ledger_path(tmp_path):
    return tmp_path / "ledger.db"


@pytest.fixture
def three(runner, article):
    """Three unrelated incidents, ids 1 (Gao), 2 (village), 3 (Kidal)."""
    paths = [article("gao.txt", GAO), article("village.txt", VILLAGE), article("kidal.txt", KIDAL)]
    result = invoke(runner, "ingest", *paths, *DATE)
    assert result.exit_code == 0, result.output
    return paths


def dump(path) -> dict:
    """Every row of every table an edit can touch, as stored."""
    db = Database(path)
    return {t: list(db.query(f"SELECT rowid AS _rowid, * FROM {t} ORDER BY rowid")) for t in TABLES}


def incident(path, incident_id) -> dict:
    return store.get_incident(store.open_ledger(path), incident_id)


def ok(runner, *args, **kwargs):
    result = invoke(runner, *args, **kwargs)
    assert result.exit_code == 0, result.output
    return result


# --------------------------------------------------------------------------------------- edit


def test_edit_sets_fields_and_pins_them(runner, three, ledger_path):
    result = ok(runner, "edit", 1, "--killed", "6-7", "--perpetrator", "JNIM", "--country", "bfa",
                "--date", "2024-11-20..2024-11-21", "--not-claimed", "--note", "checked with MINUSMA")  # fmt: skip
    row = incident(ledger_path, 1)
    assert (row["killed_low"], row["killed_high"], row["perpetrator"], row["country"]) == (6, 7, "JNIM", "BFA")
    assert (row["date_start"], row["date_end"], row["date_precision"]) == ("2024-11-20", "2024-11-21", "day")
    assert row["note"] == "checked with MINUSMA"
    assert set(row["pinned"]) == {"killed_low", "killed_high", "perpetrator", "country", "date_start",
                                  "date_end", "date_precision", "claimed_by_perpetrator"}  # fmt: skip
    assert "incident 1: killed_low: 12 -> 6" in result.stderr
    assert result.stdout == ""
    assert "note" in ok(runner, "show", 1).stdout


@pytest.mark.parametrize(
    "value, bounds", [("7", (7, 7)), ("6-7", (6, 7)), ("6+", (6, None)), ("-7", (None, 7)),
                      ("none", (None, None)), ("6–7", (6, 7))],
)  # fmt: skip
def test_figure_forms(value, bounds):
    assert edits.parse_figure(value) == bounds


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--killed", "7-5"], "N-M with N <= M"),
        (["--killed", "6-"], "N+ (at least N)"),
        (["--killed", "abc"], "expected a figure"),
        (["--wounded", "6+7"], "expected a figure"),
        (["--date", "2024-11-22..2024-11-20"], "start first"),
        (["--date", "21/11/2024"], "expected a date"),
        (["--country", "XYZ"], "ISO 3166-1 alpha-3"),
        (["--victim-bloc", "martians"], "martians"),
        ([], "at least one field"),
    ],
)
def test_edit_usage_errors_say_what_is_expected(runner, three, ledger_path, args, expected):
    before = dump(ledger_path)
    result = invoke(runner, "edit", 1, *args)
    assert result.exit_code == 2
    assert expected in " ".join(result.stderr.split())
    assert dump(ledger_path) == before


def test_edit_month_and_year(runner, three, ledger_path):
    ok(runner, "edit", 2, "--date", "2024-02")
    assert incident(ledger_path, 2)["date_end"] == "2024-02-29"
    ok(runner, "edit", 2, "--date", "2023")
    row = incident(ledger_path, 2)
    assert (row["date_start"], row["date_end"], row["date_precision"]) == ("2023-01-01", "2023-12-31", "year")


def test_edit_unknown_incident(runner, three):
    result = invoke(runner, "edit", 99, "--killed", "3")
    assert (result.exit_code, result.stderr) == (1, "Error: no incident 99 in the ledger\n")


def test_edited_fields_survive_ingest_force_and_reextract(runner, three, ledger_path):
    gao = three[0]
    ok(runner, "edit", 1, "--killed", "6-7", "--country", "BFA", "--perpetrator", "Test Front")
    for command in (["ingest", "--force", gao, *DATE], ["reextract"]):
        ok(runner, *command)
        row = incident(ledger_path, 1)
        assert (row["killed_low"], row["killed_high"], row["country"], row["perpetrator"]) == (6, 7, "BFA", "Test Front")
        assert [s["file"] for s in row["sources"]] == ["gao.txt"]  # the article stays with its incident
        assert len(store.list_incidents(store.open_ledger(ledger_path))) == 3


# ------------------------------------------------------------------------------- merge / split


def test_merge_then_split_round_trip_keeps_all_sources(runner, three, ledger_path):
    before = {i: incident(ledger_path, i) for i in (1, 2, 3)}
    ok(runner, "merge", 1, 2, 3)
    merged = incident(ledger_path, 1)
    assert sorted(s["file"] for s in merged["sources"]) == ["gao.txt", "kidal.txt", "village.txt"]
    assert [i["id"] for i in store.list_incidents(store.open_ledger(ledger_path))] == [1]
    assert (merged["killed_low"], merged["killed_high"]) == (9, 30)  # smallest and largest figure

    first = ok(runner, "split", 1, "--source", "village.txt")
    second = ok(runner, "split", 1, "--source", three[2])  # a path works too
    new_ids = [int(first.stdout), int(second.stdout)]
    assert [s["file"] for s in incident(ledger_path, 1)["sources"]] == ["gao.txt"]
    for new_id, old_id in zip(new_ids, (2, 3)):
        split_off, original = incident(ledger_path, new_id), before[old_id]
        assert [s["sentence"] for s in split_off["sources"]] == [s["sentence"] for s in original["sources"]]
        for name in ("victim", "country", "location", "date_start", "killed_low", "killed_high"):
            assert split_off[name] == original[name]
    assert incident(ledger_path, 1)["killed_low"] == before[1]["killed_low"]


def test_merge_and_split_errors(runner, three, ledger_path):
    before = dump(ledger_path)
    assert invoke(runner, "merge", 1).exit_code == 2
    missing = invoke(runner, "merge", 1, 99)
    assert (missing.exit_code, missing.stderr) == (1, "Error: no incident 99 in the ledger\n")
    assert invoke(runner, "merge", 1, 1).exit_code == 1
    not_there = invoke(runner, "split", 1, "--source", "village.txt")
    assert not_there.exit_code == 1 and "no source from village.txt (its sources: gao.txt)" in not_there.stderr
    only = invoke(runner, "split", 1, "--source", "gao.txt")
    assert only.exit_code == 1 and "nothing to split" in only.stderr
    assert invoke(runner, "split", 1).exit_code == 2
    assert dump(ledger_path) == before


# ------------------------------------------------------------------------------- delete / add


def test_delete(runner, three, ledger_path):
    result = ok(runner, "delete", 2)
    assert "deleted incident 2 (" in result.stderr
    assert sorted(i["id"] for i in store.list_incidents(store.open_ledger(ledger_path))) == [1, 3]
    assert invoke(runner, "show", 2).exit_code == 1
    assert invoke(runner, "delete", 2).exit_code == 1


def test_add_a_manual_incident(runner, three, ledger_path):
    result = ok(runner, "add", "--killed", "4+", "--victim", "Wagner Group", "--victim-bloc", "russia",
                "--country", "MLI", "--date", "2025-02-08", "--source-note", "Call with a local official")  # fmt: skip
    new_id = int(result.stdout)
    row = incident(ledger_path, new_id)
    assert (row["killed_low"], row["killed_high"], row["victim_bloc"], row["date_precision"]) == (4, None, "russia", "day")
    assert row["sources"][0]["file"] == "manual" and row["sources"][0]["sentence"] == "Call with a local official"
    assert "killed_low" in row["pinned"] and "victim" in row["pinned"]
    assert "manual" in ok(runner, "show", new_id).stdout
    ok(runner, "reextract")
    assert incident(ledger_path, new_id)["sources"] == row["sources"]
    assert invoke(runner, "check").exit_code == 0
    exported = json.loads(ok(runner, "export").stdout)
    assert any(r["id"] == new_id and r["sources"][0]["file"] == "manual" for r in exported)


def test_add_needs_a_figure_and_a_source_note(runner, three, ledger_path):
    before = dump(ledger_path)
    no_figure = invoke(runner, "add", "--victim", "X", "--source-note", "a call")
    assert no_figure.exit_code == 2 and "--killed or --wounded" in no_figure.stderr
    assert invoke(runner, "add", "--killed", "3").exit_code == 2
    assert invoke(runner, "add", "--killed", "3", "--source-note", "  ").exit_code == 2
    assert dump(ledger_path) == before


# ------------------------------------------------------------------------------------ log / undo


def test_log_lists_changes_with_their_command(runner, three):
    ok(runner, "edit", 1, "--killed", "6-7")
    ok(runner, "delete", 3)
    rows = json.loads(ok(runner, "log", "-f", "json").stdout)
    assert [(r["change"], r["action"], r["incident_id"], r["field"]) for r in rows] == [
        (1, "edit", 1, "killed_low"), (1, "edit", 1, "killed_high"), (1, "edit", 1, "pinned"), (2, "delete", 3, None),
    ]  # fmt: skip
    assert rows[0]["command"] == "ledger edit 1 --killed 6-7"
    assert (rows[0]["old_value"], rows[0]["new_value"]) == ("12", "6")
    assert rows[3]["command"] == "ledger delete 3" and "Agadez" in rows[3]["old_value"]
    only = ok(runner, "log", "--incident", 3).stdout.splitlines()
    assert only[0].split("\t")[:3] == ["change", "at", "command"] and len(only) == 2
    assert "command" in ok(runner, "log", "-f", "table", env={"COLUMNS": "200"}).stdout


SEQUENCES = {
    "edit": [["edit", 1, "--killed", "6-7", "--location", "Ansongo", "--note", "x"]],
    "merge": [["merge", 1, 2, 3]],
    "split": [["merge", 1, 2], ["split", 1, "--source", "village.txt"]],
    "delete": [["delete", 2]],
    "add": [["add", "--killed", "3", "--source-note", "a radio report"]],
    "actors": [["actors", "add", "Zorgon Brigade", "--alias", "Zorgon Fighters", "--bloc", "non_state"]],
    "reextract": [["edit", 1, "--killed", "1"], ["reextract"]],
}


@pytest.mark.parametrize("name", SEQUENCES)
def test_undo_restores_exactly(runner, three, ledger_path, name):
    states = [dump(ledger_path)]
    for args in SEQUENCES[name]:
        ok(runner, *args)
        states.append(dump(ledger_path))
    assert states[-1] != states[0]
    for state in reversed(states[:-1]):
        assert "undid change" in ok(runner, "undo").stderr
        assert dump(ledger_path) == state
    assert invoke(runner, "undo").stderr == "Error: nothing to undo\n"
    rows = json.loads(ok(runner, "log", "-f", "json").stdout)
    assert {r["action"] for r in rows if r["undone_by"] is None} == {"undo"}


def test_undo_is_refused_when_a_later_ingest_touched_the_incident(runner, three, ledger_path, article):
    ok(runner, "edit", 1, "--killed", "6-7")
    again = article("gao-again.txt", GAO.replace("12 soldiers", "Eleven soldiers"))
    ok(runner, "ingest", again, *DATE)
    assert len(incident(ledger_path, 1)["sources"]) == 2
    before = dump(ledger_path)
    result = invoke(runner, "undo")
    # the incident row too has changed when the clock ticked between the two commands
    assert result.exit_code == 1 and "changed since (a later ingest?)" in result.stderr
    assert dump(ledger_path) == before


def test_undo_with_no_ledger(runner):
    assert invoke(runner, "undo").exit_code == 1


# ----------------------------------------------------------------------------------------- review


def test_review_accept_edit_delete_skip(runner, three, ledger_path):
    order = edits.to_review(store.open_ledger(ledger_path), 1.01)
    assert sorted(order) == [1, 2, 3]
    script = "\n".join(["x", "a", "e", "killed=abc", "e", "killed=3-4 perpetrator=JNIM", "a", "d"]) + "\n"
    result = invoke(runner, "review", "--below", "1.01", input=script)
    assert result.exit_code == 0, result.output
    first, second, third = order
    assert incident(ledger_path, first)["reviewed_at"]
    edited = incident(ledger_path, second)
    assert (edited["killed_low"], edited["killed_high"], edited["perpetrator"]) == (3, 4, "JNIM")
    assert edited["reviewed_at"] and "killed_low" in edited["pinned"]
    assert invoke(runner, "show", third).exit_code == 1
    assert "expected a figure" in result.output and "accepted 2, deleted 1, skipped 0" in result.stderr
    again = invoke(runner, "review", "--below", "1.01")
    assert "nothing to review" in again.stderr
    actions = [r["action"] for r in json.loads(ok(runner, "log", "-f", "json").stdout)]
    assert actions.count("accept") == 2 and "delete" in actions and "edit" in actions


def test_review_skip_quit_and_end_of_input(runner, three, ledger_path):
    before = dump(ledger_path)
    result = invoke(runner, "review", "--below", "1.01", input="s\nq\n")
    assert result.exit_code == 0 and "skipped 1; 3 left to review" in result.stderr
    assert invoke(runner, "review", "--below", "1.01", input="").exit_code == 0  # EOF: quit
    assert dump(ledger_path) == before
    assert "nothing to review" in invoke(runner, "review", "--below", "0").stderr


# --------------------------------------------------------------------------------------- actors


PERPETRATOR_TEXT = "Attack near Gao\nNine soldiers were killed on Monday by the Zorgon Fighters near Gao, Mali.\n"


def test_actors_add_list_and_use_in_ingest_and_reextract(runner, article, ledger_path):
    path = article("zorgon.txt", PERPETRATOR_TEXT)
    ok(runner, "ingest", path, *DATE)
    assert incident(ledger_path, 1)["perpetrator"] != "Zorgon Brigade"
    result = ok(runner, "actors", "add", "Zorgon Brigade", "--alias", "Zorgon Fighters", "--bloc", "non_state")
    assert "run ledger reextract" in result.stderr
    assert json.loads(ok(runner, "actors", "list", "-f", "json").stdout) == [
        {"name": "Zorgon Brigade", "aliases": "Zorgon Fighters", "bloc": "non_state", "affiliation": None}
    ]
    assert "1 incidents changed" in ok(runner, "reextract").stderr
    row = incident(ledger_path, 1)
    assert (row["perpetrator"], row["perpetrator_bloc"]) == ("Zorgon Brigade", "non_state")
    other = article("zorgon2.txt", PERPETRATOR_TEXT.replace("Gao", "Kidal").replace("Monday", "Friday"))
    ok(runner, "ingest", other, *DATE)
    assert store.get_incident(store.open_ledger(ledger_path), 2)["perpetrator"] == "Zorgon Brigade"


def test_actor_with_affiliation_is_a_state_force(runner, article, ledger_path):
    ok(runner, "actors", "add", "Kestrel Legion", "--bloc", "russia", "--affiliation", "rus")
    text = "Ambush in Mali\nTwelve Kestrel Legion fighters were killed on Monday in an ambush near Gao, Mali.\n"
    ok(runner, "ingest", article("kestrel.txt", text), *DATE)
    row = incident(ledger_path, 1)
    assert (row["victim"], row["victim_bloc"]) == ("Kestrel Legion", "russia")


def test_actors_errors(runner, ledger_path):
    assert invoke(runner, "actors", "add", "X Group", "--affiliation", "XYZ").exit_code == 2
    assert invoke(runner, "actors", "add", "X Group", "--bloc", "martians").exit_code == 2
    ok(runner, "actors", "add", "X Group", "--alias", "XG")
    taken = invoke(runner, "actors", "add", "Y Group", "--alias", "XG")
    assert taken.exit_code == 1 and "already belongs to X Group" in taken.stderr
    ok(runner, "actors", "add", "X Group", "--alias", "XG", "--bloc", "non_state")  # adding again: fine
    rows = json.loads(ok(runner, "actors", "list", "-f", "json").stdout)
    assert [(r["name"], r["aliases"], r["bloc"]) for r in rows] == [("X Group", "XG", "non_state")]


def test_reextract_reports_counts(runner, three):
    result = ok(runner, "reextract")
    assert result.stderr == (
        "reextracted 3 articles, 3 unchanged; 0 incidents placed (0 new, 0 into existing ones); "
        "0 incidents changed, 0 removed\n"
    )


@pytest.mark.parametrize(
    "command", [["edit"], ["merge"], ["split"], ["delete"], ["add"], ["log"], ["undo"], ["review"], ["actors"],
                ["reextract"], ["actors", "add"], ["actors", "list"]],
)  # fmt: skip
def test_every_review_command_has_help_with_an_example(runner, command):
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_reextract_recomputes_what_changed_keeps_what_is_pinned_and_undoes(runner, article, ledger_path):
    ok(runner, "ingest", article("zorgon.txt", PERPETRATOR_TEXT), *DATE)
    ok(runner, "edit", 1, "--killed", "20", "--location", "Kidal")
    ok(runner, "actors", "add", "Zorgon Brigade", "--alias", "Zorgon Fighters", "--bloc", "non_state")
    before = dump(ledger_path)
    result = ok(runner, "reextract")
    assert "reextracted 1 articles, 0 unchanged; 1 incidents placed (0 new, 1 into existing ones)" in result.stderr
    row = incident(ledger_path, 1)
    assert (row["perpetrator"], row["killed_low"], row["killed_high"], row["location"]) == (
        "Zorgon Brigade", 20, 20, "Kidal",
    )  # fmt: skip
    assert row["sources"][0]["perpetrator"] == "Zorgon Brigade" and row["sources"][0]["killed_low"] == 9
    ok(runner, "undo")
    assert dump(ledger_path) == before


def test_merge_and_split_hold_through_ingest_force(runner, three, ledger_path):
    ok(runner, "merge", 1, 3)
    new_id = int(ok(runner, "split", 1, "--source", "gao.txt").stdout)
    for path in three:
        ok(runner, "ingest", "--force", path, *DATE)
    files = {i: sorted(s["file"] for s in incident(ledger_path, i)["sources"]) for i in (1, 2, new_id)}
    assert files == {1: ["kidal.txt"], 2: ["village.txt"], new_id: ["gao.txt"]}


def test_reextract_closes_the_ledger_it_opened(runner, three, monkeypatch):
    # Closed, the ledger takes in its write-ahead log: a whole ledger re-placed is a large one to leave
    # for the next command to read through.
    opened = []

    def tracked(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    real = store.open_ledger
    monkeypatch.setattr(store, "open_ledger", tracked)
    ok(runner, "reextract")
    assert opened
    for ledger in opened:
        with pytest.raises(sqlite3.ProgrammingError):  # "Cannot operate on a closed database"
            ledger.conn.execute("SELECT 1")
