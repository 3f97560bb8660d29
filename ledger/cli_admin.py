"""Keeping a ledger sound: `ledger check` (integrity and invariants) and `ledger backup PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ledger import check as checks
from ledger import store
from ledger.cli import DEFAULT_DB, DbOption, FormatOption, NoHeadersOption, _say, app
from ledger.render import default_format, render

if TYPE_CHECKING:
    from sqlite_utils import Database


@app.command()
def check(db: DbOption = DEFAULT_DB, fmt: FormatOption = None, no_headers: NoHeadersOption = False) -> None:
    """Check the ledger: SQLite's integrity check, then its own rules.

    Every incident has a source (or was added by hand), no low figure exceeds its high, no date
    falls after its article was published, no row is orphaned, no article is stored twice. Each
    problem is printed as a row; the exit status is 1 if there is any.

    \b
    Example:
        ledger check
        ledger check --db war.db -f csv > problems.csv
    """
    ledger_db = store.open_ledger(db, create=False)
    problems = checks.check_ledger(ledger_db)
    if problems:
        render(problems, checks.PROBLEM_COLUMNS, fmt or default_format(), no_headers=no_headers)
        _say(f"{len(problems)} problem{'s' * (len(problems) != 1)} found in {db}")
        raise typer.Exit(1)
    _say(f"{db}: ok ({_counted(ledger_db)})")


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the copy.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Copy the ledger to PATH, safely even while another ledger command writes to it.

    SQLite's online backup copies a consistent snapshot; the copy is a plain ledger file that
    every command opens with --db.

    \b
    Example:
        ledger backup ledger-2024-11-22.db
    """
    from sqlite_utils import Database

    store.backup(store.open_ledger(db, create=False), dest, overwrite=force)
    _say(f"backed up {_counted(Database(dest))} to {dest}")


def _counted(ledger_db: Database) -> str:
    return ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in checks.counts(ledger_db).items())
