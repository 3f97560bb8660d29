"""A progress bar for long batches: files done of all, incidents, rate and time left, on stderr.

Only when stderr is a terminal: on a pipe or in a log file nothing is drawn, so scripts and CI
see the same lines as before. Lines the batch prints meanwhile (warnings, errors) appear above the bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ledger.ingest import Outcome


def shows_progress(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def tracked(outcomes: Iterable[Outcome], files: int, stream: TextIO | None = None) -> Iterator[Outcome]:
    """`outcomes` unchanged, advancing a bar of `files` files on `stream` (stderr) if it is a terminal."""
    stream = stream or sys.stderr
    if files < 2 or not shows_progress(stream):
        yield from outcomes
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn,
    )  # fmt: skip

    columns = (
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
        TextColumn("{task.fields[incidents]} incidents"), TextColumn("{task.fields[rate]}"),
        TaskProgressColumn(), TimeRemainingColumn(),
    )  # fmt: skip
    console = Console(file=stream)
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=files, incidents=0, rate="")
        incidents = 0
        for outcome in outcomes:
            if outcome.result is not None:
                incidents += len(outcome.result.placed)
            is_file = getattr(outcome, "note", None) is None  # a note is about a folder
            progress.update(task, advance=int(is_file), incidents=incidents,
                            rate=_rate(progress, task))  # fmt: skip
            yield outcome


def _rate(progress, task_id) -> str:
    speed = progress.tasks[task_id].speed  # rich's own moving estimate
    return f"{speed:,.0f} files/s" if speed else ""
