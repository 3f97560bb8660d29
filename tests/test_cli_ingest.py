import json
import re

from cli_helpers import DATE, GAO, VILLAGE, invoke


def export(runner):
    result = invoke(runner, "export")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_one_article(runner, article):
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"ingested 1 article, 1 incident \(1 new, 0 merged\)\n", result.stderr)
    assert result.stdout == ""
    [incident] = export(runner)
    assert (incident["killed_low"], incident["killed_high"]) == (12, 12)
    assert [s["file"] for s in incident["sources"]] == ["gao.txt"]


def test_reingest_is_idempotent(runner, article):
    path = article("gao.txt", GAO)
    invoke(runner, "ingest", path, *DATE)
    before = export(runner)
    again = invoke(runner, "ingest", path, *DATE)
    assert again.exit_code == 0
    assert "gao.txt: already in the ledger, nothing changed" in again.stderr
    assert "ingested 0 articles, 0 incidents (0 new, 0 merged); 1 already in the ledger" in again.stderr
    copy = invoke(runner, "ingest", article("copy.txt", GAO), *DATE)
    assert "already in the ledger (as gao.txt)" in copy.stderr
    assert export(runner) == before


def test_force_reextracts(runner, article):
    path = article("gao.txt", GAO)
    invoke(runner, "ingest", path, *DATE)
    before = export(runner)
    result = invoke(runner, "ingest", path, *DATE, "--force")
    assert result.exit_code == 0
    assert result.stderr.startswith("ingested 1 article")
    after = export(runner)
    assert [i["id"] for i in after] == [i["id"] for i in before]


def test_folder_and_summary(runner, article, tmp_path):
    (tmp_path / "news").mkdir()
    article("news/gao.txt", GAO)
    article("news/village.md", VILLAGE)
    article("news/ignore.json", "{}")
    result = invoke(runner, "ingest", tmp_path / "news", *DATE)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'news'}: note: skipped 1 file not named .txt, .md, .html or .htm: ignore.json",
        "ingested 2 articles, 2 incidents (2 new, 0 merged)",
    ]
    files = sorted(s["file"] for i in export(runner) for s in i["sources"])
    assert files == ["gao.txt", "village.md"]


def test_stdin(runner):
    result = invoke(runner, "ingest", "-", *DATE, input=GAO)
    assert result.exit_code == 0, result.output
    assert export(runner)[0]["sources"][0]["file"] == "<stdin>"


def test_explain_prints_evidence_to_stdout(runner, article):
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE, "--explain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "file\tincident\thow\tfield\ttext\trule\tsentence"
    killed = [line.split("\t") for line in lines[1:] if line.split("\t")[3] == "killed"]
    assert killed and killed[0][:3] == ["gao.txt", "1", "new"]
    assert "12" in killed[0][4]


def test_one_bad_file_does_not_stop_the_batch(runner, article, tmp_path):
    good = article("gao.txt", GAO)
    result = invoke(runner, "ingest", tmp_path / "missing.txt", article("empty.txt", ""), good, *DATE)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"Error: {tmp_path / 'empty.txt'}: empty file",
    ]
    assert "ingested 1 article, 1 incident (1 new, 0 merged); 2 failed" in result.stderr
    assert "Traceback" not in result.output
    assert len(export(runner)) == 1


def test_binary_file(runner, article):
    result = invoke(runner, "ingest", article("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), *DATE)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith("photo.txt: binary file (contains NUL bytes)")


def test_warnings_are_prefixed_by_the_file(runner, article):
    path = article("old.txt", ("Caf\xe9 attack\n" + GAO).encode("cp1252"))
    result = invoke(runner, "ingest", path, *DATE)
    assert result.exit_code == 0
    assert f"{path}: warning: not valid UTF-8" in result.stderr


def test_bad_date_is_a_usage_error(runner, article):
    result = invoke(runner, "ingest", article("gao.txt", GAO), "--date", "22/11/2024")
    assert result.exit_code == 2
    assert "expected a date as YYYY-MM-DD" in result.stderr
    for bad in ("2024-13-01", "2024-02-30", "yesterday"):
        assert invoke(runner, "ingest", "x.txt", "--date", bad).exit_code == 2


def test_db_option_and_env(runner, article, tmp_path):
    other = tmp_path / "other.db"
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE, "--db", other)
    assert result.exit_code == 0
    assert other.exists() and not (tmp_path / "ledger.db").exists()
    assert invoke(runner, "list", "--db", other).stdout.count("\n") == 2
