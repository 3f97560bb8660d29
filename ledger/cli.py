"""The `ledger` command: parse options, open the store, call one library function, render.

stdout carries data only; counts, warnings and errors go to stderr. LedgerError (bad input, a
missing or newer ledger) becomes one `Error: ...` line and exit status 1, in LedgerGroup.invoke;
usage errors exit 2 (Click's default).
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

# Start-up is part of every command's time (`report` over a million incidents answers in ~0.2 s):
# what only some commands need (extraction, date parsing, sqlite-utils, rich) is imported inside
# them; tests/test_startup.py checks what a report imports.
from ledger import __version__, reports, settings, store, views
from ledger.coerce import light_params
from ledger.errors import LedgerError
from ledger.limits import MAX_BYTES
from ledger.models import Bloc
from ledger.render import HUMAN_FORMATS, Format, default_format, merge_ranges, render
from ledger.reports import By, Per
from ledger.store import Filters

if TYPE_CHECKING:
    from ledger.ingest import Outcome


class LedgerGroup(TyperGroup):
    """The one place where library errors become `Error: ...` on stderr and exit status 1."""

    def parse_args(self, ctx, args):
        light_params(self, ctx)  # --version, --install-completion...
        return super().parse_args(ctx, args)

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        light_params(command, ctx)  # its option values coerced without importing pydantic
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LedgerError as e:
            _fail(str(e))
        except sqlite3.Error as e:  # e.g. still locked after the busy timeout, disk full
            _fail(f"ledger database: {e}")
        except KeyboardInterrupt:  # Ctrl-C: the open transaction rolled back, the ledger is whole
            typer.echo("Interrupted: everything stored so far is whole; rerun the command to finish.", err=True)
            raise typer.Exit(130) from None


class LedgerApp(typer.Typer):
    """Typer builds the Click parameters of every command from its signature before it runs one
    (~0.1 s for ledger's thirty commands). A process runs the one command its first argument names,
    so only that one is built, and none for --version; anything else (no command, another option
    first, a name that is no command, shell completion) builds them all, as Typer does."""

    def __call__(self, *args, **kwargs):
        argv = kwargs.get("args", sys.argv[1:])
        first = argv[0] if argv else None
        commands = [c for c in self.registered_commands if _command_name(c) == first]
        groups = [g for g in self.registered_groups if g.name == first]
        completing = any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)
        if not (commands or groups or first == "--version") or completing:
            return super().__call__(*args, **kwargs)
        every = self.registered_commands, self.registered_groups
        self.registered_commands, self.registered_groups = commands, groups
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_commands, self.registered_groups = every


def _command_name(info) -> str:
    return info.name or info.callback.__name__.lower().replace("_", "-")  # as Typer names it


app = LedgerApp(
    cls=LedgerGroup,
    name="ledger",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,  # article text can be long and sensitive
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    rich_markup_mode=None,
)


def _fail(message: str):
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def parse_date(value: str | date) -> date:
    """A YYYY-MM-DD option value, or a usage error that says so."""
    if isinstance(value, date):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise typer.BadParameter(f"expected a date as YYYY-MM-DD (e.g. 2024-11-22), got {value!r}")


_MAX_ID = 2**63 - 1  # SQLite's largest integer


def parse_id(value: str | int) -> int:
    """A record id (a whole number from 1), or a usage error that says so."""
    text = str(value).strip()
    if re.fullmatch(r"[0-9]+", text) and 1 <= int(text) <= _MAX_ID:
        return int(text)
    raise typer.BadParameter(f"expected an id, a whole number from 1 (see ledger list), got {text!r}")


IdArgument = Annotated[int, typer.Argument(parser=parse_id, metavar="ID", help="Incident id (see ledger list).")]

_SIZE_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "K": 1000, "M": 1000**2, "G": 1000**3}


def parse_size(value: str | int) -> int:
    """A byte count such as 2000000, 500kB or 50MB, or a usage error that says so."""
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]*)\s*", value)
    if m and m.group(2).upper() in _SIZE_UNITS:
        return int(m.group(1)) * _SIZE_UNITS[m.group(2).upper()]
    raise typer.BadParameter(f"expected a size in bytes such as 20000000, 500kB or 50MB, got {value!r}")


# Options shared by every command, declared once.
DbOption = Annotated[Path, typer.Option("--db", envvar="LEDGER_DB", metavar="PATH", help="The ledger file.")]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", case_sensitive=False, envvar="LEDGER_FORMAT",
        help="Output format; default table on a terminal, tsv when piped.",
    ),
]  # fmt: skip
NoHeadersOption = Annotated[bool, typer.Option("--no-headers", help="Leave out the header row.")]
VictimBlocOption = Annotated[
    list[Bloc] | None,
    typer.Option(
        "--victim-bloc",
        metavar="BLOC",
        case_sensitive=False,
        help="Only this victim bloc (russia, west, local_state, non_state, civilian, unknown); "
        "repeat for several.",
    ),
]
CountryOption = Annotated[
    str | None, typer.Option(metavar="ISO3", help="Only this country (ISO alpha-3, e.g. MLI).")
]
SinceOption = Annotated[
    date | None,
    typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help="Only incidents on or after this day."),
]
UntilOption = Annotated[
    date | None,
    typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help="Only incidents on or before this day."),
]
ByOption = Annotated[By, typer.Option(help="Group by this; actor is the victim group.")]
IncludeClaimsOption = Annotated[
    bool, typer.Option("--include-claims", help="Count figures that only the perpetrator claims.")
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes", parser=parse_size, metavar="SIZE",
        help="Refuse inputs larger than this (e.g. 50MB); 0 for no limit.",
    ),
]
PublishedOption = Annotated[
    date | None,
    typer.Option(
        "--date", parser=parse_date, metavar="YYYY-MM-DD", help="Publication date, used when the text carries none."
    ),
]
DEFAULT_DB = Path("ledger.db")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """A casualty ledger: news article text in, sourced incidents out, honest reports.

    \b
    Example:
        ledger ingest article.txt --date 2024-11-22
        ledger report --by bloc --per year
    """
    # The settings file's values are defaults for every command: below options and LEDGER_* vars.
    ctx.default_map = settings.default_map(ctx.command)


@dataclass
class _Tally:
    articles: int = 0
    incidents: int = 0
    new: int = 0
    merged: int = 0
    already: int = 0
    failed: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.note:
            return
        if outcome.error:
            self.failed += 1
        elif outcome.result.status == "already":
            self.already += 1
        else:
            self.articles += 1
            self.incidents += len(outcome.result.placed)
            self.new += outcome.result.new
            self.merged += outcome.result.merged

    def summary(self) -> str:
        text = (
            f"ingested {self.articles} article{'s' * (self.articles != 1)}, {self.incidents} "
            f"incident{'s' * (self.incidents != 1)} ({self.new} new, {self.merged} merged)"
        )
        if self.already:
            text += f"; {self.already} already in the ledger"
        if self.failed:
            text += f"; {self.failed} failed"
        return text


def tell_read(path: str, error: str | None, warnings: list[str]) -> bool:
    """stderr lines for reading one input: its error, or its warnings. False when it failed."""
    if error:
        _say(f"Error: {path}: {error}")
        return False
    for warning in warnings:
        _say(f"{path}: warning: {warning}")
    return True


def _tell(outcome: Outcome) -> None:
    """stderr lines for one input: its error, or its warnings, each prefixed with its name."""
    if outcome.note:
        _say(f"{outcome.path}: note: {outcome.note}")
        return
    if not tell_read(outcome.path, outcome.error, outcome.warnings):
        return
    if outcome.result.status == "already":
        named = Path(outcome.path).name
        also = f" (as {outcome.result.file})" if outcome.result.file != named else ""
        _say(f"{outcome.path}: already in the ledger{also}, nothing changed")


EXPLAIN_COLUMNS = ["file", "incident", "how", "field", "text", "rule", "sentence"]


def _explain_rows(outcome: Outcome) -> list[dict]:
    if outcome.error or outcome.extraction is None:
        return []
    rows = []
    for incident, (incident_id, how) in zip(outcome.extraction.incidents, outcome.result.placed):
        for e in incident.evidence:
            rows.append(
                {"file": outcome.result.file, "incident": incident_id, "how": how, "field": e.field,
                 "text": e.text, "rule": e.rule, "sentence": e.sentence}
            )  # fmt: skip
    return rows


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH", help="Files, folders (.txt/.md/.html inside) or - for stdin.")
    ],
    published: PublishedOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract articles already in the ledger.")
    ] = False,
    title: Annotated[
        str | None, typer.Option("--title", help="The article's title, kept with it (one input only).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Where the article came from, kept with it (one input only).")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print the evidence behind every figure.")
    ] = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes that extract articles; default: the number of cores."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = None,
) -> None:
    """Read articles and add the incidents they report to the ledger.

    Each article is stored once (by the sha256 of its text): ingesting it again changes nothing.
    A file that cannot be read is named on stderr and the others go on; the exit status is 1
    if any failed. Articles are extracted on --jobs processes and stored in the order given, each
    whole or not at all; on a terminal a progress bar shows files, incidents, rate and time left.
    A .txt or .md file may start with front matter (title:, date:, url:); saved .html pages
    (body, title, date) need the html extra.

    \b
    Example:
        ledger ingest article.txt --date 2024-11-22
        ledger ingest data/ saved-page.html
        ledger ingest notes.md --title "Convoy hit near Kidal" --url https://example.org/kidal
        pbpaste | ledger ingest - --date 2024-11-22 --explain
    """
    from ledger import parallel, progress, sources

    if problem := sources.check_one_input(paths, title, url):
        raise typer.BadParameter(problem)
    ledger_db = store.open_ledger(db)
    tally, explained = _Tally(), []
    items = parallel.expand(paths)
    jobs = jobs or parallel.default_jobs()
    outcomes = parallel.ingest_items(ledger_db, db, items, published, force, max_bytes or None, jobs)
    outcomes = sources.labelled(ledger_db, outcomes, title, url)  # --title, --url
    with store.batch_commits(ledger_db):
        for outcome in progress.tracked(outcomes, parallel.file_count(items)):
            tally.add(outcome)
            _tell(outcome)
            explained += _explain_rows(outcome) if explain else []
    if explain:
        render(explained, EXPLAIN_COLUMNS, fmt or default_format())
    _say(tally.summary())
    if tally.failed:
        raise typer.Exit(1)


def _filters(victim_bloc: list[Bloc] | None, country, since, until) -> Filters:
    if since and until and since > until:
        raise typer.BadParameter(f"--since {since} is after --until {until}: expected since <= until")
    return Filters(tuple(b.value for b in victim_bloc or ()), country, since, until)


def _show(columns, rows, fmt: Format, no_headers: bool, title: str | None = None) -> None:
    if fmt in HUMAN_FORMATS:
        columns, rows = merge_ranges(columns, rows)
    render(rows, columns, fmt, no_headers=no_headers, title=title)


@app.command()
def report(
    by: ByOption = By.BLOC,
    per: Annotated[Per | None, typer.Option(help="Also split each group by year or month.")] = None,
    victim_bloc: VictimBlocOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    include_claims: IncludeClaimsOption = False,
    period_totals: Annotated[
        bool,
        typer.Option("--period-totals", help="List the period totals (never summed) instead of the groups."),
    ] = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw killed as bars: the low solid, up to the high lighter.")
    ] = False,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
) -> None:
    """Losses summed by victim group, bloc, country, place or period.

    killed_low/killed_high sum the incidents' figures; an empty killed_high (shown "N+") means
    at least one incident gave no upper bound. Period totals ("58 soldiers since 2013") are never
    added in: the table shows them in a section of their own, other formats with --period-totals.

    \b
    Example:
        ledger report --by bloc --per year
        ledger report --by actor --victim-bloc russia --since 2024-01-01
        ledger report --by actor | sort -t$'\\t' -k3 -nr
        ledger report --by bloc --per year --victim-bloc russia --victim-bloc west --chart
    """
    filters = _filters(victim_bloc, country, since, until)
    fmt = fmt or default_format()
    listed = bool(period_totals) or (not chart and fmt in HUMAN_FORMATS)  # else only counted
    result = reports.report(store.open_ledger(db, create=False), by, per, filters, include_claims, listed)
    if chart:
        from ledger.chart import chart_title, render_chart  # rich: imported only to draw

        render_chart(result.rows, chart_title(by, per, include_claims))
        if result.period_total_count:
            _say(f"{result.period_total_count} period totals not charted; see --period-totals")
    elif period_totals:
        _show(result.period_total_columns, result.period_totals, fmt, no_headers)
    else:
        _show(result.columns, result.rows, fmt, no_headers)
        if result.period_totals and fmt in HUMAN_FORMATS:
            _show(result.period_total_columns, result.period_totals, fmt, no_headers,
                  title="Period totals (not summed)")  # fmt: skip
        elif result.period_total_count:
            _say(f"{result.period_total_count} period totals not summed; see --period-totals")
    if result.claims_left_out:
        left_out = result.claims_left_out
        _say(f"{left_out} incidents claimed only by the perpetrator left out (--include-claims)")


@app.command("list")
def list_(
    victim_bloc: VictimBlocOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
) -> None:
    """List incidents, oldest first (undated last), one line each.

    \b
    Example:
        ledger list --victim-bloc russia --since 2024-01-01
        ledger list -f csv > incidents.csv
    """
    filters = _filters(victim_bloc, country, since, until)
    columns, rows = reports.incident_rows(store.open_ledger(db, create=False), filters)
    fmt = fmt or default_format()
    _show(reports.LIST_TABLE_COLUMNS if fmt in HUMAN_FORMATS else columns, rows, fmt, no_headers)


class ShowFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def show(
    incident_id: IdArgument,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ShowFormat, typer.Option("--format", "-f", case_sensitive=False, help="text, or json as export.")
    ] = ShowFormat.TEXT,
) -> None:
    """Show one incident: every field, then each source with its figures, sentence and evidence.

    \b
    Example:
        ledger show 3
        ledger show 3 -f json
    """
    incident = store.get_incident(store.open_ledger(db, create=False), incident_id)
    if fmt == ShowFormat.JSON:
        render([views.export_record(incident)], views.EXPORT_COLUMNS, Format.JSONL)
    else:
        typer.echo(views.incident_text(incident))


class ExportFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    ACLED = "acled"  # CSV in ACLED's / UCDP GED's column layout (ledger/layouts.py)
    UCDP = "ucdp"


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", case_sensitive=False, help="json, jsonl, csv, acled or ucdp.")
    ] = ExportFormat.JSON,
) -> None:
    """Print every incident with its sources (the contract of shared/eval/SCHEMA.md).

    json is one array; jsonl one incident per line; csv one row per incident, its sources
    reduced to a count and their file names. acled and ucdp are CSV in the column layout of those
    datasets (events only: period totals are left out).

    \b
    Example:
        ledger export > ledger.json
        ledger export -f csv > ledger.csv
        ledger export -f ucdp > ledger-ged.csv
    """
    ledger_db = store.open_ledger(db, create=False)
    if fmt in (ExportFormat.ACLED, ExportFormat.UCDP):
        from ledger import layouts

        layout = layouts.LAYOUTS[fmt.value](store.export_incidents(ledger_db))
        render(layout.rows, layout.columns, Format.CSV)
        for note in layout.notes(fmt.value):
            _say(note)
        return
    from ledger import bulk  # streams: one incident in memory at a time, however many there are

    if fmt == ExportFormat.CSV:
        records = (views.export_record(i) for i in bulk.iter_export_incidents(ledger_db))
        render((views.csv_export_row(r) for r in records), views.CSV_EXPORT_COLUMNS, Format.CSV)
    else:
        bulk.write_export(ledger_db, sys.stdout, indent=fmt == ExportFormat.JSON)


@app.command("db-path")
def db_path(db: DbOption = DEFAULT_DB) -> None:
    """Print the path of the ledger file that the other commands would use.

    \b
    Example:
        ledger db-path
        LEDGER_DB=~/war.db ledger db-path
    """
    typer.echo(str(db.expanduser().resolve()))


# Command modules register themselves on app when imported.
import ledger.cli_admin  # noqa: E402, F401
import ledger.cli_bulk  # noqa: E402, F401
import ledger.cli_review  # noqa: E402, F401
import ledger.cli_toolbox  # noqa: E402, F401
