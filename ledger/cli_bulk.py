"""`ledger extract` (articles to records, no database) and `ledger import` (records into the ledger).

Together they split ingest in two, so that the extraction map can run anywhere (another machine, a
Dask or Spark cluster) and its output be loaded at bulk speed. The record shape and the import
policy are described in ledger/bulk.py.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ledger import store
from ledger.cli import DEFAULT_DB, MAX_BYTES, DbOption, MaxBytesOption, PublishedOption, app, tell_read


class RecordFormat(StrEnum):
    JSONL = "jsonl"
    JSON = "json"


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files or folders (.txt/.md inside).")],
    published: PublishedOption = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", case_sensitive=False, help="jsonl (one incident a line) or json.")
    ] = RecordFormat.JSONL,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes that extract; default: the number of cores.")
    ] = None,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Print the incidents of articles as records `ledger import` reads, without any ledger.

    One record per incident, in the export shape, with its article as its one source (plus the
    sha256 of the article text, its path, title and publication date). A file that cannot be
    read is named on stderr and the others go on; the exit status is 1 if any failed. A large
    file (a dump of many articles) is extracted piece by piece, its records printed as they come.

    \b
    Example:
        ledger extract data/ > incidents.jsonl
        ledger import incidents.jsonl
    """  # fmt: skip
    from ledger import bulk, parallel

    failed = 0

    def records():
        nonlocal failed
        items = parallel.expand(paths)
        for p in parallel.extract_items(items, published, jobs or parallel.default_jobs(), max_bytes or None):
            if not tell_read(p.path, p.error, p.warnings):
                failed += 1
            elif p.extraction is not None:
                yield from bulk.extraction_records(p.path, p.text, p.extraction)

    (bulk.write_jsonl if fmt == RecordFormat.JSONL else bulk.write_json_array)(records(), sys.stdout)
    if failed:
        raise typer.Exit(1)


@app.command("import")
def import_(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE", help="JSON or JSON lines, as export or extract print; - for stdin.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Load incidents with their sources, as `ledger export` or `ledger extract` print them.

    Fast: one transaction for all the files, rows inserted in batches. Records are taken as they
    are (not merged with incidents already in the ledger); an article already in the ledger is not
    loaded again, so importing a file twice changes nothing. Into an empty ledger incidents keep
    their ids: importing an export reproduces it.

    \b
    Example:
        ledger export -f jsonl > backup.jsonl && ledger import backup.jsonl --db copy.db
        ledger extract articles/ | ledger import -
        ledger import out/part-*.jsonl
    """  # fmt: skip
    from ledger import bulk

    ledger_db = store.open_ledger(db)
    try:
        tally = bulk.import_texts(ledger_db, _texts_of(files))
    finally:
        # Closed, the ledger takes in its log: a bulk load left whole in it (160 MB for 200,000
        # incidents) made every later command read through it, and the next writer copy it.
        ledger_db.close()
    typer.echo(tally.summary(), err=True)


def _texts_of(files: list[str]):
    from ledger import bulk
    from ledger.errors import InputError

    for file in files:
        try:
            stream = sys.stdin if file == "-" else open(Path(file), encoding="utf-8")  # noqa: SIM115
        except OSError as e:
            raise InputError(file, (e.strerror or str(e)).lower()) from None
        with stream:
            try:
                for number, text in bulk.read_texts(stream, file):
                    yield file, number, text
            except UnicodeDecodeError:
                raise InputError(file, "not UTF-8 text") from None
