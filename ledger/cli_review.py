"""Review and correction commands: edit, merge, split, delete, add, log, undo, review, reextract and
actors. Each parses its options, calls one function of ledger/edits.py (one audited transaction) and
says what it did on stderr; `log` and `actors list` print records through the renderer.
"""

from __future__ import annotations

import shlex
from collections import Counter
from typing import Annotated

import typer

from ledger import audit, edits, store, views
from ledger.cli import DEFAULT_DB, DbOption, FormatOption, IdArgument, NoHeadersOption, _say, app, parse_id
from ledger.models import Bloc
from ledger.render import HUMAN_FORMATS, default_format, render

FigureHelp = "{}: 7, 6-7, 6+ (at least 6), -7 (up to 7), or none."
KilledOption = Annotated[str | None, typer.Option(metavar="N-M", help=FigureHelp.format("Killed"))]
WoundedOption = Annotated[str | None, typer.Option(metavar="N-M", help=FigureHelp.format("Wounded"))]
VictimOption = Annotated[str | None, typer.Option(metavar="NAME", help="Victim group.")]
VictimBlocOption = Annotated[Bloc | None, typer.Option(case_sensitive=False, help="Victim bloc.")]
PerpetratorOption = Annotated[str | None, typer.Option(metavar="NAME", help="Perpetrator; \"\" for none.")]
PerpetratorBlocOption = Annotated[Bloc | None, typer.Option(case_sensitive=False, help="Perpetrator bloc.")]
CountryOption = Annotated[str | None, typer.Option(metavar="ISO3", help="Country (ISO alpha-3) or none.")]
AffiliationOption = Annotated[
    str | None, typer.Option(metavar="ISO3", help="State the victim force belongs to, or none.")
]
LocationOption = Annotated[str | None, typer.Option(metavar="PLACE", help="Place; \"\" for none.")]
DateOption = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="2024-11-21, 2024-11-20..2024-11-22, 2024-11 (month), 2024 or none."),
]
ClaimedOption = Annotated[
    bool | None,
    typer.Option("--claimed/--not-claimed", help="Whether only the perpetrator claims the figures."),
]
NoteOption = Annotated[str | None, typer.Option(metavar="TEXT", help="A note of yours on the incident.")]


def _command_line(ctx: typer.Context) -> str:
    """The command as typed (the options the user gave), for the audit log."""
    words = ["ledger", *ctx.command_path.split()[1:]]
    for param in ctx.command.params:
        source = ctx.get_parameter_source(param.name)
        if source is None or source.name != "COMMANDLINE":
            continue
        value = ctx.params[param.name]
        values = list(value) if isinstance(value, list | tuple) else [value]
        if param.param_type_name == "argument":
            words += [str(v) for v in values]
        elif getattr(param, "is_flag", False):
            words.append(param.opts[0] if value else (param.secondary_opts or param.opts)[0])
        else:
            for v in values:
                words += [param.opts[0], str(v)]
    return shlex.join(words)


def _field_values(options: dict) -> dict:
    """Column values from the field options given (None: not given); a bad value is a usage error."""
    values = {}
    for name, raw in options.items():
        key = name.replace("_", "-")
        if raw is None or key not in edits.FIELD_PARSERS:
            continue
        text = ("yes" if raw else "no") if isinstance(raw, bool) else str(raw)
        try:
            values.update(edits.FIELD_PARSERS[key](text))
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint=f"'--{key}'") from None
    return values


def _tell_entries(entries: list[dict]) -> None:
    if not entries:
        _say("nothing changed")
    for e in entries:
        field = f" {e['field']}:" if e["field"] else ""
        _say(f"incident {e['incident_id']}:{field} {e['old_value'] or '-'} -> {e['new_value'] or '-'}")


