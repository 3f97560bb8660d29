"""What a `ledger` process imports: a report or a list on a pipe needs neither sqlite-utils (its
plugin scan), nor dateutil, rich or pydantic (Typer's option coercion); the commands that need
them still get them. And the options ledger.coerce turns into values without pydantic get the
values, and the errors, that Typer's own coercion gives."""

import json
import subprocess
import sys
from enum import Enum
from typing import get_args, get_origin

import pytest
import typer.main
from cli_helpers import DATE, GAO, invoke

from ledger.cli import app
from ledger.coerce import RuntimeParam, _optional, light_params

HEAVY = ("sqlite_utils", "dateutil", "rich", "pydantic")
# Runs `ledger ARGS` in a fresh interpreter and says on stderr which of HEAVY it imported.
PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("IMPORTED " + json.dumps([m for m in {heavy!r} if m in sys.modules]) + "\\n"))
sys.argv = ["ledger", *{args!r}]
from ledger.cli import app
if {whole!r}:  # every command built, as Typer's own app() would
    import typer.main
    app = typer.main.get_command(app)
app(prog_name="ledger")
"""


def imported(*args: str, whole: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    code = PROBE.format(heavy=HEAVY, args=list(args), whole=whole)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    line = [x for x in proc.stderr.splitlines() if x.startswith("IMPORTED ")][-1]
    return proc, json.loads(line.removeprefix("IMPORTED "))


@pytest.fixture
def ledger(runner, article, tmp_path):
    assert invoke(runner, "ingest", article("gao.txt", GAO), *DATE).exit_code == 0
    return str(tmp_path / "ledger.db")


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--by", "bloc", "--per", "year"],
        ["report", "--by", "year", "--victim-bloc", "LOCAL_STATE", "--since", "2024-01-01"],
        ["report", "--by", "country", "-f", "csv"],
        ["list", "--country", "mli"],
        ["--version"],
    ],
)
def test_a_report_on_a_pipe_imports_nothing_heavy(ledger, args):
    proc, heavy = imported(*args, *(["--db", ledger] if args != ["--version"] else []))
    assert proc.returncode == 0, proc.stderr
    assert heavy == []
    if args[0] != "--version":
        assert "12" in proc.stdout.splitlines()[1].replace(",", "\t").split("\t")  # it ran: Gao's 12 are counted


def test_ingest_into_a_ledger_imports_neither_sqlite_utils_nor_pydantic(ledger, tmp_path):
    # An ingest batch pays its start-up once; with two cores, that was a tenth of 1,000 articles.
    (tmp_path / "kidal.txt").write_text("Kidal\n5 soldiers were killed on Monday near Kidal, Mali.\n")
    proc, heavy = imported("ingest", "--db", ledger, "--jobs", "1", "--url", "https://example.org/k", *DATE,
                           str(tmp_path / "kidal.txt"))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "sqlite_utils" not in heavy and "pydantic" not in heavy, heavy
    assert "1 new" in proc.stderr


def test_ingest_into_a_new_ledger_imports_no_sqlite_utils(tmp_path):
    # A new ledger gets its schema without sqlite-utils (ledger/new_ledger.py): importing it (and
    # numpy, which it imports when installed) cost more than the whole schema.
    (tmp_path / "kidal.txt").write_text("Kidal\n5 soldiers were killed on Monday near Kidal, Mali.\n")
    proc, heavy = imported("ingest", "--db", str(tmp_path / "new.db"), "--jobs", "1", *DATE, str(tmp_path / "kidal.txt"))
    assert proc.returncode == 0, proc.stderr
    assert "sqlite_utils" not in heavy, heavy
    assert "1 new" in proc.stderr


def test_the_commands_that_need_them_still_import_them(ledger, tmp_path):
    proc, heavy = imported("report", "--db", ledger, "--chart")
    assert proc.returncode == 0, proc.stderr
    assert "rich" in heavy
    proc, heavy = imported("backup", str(tmp_path / "copy.db"), "--db", ledger)
    assert proc.returncode == 0, proc.stderr
    assert "sqlite_utils" in heavy


def test_a_bad_option_value_still_gets_typers_message(ledger):
    proc, _ = imported("report", "--db", ledger, "--by", "colour")
    assert proc.returncode == 2
    assert "Invalid value for '--by'" in proc.stderr and "'colour' is not one of" in proc.stderr


# Values for each kind of option ledger declares, valid and not.
SAMPLES = {
    str: ["MLI", ""],
    int: ["3", "0", "-2", "x", " 4"],
    bool: [True, False],
}


def _samples(param) -> list:
    descriptor = param.type_descriptor
    if descriptor.parameter_info.parser is not None:
        return ["2024-11-22", "24-11-22", "12", "50MB", "0", "nonsense"]
    annotation = _optional(descriptor.annotation)
    is_list = get_origin(annotation) is list
    item = get_args(annotation)[0] if is_list else annotation
    if isinstance(item, type) and issubclass(item, Enum):
        values = [m.value for m in item] + [m.value.upper() for m in item] + ["nonsense", list(item)[0]]
    elif item in SAMPLES:
        values = SAMPLES[item]
    else:  # a path
        values = ["ledger.db", "-", "dir/x.db"]
    values = [[v] for v in values] if is_list else values
    return values + [None] if annotation is not descriptor.annotation else values  # an option left out


def _outcome(runtime, value, param, ctx):
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except Exception as e:  # noqa: BLE001  # the message is what is compared
        return ("error", type(e).__name__, str(e))


def test_every_option_coerces_as_typer_does():
    from typer._coercion import build_runtime_param

    group = typer.main.get_command(app)
    compared = 0
    for name, command in [("ledger", group), *group.commands.items()]:
        commands = [command, *getattr(command, "commands", {}).values()]  # `actors add`...
        for cmd in commands:
            ctx = cmd.context_class(cmd, info_name=name)  # not parsed: no coercion built yet
            light_params(cmd, ctx)
            for param in cmd.get_params(ctx):
                light = getattr(param, "_runtime_param", None)
                if not isinstance(light, RuntimeParam) or type(light).__name__ != "_LightParam":
                    continue
                typers = build_runtime_param(param.type_descriptor)
                for value in _samples(param):
                    expected = _outcome(typers, value, param, ctx)
                    assert _outcome(light, value, param, ctx) == expected, (cmd.name, param.name, value)
                    compared += 1
    assert compared > 500, compared  # every option of every command


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--help"],
        ["report", "--by", "colour"],
        ["actors", "list"],
        ["actors", "--help"],
        ["repot"],
        ["--version"],
        ["--version", "report"],
        ["--help"],
        [],
    ],
)
def test_a_process_that_builds_only_its_command_says_what_the_whole_app_says(ledger, args):
    proc, _ = imported(*args)  # cli.LedgerApp builds only the command that runs
    whole, _ = imported(*args, whole=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert proc.stdout or proc.stderr
