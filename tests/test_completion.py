"""Shell completion: `ledger --show-completion` / `--install-completion`, and completions that work."""

import os
import subprocess
import sys

import pytest

from cli_helpers import invoke


@pytest.fixture
def no_shell_detection(monkeypatch):
    """Name the shell on the command line, as a user without shellingham does: with detection on,
    Typer guesses the shell from the parent processes, which in CI are make and sh, not a shell
    that completion supports."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


def test_show_completion_bash(runner, no_shell_detection):
    result = invoke(runner, "--show-completion", "bash")
    assert result.exit_code == 0
    assert "_LEDGER_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _ledger_completion ledger" in result.stdout


def test_install_completion_writes_into_home(runner, tmp_path, no_shell_detection):
    home = tmp_path / "home"
    home.mkdir()
    result = invoke(runner, "--install-completion", "bash", env={"HOME": str(home)})
    assert result.exit_code == 0, result.output
    script = home / ".bash_completions" / "ledger.sh"
    assert "_ledger_completion" in script.read_text()
    assert str(script) in (home / ".bashrc").read_text()


def complete(words: str) -> list[str]:
    """What bash would offer for the command line `words` (the last word being typed)."""
    env = dict(
        os.environ, _LEDGER_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1)
    )
    result = subprocess.run(
        [sys.executable, "-m", "ledger"], check=True, env=env, capture_output=True, text=True, timeout=60
    )
    return result.stdout.split()


def test_commands_options_and_choices_complete():
    assert "report" in complete("ledger rep")
    assert "--by" in complete("ledger report --b")
    assert set(complete("ledger report --by p")) == {"perpetrator", "perpetrator-bloc"}