@app.command()
def edit(
    ctx: typer.Context,
    incident_id: IdArgument,
    killed: KilledOption = None,
    wounded: WoundedOption = None,
    victim: VictimOption = None,
    victim_bloc: VictimBlocOption = None,
    affiliation: AffiliationOption = None,
    perpetrator: PerpetratorOption = None,
    perpetrator_bloc: PerpetratorBlocOption = None,
    country: CountryOption = None,
    location: LocationOption = None,
    date: DateOption = None,
    claimed: ClaimedOption = None,
    note: NoteOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Correct fields of an incident by hand. Every field set is pinned: re-ingest and reextract
    keep it. The change is logged (ledger log) and can be undone (ledger undo).

    \b
    Example:
        ledger edit 3 --killed 6-7 --perpetrator JNIM --country MLI --date 2024-11-21
        ledger edit 3 --killed 12+ --not-claimed --note "MINUSMA figure"
    """
    values = _field_values(ctx.params)
    if not values:
        raise typer.BadParameter("give at least one field to set, e.g. --killed 6-7 (see --help)")
    _tell_entries(edits.edit(store.open_ledger(db, create=False), incident_id, values, _command_line(ctx)))


@app.command()
def merge(
    ctx: typer.Context,
    incident_ids: Annotated[
        list[int],
        typer.Argument(
            metavar="ID ID...", parser=parse_id, help="The incident to keep, then those merged into it."
        ),
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Merge incidents that are one event: the sources of the others move to the first, whose
    fields are recomputed (pinned ones kept); the others are deleted. Logged and undoable.

    \b
    Example:
        ledger merge 3 7
        ledger merge 3 7 12
    """
    if len(incident_ids) < 2:
        raise typer.BadParameter("give the incident to keep and at least one to merge into it")
    ledger_db = store.open_ledger(db, create=False)
    _tell_entries(edits.merge(ledger_db, incident_ids[0], incident_ids[1:], _command_line(ctx)))


@app.command()
def split(
    ctx: typer.Context,
    incident_id: IdArgument,
    source: Annotated[
        str, typer.Option("--source", metavar="FILE", help="The article (file name or path) to split off.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Split off what one article reported into a new incident of its own (printed on stdout).

    \b
    Example:
        ledger split 3 --source reuters-2024-11-22.txt
    """
    new_id = edits.split(store.open_ledger(db, create=False), incident_id, source, _command_line(ctx))
    _say(f"incident {new_id} split from incident {incident_id} ({source})")
    typer.echo(new_id)


@app.command()
def delete(ctx: typer.Context, incident_id: IdArgument, db: DbOption = DEFAULT_DB) -> None:
    """Delete an incident and its sources. The audit log keeps a copy: ledger undo brings it back.

    \b
    Example:
        ledger delete 3
    """
    row = edits.delete(store.open_ledger(db, create=False), incident_id, _command_line(ctx))
    _say(f"deleted incident {incident_id} ({edits.describe(row)})")


@app.command()
def add(
    ctx: typer.Context,
    source_note: Annotated[
        str, typer.Option("--source-note", metavar="TEXT", help="Where the figures come from (required).")
    ],
    killed: KilledOption = None,
    wounded: WoundedOption = None,
    victim: VictimOption = None,
    victim_bloc: VictimBlocOption = None,
    affiliation: AffiliationOption = None,
    perpetrator: PerpetratorOption = None,
    perpetrator_bloc: PerpetratorBlocOption = None,
    country: CountryOption = None,
    location: LocationOption = None,
    date: DateOption = None,
    claimed: ClaimedOption = None,
    note: NoteOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add an incident by hand, backed by a manual source holding --source-note. Its fields are
    pinned; reextract leaves it alone. Prints the new id on stdout.

    \b
    Example:
        ledger add --killed 4 --victim "Wagner Group" --victim-bloc russia --country MLI \\
            --date 2025-02-08 --source-note "Telegram post by a Wagner channel, seen 2025-02-09"
    """
    values = _field_values(ctx.params)
    if killed is None and wounded is None:
        raise typer.BadParameter("an incident needs a figure: give --killed or --wounded")
    if not source_note.strip():
        raise typer.BadParameter("say where the figures come from", param_hint="'--source-note'")
    new_id = edits.add(store.open_ledger(db), values, source_note, _command_line(ctx))
    _say(f"added incident {new_id}")
    typer.echo(new_id)


# The table puts the command last and once per change, and leaves out the time (see -f tsv).
LOG_TABLE_COLUMNS = [c for c in audit.LOG_COLUMNS if c not in ("at", "command")] + ["command"]


@app.command()
def log(
    incident: Annotated[
        int | None, typer.Option(metavar="ID", parser=parse_id, help="Only changes to this incident.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
) -> None:
    """The audit log: every change made by hand, one row per field or incident touched, oldest
    first. Rows of one command share a change number; undone_by names the undo that reversed it.

    \b
    Example:
        ledger log
        ledger log --incident 3 -f json
    """
    rows = audit.log(store.open_ledger(db, create=False), incident)
    fmt = fmt or default_format()
    if fmt in HUMAN_FORMATS:  # narrow: the command once per change, no time
        rows = [{**r, "command": r["command"] if r["change"] != p["change"] else ""}
                for r, p in zip(rows, [{"change": None}, *rows])]  # fmt: skip
        render(rows, LOG_TABLE_COLUMNS, fmt, no_headers=no_headers)
    else:
        render(rows, audit.LOG_COLUMNS, fmt, no_headers=no_headers)


@app.command()
def undo(ctx: typer.Context, db: DbOption = DEFAULT_DB) -> None:
    """Reverse the latest change (edit, merge, split, delete, add, accept, reextract, actors add)
    exactly. The undo is logged too; run it again to reverse the change before. Refused when a
    later ingest has touched the same incidents.

    \b
    Example:
        ledger undo
    """
    target = audit.undo(store.open_ledger(db, create=False), _command_line(ctx))
    _say(f"undid change {target['change']} ({target['action']}): {target['command']}")


_CHOICES = "[a]ccept, [e]dit, [d]elete, [s]kip, [q]uit"


def _ask(text: str) -> str:
    try:
        return typer.prompt(text, default="", show_default=False, err=True).strip()
    except typer.Abort:  # end of input
        return "q"


def _review_one(db, incident_id: int, position: str, command: str) -> str:
    """Show one incident and act on the answers until one moves on; returns that answer."""
    while True:
        _say(f"\n({position})\n{views.incident_text(store.get_incident(db, incident_id))}\n")
        answer = ""
        while answer not in ("a", "e", "d", "s", "q"):
            answer = _ask(_CHOICES)[:1].lower()
        if answer == "a":
            edits.accept(db, incident_id, f"{command}: accept {incident_id}")
        elif answer == "d":
            edits.delete(db, incident_id, f"{command}: delete {incident_id}")
        elif answer == "e":
            line = _ask("fields to set, e.g. killed=6-7 perpetrator=JNIM date=2024-11-21 (empty: back)")
            try:
                values = edits.parse_assignments(line) if line and line != "q" else {}
            except ValueError as e:
                _say(f"  {e}")
                continue
            if values:
                _tell_entries(edits.edit(db, incident_id, values, f"{command}: edit {incident_id} {line}"))
            continue
        return answer


@app.command()
def review(
    ctx: typer.Context,
    below: Annotated[
        float, typer.Option(metavar="CONFIDENCE", help="Review incidents under this confidence.")
    ] = 0.6,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Go through the low-confidence incidents nobody has accepted yet, least confident first.
    For each: accept (mark it checked), edit (FIELD=VALUE ..., pinned; then answer again),
    delete, skip, or quit. Every answer that changes something is logged and undoable.

    \b
    Example:
        ledger review
        ledger review --below 0.8
    """
    ledger_db = store.open_ledger(db, create=False)
    ids = edits.to_review(ledger_db, below)
    if not ids:
        _say(f"nothing to review: no incident under confidence {below} left unaccepted")
        return
    tally, command = Counter(), _command_line(ctx)
    for number, incident_id in enumerate(ids, 1):
        answer = _review_one(ledger_db, incident_id, f"{number} of {len(ids)}", command)
        tally[answer] += 1
        if answer == "q":
            break
    _say(f"accepted {tally['a']}, deleted {tally['d']}, skipped {tally['s']}; "
         f"{len(ids) - tally['a'] - tally['d']} left to review")  # fmt: skip


@app.command()
def reextract(ctx: typer.Context, db: DbOption = DEFAULT_DB) -> None:
    """Run the extractor again over every stored article (after the rules or your actors
    changed) and re-place its incidents as ingest --force does. Pinned fields, manual incidents
    and your merges and splits stay. One change: ledger undo reverses all of it.

    \b
    Example:
        ledger actors add "Africa Corps" --alias "Russian Expeditionary Corps" --bloc russia
        ledger reextract
    """
    ledger_db = store.open_ledger(db, create=False)
    try:
        result = edits.reextract(ledger_db, _command_line(ctx))
    finally:
        ledger_db.close()  # closed, the ledger takes in its log: a whole ledger re-placed is a large one
    for failure in result.failed:
        _say(f"Error: {failure}")
    _say(
        f"reextracted {result.articles} articles, {result.unchanged} unchanged; {result.incidents} incidents "
        f"placed ({result.new} new, {result.merged} into existing ones); {result.changed} incidents changed, "
        f"{result.removed} removed"
    )
    if result.failed:
        raise typer.Exit(1)


actors_app = typer.Typer(
    no_args_is_help=True,
    help="Actors you add to the lexicon, stored in the ledger.\n\n\b\nExample:\n"
    '    ledger actors add "Africa Corps" --alias "Russian Expeditionary Corps" --bloc russia\n'
    "    ledger actors list",
)
app.add_typer(actors_app, name="actors")


@actors_app.command("add")
def actors_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The name the ledger stores.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", metavar="ALIAS", help="Another name for it; repeatable.")
    ] = None,
    bloc: Annotated[Bloc | None, typer.Option(case_sensitive=False, help="Its bloc.")] = None,
    affiliation: Annotated[
        str | None, typer.Option(metavar="ISO3", help="The state it belongs to (makes it a state force).")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add an actor (or aliases of one added before) that later ingests and reextract recognise;
    it wins over the shipped lexicon where both know a name.

    \b
    Example:
        ledger actors add "Africa Corps" --alias "Russian Expeditionary Corps" --bloc russia --affiliation RUS
        ledger reextract
    """
    values = _field_values({"affiliation": affiliation})
    edits.add_actor(store.open_ledger(db), name, alias or [], bloc.value if bloc else None,
                    values.get("victim_affiliation"), _command_line(ctx))  # fmt: skip
    _say(f"actor {name} stored; run ledger reextract to apply it to the articles already ingested")


@actors_app.command("list")
def actors_list(
    db: DbOption = DEFAULT_DB, fmt: FormatOption = None, no_headers: NoHeadersOption = False
) -> None:
    """List the actors added with ledger actors add.

    \b
    Example:
        ledger actors list -f csv
    """
    rows = edits.list_actors(store.open_ledger(db, create=False))
    render(rows, ["name", "aliases", "bloc", "affiliation"], fmt or default_format(), no_headers=no_headers)
