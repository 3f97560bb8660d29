"""The analyst's toolbox: `ledger plot`, `ledger config`, `ledger serve`.

Registered on the app by the import at the bottom of ledger/cli.py. Each command parses, calls one
library function (ledger/plot.py, ledger/settings.py, ledger/serve.py) and says what it did on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ledger import reports, settings, store
from ledger.cli import (
    DEFAULT_DB,
    ByOption,
    CountryOption,
    DbOption,
    FormatOption,
    IncludeClaimsOption,
    NoHeadersOption,
    SinceOption,
    UntilOption,
    VictimBlocOption,
    _filters,
    _say,
    app,
)  # fmt: skip
from ledger.render import default_format, render
from ledger.reports import By, Per


def _image_path(value: Path) -> Path:
    from ledger.plot import SUFFIXES

    if value.suffix.lower() not in SUFFIXES:
        raise typer.BadParameter(f"the file name must end in .png or .svg, got {value.name!r}")
    return value


@app.command()
def plot(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            callback=_image_path,
            metavar="FILE.png|FILE.svg",
            help="The image to write; its suffix picks PNG or SVG.",
        ),
    ],
    by: ByOption = By.BLOC,
    per: Annotated[Per | None, typer.Option(help="Periods along the x axis, groups side by side.")] = None,
    victim_bloc: VictimBlocOption = None,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    include_claims: IncludeClaimsOption = False,
    title: Annotated[str | None, typer.Option(help="The plot's title instead of the generated one.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Draw the killed figures of a report as a bar chart in a PNG or SVG file (matplotlib).

    The same figures as `ledger report` with the same options: the low as a solid bar, a lighter
    bar up to the high, a hatched tip where there is no upper bound. Needs the plot extra.

    \b
    Example:
        ledger plot --by bloc --per year --victim-bloc russia --victim-bloc west -o losses.png
        ledger plot --by actor --country MLI -o mali.svg
    """  # fmt: skip
    from ledger.chart import chart_title  # imports rich: only for the commands that draw
    from ledger.plot import plot_report

    filters = _filters(victim_bloc, country, since, until)
    result = reports.report(store.open_ledger(db, create=False), by, per, filters, include_claims)
    title = title or chart_title(by, per, include_claims)
    plot_report(result.rows, output, title, _subtitle(result, filters), xlabel=(per or by).value)
    _say(f"wrote {output} ({len(result.rows)} bars)")


def _subtitle(result, filters) -> str:
    """What the plot covers: the period range, the filters, what was left out."""
    periods = sorted(r["period"] for r in result.rows if r.get("period") not in (None, reports.UNDATED))
    parts = [f"{periods[0]}–{periods[-1]}"] if periods else []
    parts += [f"victims: {', '.join(filters.victim_blocs)}"] if filters.victim_blocs else []
    parts += [f"country {filters.country}"] if filters.country else []
    parts += [f"from {filters.since}"] if filters.since else []
    parts += [f"until {filters.until}"] if filters.until else []
    parts += [f"{len(result.period_totals)} period totals not drawn"] if result.period_totals else []
    return " · ".join(parts)


config_app = typer.Typer(
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")
SettingKey = Annotated[str, typer.Argument(metavar="KEY", help="db or format.")]


@config_app.callback(invoke_without_command=True)
def config(ctx: typer.Context, fmt: FormatOption = None, no_headers: NoHeadersOption = False) -> None:
    """Show or change the settings: the default ledger file and output format.

    With no command, shows each setting, its value and where it comes from; an option beats the
    environment (LEDGER_DB, LEDGER_FORMAT), which beats the settings file, which beats the default.
    The file is config.toml in the user's config directory (`ledger config path`).

    \b
    Example:
        ledger config
        ledger config set db ~/research/sahel.db
        ledger config set format markdown
        ledger config unset format
    """
    if ctx.invoked_subcommand is None:
        render(settings.effective(), settings.COLUMNS, fmt or default_format(), no_headers=no_headers)


@config_app.command("set")
def config_set(key: SettingKey, value: Annotated[str, typer.Argument(metavar="VALUE")]) -> None:
    """Save a setting in the settings file.

    \b
    Example:
        ledger config set db ~/research/sahel.db
    """
    values = settings.read()
    values[key] = settings.check(key, value)
    _say(f"{key} = {value} saved in {settings.write(values)}")


@config_app.command("unset")
def config_unset(key: SettingKey) -> None:
    """Remove a setting from the settings file (the default applies again).

    \b
    Example:
        ledger config unset format
    """
    values = settings.read()
    values.pop(settings.check_key(key), None)
    _say(f"{key} removed from {settings.write(values)}")


@config_app.command("path")
def config_path() -> None:
    """Print the path of the settings file (which may not exist yet).

    \b
    Example:
        ledger config path
    """
    typer.echo(str(settings.config_path()))


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    title: Annotated[str, typer.Option(help="The title on every page.")] = "Casualty ledger",
    print_metadata: Annotated[
        bool, typer.Option("--metadata", help="Print the Datasette metadata (JSON) instead of serving.")
    ] = False,
) -> None:
    """Browse and query the ledger in a web browser with Datasette (needs the serve extra).

    Tables and columns carry titles and descriptions; canned queries give the main reports
    (losses by bloc per year, by victim, by country, period totals, claims, one incident's sources).
    Stop it with Ctrl-C.

    \b
    Example:
        ledger serve                      # then open http://127.0.0.1:8001
        ledger serve --db war.db --port 9000
        ledger serve --metadata > metadata.json && datasette ledger.db -m metadata.json
    """
    from ledger import serve as serving

    path = db.expanduser()
    if print_metadata:
        typer.echo(json.dumps(serving.metadata(path.stem, title), indent=2))
        return
    store.open_ledger(path, create=False).close()  # a missing or newer ledger fails here, plainly
    _say(f"serving {path} at http://{host}:{port}/ (Ctrl-C to stop)")
    serving.serve(path, host, port, title)
