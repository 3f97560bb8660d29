"""docs/cli.md is generated from the CLI (ledger/docs.py) and must match it; every command teaches."""

import subprocess
import sys

import pytest

from ledger import docs

PATHS = docs.command_paths()


def test_the_cli_reference_is_up_to_date():
    current = docs.REFERENCE.read_text(encoding="utf-8") if docs.REFERENCE.exists() else ""
    assert current == docs.generate(), "docs/cli.md is out of date: run `python -m ledger.docs` (make docs)"


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
