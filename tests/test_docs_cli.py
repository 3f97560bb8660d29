"""docs/cli.md is generated from the CLI (ledger/docs.py) and must match it; every command teaches."""

import subprocess
import sys

import pytest

from ledger import docs

PATHS = docs.command_paths()


def test_the_cli_reference_is_up_to_date():
    current = docs.REFERENCE.read_text(encoding="utf-8") if docs.REFERENCE.exists() else ""
    assert current == docs.generate(), "docs/cli.md is out of date: run `python -m ledger.docs` (make docs)"


def test_the_readme_table_of_commands_is_up_to_date():
    readme = docs.README.read_text(encoding="utf-8")
    assert readme == docs.readme_with_table(readme), "README.md's commands are out of date: run `make docs`"


def test_the_readme_table_has_a_row_per_command_with_its_summary():
    table = docs.command_table()
    assert "| `ledger edit` |" in table and "| `ledger actors add` |" in table
    assert "| `ledger actors` |" not in table  # a group is listed by its commands
    report_row = next(line for line in table.splitlines() if line.startswith("| `ledger report` |"))
    assert docs.summary(docs.help_text(["report"])) in report_row


def test_the_reference_names_every_command():
    text = docs.REFERENCE.read_text(encoding="utf-8")
    for path in PATHS:
        assert f"## {' '.join(['ledger', *path])}\n" in text


@pytest.mark.parametrize("path", [p for p in PATHS if p], ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path):
    text = docs.help_text(path)
    lines = text.splitlines()
    assert lines[0].startswith(f"Usage: ledger {' '.join(path)} ")
    summary = lines[lines.index("") + 1]  # the usage may wrap; a blank line ends it
    assert summary.strip(), "a one-line summary follows the usage"
    is_group = any(len(p) > len(path) and p[: len(path)] == path for p in PATHS)
    if not is_group:  # a group lists its commands, which carry the examples
        assert "Example:" in text


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "cli.md"
    stale.write_text("# old\n")
    monkeypatch.setattr(docs, "REFERENCE", stale)
    monkeypatch.setattr(docs, "README", tmp_path / "README.md")  # absent: only the reference is checked
    assert docs.main(["--check"]) == 1
    assert docs.main([]) == 0 and docs.main(["--check"]) == 0
    assert stale.read_text() == docs.generate()


def test_python_m_ledger_docs_check_runs():
    result = subprocess.run(
        [sys.executable, "-m", "ledger.docs", "--check"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
