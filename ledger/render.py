"""One renderer for every command that prints records: `render(rows, columns, fmt)`.

`table` (rich) is for people at a terminal and the default there; when stdout is not a terminal the
default is `tsv` with a header row, which `cut`, `sort` and `awk` read. Only `table` goes through
rich: a rich Console on a pipe still draws boxes and wraps at 80 columns. TSV replaces tabs and
newlines inside values with spaces instead of quoting them, so every line is one record.
With NO_COLOR set the table carries no escape codes either; machine formats never do.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TextIO



class Format(StrEnum):
    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


HUMAN_FORMATS = (Format.TABLE, Format.MARKDOWN)
_SHORT_VALUE = 10  # table columns whose values are all this short are never squeezed


def default_format(stream: TextIO | None = None) -> Format:
    """table on a terminal, tsv when piped or redirected."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return Format.TABLE if isatty and isatty() else Format.TSV


def render(
    rows: Sequence[Mapping],
    columns: Sequence[str],
    fmt: Format | str,
    no_headers: bool = False,
    file: TextIO | None = None,
    title: str | None = None,
) -> None:
    """Write `rows` (mappings; only `columns`, in that order) to `file` (stdout) as `fmt`.

    `title` heads the table in the human formats (table, markdown) and is ignored by the others.
    """
    file = file or sys.stdout
    writer = _WRITERS[Format(fmt)]
    writer(rows, list(columns), no_headers, file, title)


def as_text(value) -> str:
    """How a value reads in the text formats: null is empty, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(round(value, 3), "g")
    return str(value)


def _tsv(rows, columns, no_headers, file, title):
    def clean(value) -> str:
        return as_text(value).replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")

    if not no_headers:
        file.write("\t".join(columns) + "\n")
    for row in rows:
        file.write("\t".join(clean(row.get(c)) for c in columns) + "\n")


def _csv(rows, columns, no_headers, file, title):
    writer = csv.writer(file, lineterminator="\n")
    if not no_headers:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([as_text(row.get(c)) for c in columns])


def _json(rows, columns, no_headers, file, title):
    records = [{c: row.get(c) for c in columns} for row in rows]
    file.write(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n")


def _jsonl(rows, columns, no_headers, file, title):
    for row in rows:
        file.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=str) + "\n")


def _markdown(rows, columns, no_headers, file, title):
    # A markdown table needs its header row to be a table at all, so no_headers is ignored here.
    def cell(value) -> str:
        return as_text(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    numeric = _numeric_columns(rows, columns)
    if title:  # a blank line first: markdown needs one between a table and a heading
        file.write(f"\n### {title}\n\n")
    file.write("| " + " | ".join(columns) + " |\n")
    file.write("| " + " | ".join("---:" if c in numeric else "---" for c in columns) + " |\n")
    for row in rows:
        file.write("| " + " | ".join(cell(row.get(c)) for c in columns) + " |\n")


def _table(rows, columns, no_headers, file, title):
    from rich import box  # imported here: rich costs every command ~0.1 s of start-up, and a pipe gets TSV
    from rich.console import Console
    from rich.table import Table

    # NO_COLOR: rich alone would drop colours but keep bold and italics; we drop every style.
    plain = bool(os.environ.get("NO_COLOR"))
    console = Console(file=file, highlight=False, **({"color_system": None} if plain else {}))
    numeric = _numeric_columns(rows, columns)
    widths = _column_widths(rows, columns, console.width)
    table = Table(
        title=title, title_justify="left", show_header=not no_headers,
        box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True, pad_edge=False,
    )  # fmt: skip
    for c in columns:
        justify = "right" if c in numeric else "left"
        table.add_column(c, justify=justify, overflow="fold", **widths[c])
    for row in rows:
        table.add_row(*(as_text(row.get(c)) for c in columns))
    if title:
        console.print()  # set a titled table (a second section) apart from what came before
    console.print(table)


def _column_widths(rows, columns, total: int) -> dict[str, dict]:
    """Width limits per column: short columns (ids, dates, figures, codes) keep their full width
    and their header's; the long text columns (names, places) share what is left and wrap, so
    that rich never has to cut a column off at the right edge."""
    natural = {c: max([len(c)] + [len(as_text(row.get(c))) for row in rows]) for c in columns}
    short = {c for c in columns if max([0] + [len(as_text(r.get(c))) for r in rows]) <= _SHORT_VALUE}
    widths = {c: {"min_width": natural[c]} if c in short else {} for c in columns}
    long = [c for c in columns if c not in short]
    budget = total - sum(natural[c] for c in short) - 2 * (len(columns) - 1)
    if long and sum(natural[c] for c in long) > budget:
        # rich never folds a header word, so each long column keeps at least its header's width
        # and the rest of the budget is shared in proportion to what each column would need.
        floor = {c: len(c) for c in long}
        spare = max(0, budget - sum(floor.values()))
        extra = sum(natural[c] - floor[c] for c in long) or 1
        for c in long:
            widths[c] = {"max_width": floor[c] + spare * (natural[c] - floor[c]) // extra}
    return widths


def _numeric_columns(rows, columns) -> set[str]:
    """Columns whose values are all numbers or figure ranges ("7–80", "12+"), right-aligned in the
    human formats."""
    return {c for c in columns if _all_numeric([row.get(c) for row in rows])}


def _all_numeric(values) -> bool:
    values = [v for v in values if v is not None and v != ""]
    return bool(values) and all(
        (isinstance(v, (int, float)) and not isinstance(v, bool))
        or (isinstance(v, str) and _FIGURE_RANGE.fullmatch(v))
        for v in values
    )


_FIGURE_RANGE = re.compile(r"[≤]?\d+(?:–\d+)?\+?")


def figure_range(low: int | None, high: int | None) -> str:
    """A low/high pair as people read it: "7", "70–80", "7+" (no upper bound), "≤80" (no lower)."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def merge_ranges(columns: Sequence[str], rows: Sequence[Mapping]) -> tuple[list[str], list[dict]]:
    """For the human formats: each measure_low/measure_high column pair becomes one `measure`
    column holding figure_range(); the machine formats keep both numbers."""
    merged_columns: list[str] = []
    pairs = []
    for c in columns:
        if c.endswith("_high") and c[: -len("_high")] + "_low" in columns:
            continue
        if c.endswith("_low") and c[: -len("_low")] + "_high" in columns:
            measure = c[: -len("_low")]
            pairs.append(measure)
            merged_columns.append(measure)
        else:
            merged_columns.append(c)
    merged_rows = []
    for row in rows:
        out = dict(row)
        for m in pairs:
            out[m] = figure_range(row.get(f"{m}_low"), row.get(f"{m}_high"))
        merged_rows.append(out)
    return merged_columns, merged_rows


_WRITERS = {
    Format.TABLE: _table,
    Format.TSV: _tsv,
    Format.CSV: _csv,
    Format.JSON: _json,
    Format.JSONL: _jsonl,
    Format.MARKDOWN: _markdown,
}
