"""`ledger config` and the settings file (ledger/settings.py): option > environment > file > default."""

import json
import sys

import pytest
from cli_helpers import DATE, GAO, invoke


@pytest.fixture
def no_env_db(monkeypatch):
    monkeypatch.delenv("LEDGER_DB")


def settings_file(tmp_path):
    return tmp_path / "config" / "ledger" / "config.toml"


def shown(runner) -> dict:
    result = invoke(runner, "config", "-f", "json")
    assert result.exit_code == 0, result.output
    return {row["setting"]: (row["value"], row["source"]) for row in json.loads(result.stdout)}


def test_defaults_without_a_file(runner, no_env_db):
    assert shown(runner) == {
        "db": ("ledger.db", "default"),
        "format": ("table on a terminal, tsv when piped", "default"),
    }


def test_set_writes_the_file_and_unset_removes_the_setting(runner, tmp_path, no_env_db):
    result = invoke(runner, "config", "set", "db", tmp_path / "war.db")
    assert result.exit_code == 0
    assert result.stderr == f"db = {tmp_path / 'war.db'} saved in {settings_file(tmp_path)}\n"
    assert invoke(runner, "config", "set", "format", "csv").exit_code == 0
    assert settings_file(tmp_path).read_text() == f'db = "{tmp_path / "war.db"}"\nformat = "csv"\n'
    assert shown(runner) == {
        "db": (str(tmp_path / "war.db"), "settings file"),
        "format": ("csv", "settings file"),
    }
    assert invoke(runner, "config", "unset", "format").exit_code == 0
    assert shown(runner)["format"][1] == "default"
    assert invoke(runner, "config", "path").stdout == f"{settings_file(tmp_path)}\n"


def test_db_precedence_option_env_file_default(runner, tmp_path, monkeypatch, no_env_db):
    assert invoke(runner, "db-path").stdout == f"{tmp_path / 'ledger.db'}\n"  # default, in the cwd
    invoke(runner, "config", "set", "db", tmp_path / "from-file.db")
    assert invoke(runner, "db-path").stdout == f"{tmp_path / 'from-file.db'}\n"
    monkeypatch.setenv("LEDGER_DB", str(tmp_path / "from-env.db"))
    assert invoke(runner, "db-path").stdout == f"{tmp_path / 'from-env.db'}\n"
    assert shown(runner)["db"] == (str(tmp_path / "from-env.db"), "environment (LEDGER_DB)")
    assert invoke(runner, "db-path", "--db", tmp_path / "opt.db").stdout == f"{tmp_path / 'opt.db'}\n"


def test_the_file_db_is_used_by_ingest_and_list(runner, article, tmp_path, no_env_db):
    invoke(runner, "config", "set", "db", "~/war.db")
    home = tmp_path / "home"
    home.mkdir()
    result = invoke(runner, "ingest", article("gao.txt", GAO), *DATE, env={"HOME": str(home)})
    assert result.exit_code == 0, result.output
    assert (home / "war.db").exists()  # ~ expanded
    assert invoke(runner, "list", env={"HOME": str(home)}).stdout.count("\n") == 2


def test_format_precedence_option_env_file_default(runner, article, monkeypatch):
    invoke(runner, "ingest", article("gao.txt", GAO), *DATE)
    assert invoke(runner, "report").stdout.startswith("group\tincidents\t")  # piped: tsv
    invoke(runner, "config", "set", "format", "csv")
    assert invoke(runner, "report").stdout.startswith("group,incidents,")
    monkeypatch.setenv("LEDGER_FORMAT", "markdown")
    assert invoke(runner, "report").stdout.startswith("| group | incidents |")
    assert invoke(runner, "report", "-f", "jsonl").stdout.startswith('{"group": ')


def test_the_format_setting_leaves_export_and_show_alone(runner, article):
    invoke(runner, "ingest", article("gao.txt", GAO), *DATE)
    invoke(runner, "config", "set", "format", "csv")
    assert json.loads(invoke(runner, "export").stdout)[0]["id"] == 1
    assert invoke(runner, "show", "1").stdout.startswith("Incident 1\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "colour", "red"], "Error: unknown setting 'colour' (known: db, format)\n"),
        (
            ["set", "format", "xml"],
            "Error: format must be one of table, tsv, csv, json, jsonl, markdown; got 'xml'\n",
        ),
        (["unset", "colour"], "Error: unknown setting 'colour' (known: db, format)\n"),
    ],
)
def test_bad_settings_are_refused(runner, tmp_path, args, message):
    result = invoke(runner, "config", *args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert not settings_file(tmp_path).exists()


def test_a_broken_file_is_named(runner, tmp_path):
    settings_file(tmp_path).parent.mkdir(parents=True)
    settings_file(tmp_path).write_text('format = "yaml"\n')
    result = invoke(runner, "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: settings file {settings_file(tmp_path)}: format must be one of")


@pytest.mark.skipif(sys.platform != "linux", reason="the config directory is platform-specific")
def test_without_xdg_the_file_is_under_home(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert (
        invoke(runner, "config", "path").stdout
        == f"{tmp_path / 'home' / '.config' / 'ledger' / 'config.toml'}\n"
    )
