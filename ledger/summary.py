"""The report summary (migration m007): the sums `ledger report` adds up, kept per victim bloc, day
and flag by triggers on `incidents`, so that a report by bloc or period over a million incidents
reads some tens of thousands of small rows instead of every incident.

One row per victim bloc, year, first day, last day (`coalesce(date_end, date_start)`, what --since
compares), date precision (what a month key reads), aggregate or not (period totals are never
summed, only counted) and claim flag; undated incidents have '' as year and days. The year leads
the key after the bloc so that `report --by bloc --per year` reads the rows in its group order.
`claimed` is 0 for the incidents a report sums without --include-claims (`NOT
claimed_by_perpetrator`), 1 for those it says it left out (`claimed_by_perpetrator = 1`), 2 for
anything else. Each row holds, over its incidents, the sums that reports._FIGURE_SUMS computes
from the incidents themselves: the result is the same either way (tests/test_report_summary.py
builds ledgers through the CLI to check that).

m007 creates the table and triggers `create` makes: changing their shape needs a new migration
that drops them and calls `create` again, so that ledgers made before it change too.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "report_summary"
KEY_COLUMNS = ("victim_bloc", "year", "date_start", "last_day", "date_precision", "aggregate", "claimed")
SUM_COLUMNS = (
    "incidents",
    *(f"{m}_{s}" for m in ("killed", "wounded") for s in ("given", "low", "high", "open")),
    "sources",
)


def _keys(row: str) -> tuple[str, ...]:
    """The key of the incident `row` (NEW, OLD or a table alias), in KEY_COLUMNS order."""
    return (
        f"{row}.victim_bloc",
        f"substr(coalesce({row}.date_start, ''), 1, 4)",
        f"coalesce({row}.date_start, '')",
        f"coalesce({row}.date_end, {row}.date_start, '')",
        f"{row}.date_precision",
        f"{row}.kind = 'aggregate'",
        f"CASE WHEN {row}.claimed_by_perpetrator = 1 THEN 1 WHEN NOT {row}.claimed_by_perpetrator THEN 0 ELSE 2 END",
    )


def _amounts(row: str) -> tuple[str, ...]:
    """What the incident `row` adds to each of SUM_COLUMNS (as reports._FIGURE_SUMS counts it; a
    perpetrator's claim is a source only of an incident that only the perpetrator reports)."""
    figures = []
    for m in ("killed", "wounded"):
        low, high = f"{row}.{m}_low", f"{row}.{m}_high"
        figures += [
            f"({low} IS NOT NULL OR {high} IS NOT NULL)",
            f"coalesce({low}, 0)",
            f"coalesce({high}, 0)",
            f"({low} IS NOT NULL AND {high} IS NULL)",
        ]
    sources = (
        f"CASE WHEN {row}.claimed_by_perpetrator THEN {row}.source_count "
        f"ELSE {row}.source_count - {row}.claim_source_count END"
    )
    return ("1", *figures, sources)


# The incident columns a row's key and amounts read: an UPDATE of any other leaves the summary be.
_READ_COLUMNS = (
    "victim_bloc", "date_start", "date_end", "date_precision", "kind", "claimed_by_perpetrator",
    "killed_low", "killed_high", "wounded_low", "wounded_high", "source_count", "claim_source_count",
)  # fmt: skip


def _add(row: str) -> str:
    columns = ", ".join(KEY_COLUMNS + SUM_COLUMNS)
    added = ", ".join(f"{c} = {c} + excluded.{c}" for c in SUM_COLUMNS)
    return (
        f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join(_keys(row) + _amounts(row))}) "
        f"ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET {added};"
    )


def _subtract(row: str) -> str:
    """Take the incident `row` out of its summary row, and drop that row when no incident is left
    in it (a report must not show a group of none)."""
    taken = ", ".join(f"{c} = {c} - ({a})" for c, a in zip(SUM_COLUMNS, _amounts(row)))
    match = " AND ".join(f"{c} = ({k})" for c, k in zip(KEY_COLUMNS, _keys(row)))
    return f"UPDATE {TABLE} SET {taken} WHERE {match}; DELETE FROM {TABLE} WHERE {match} AND incidents = 0;"


def create(db: Database) -> None:
    """The table, its indexes and the triggers that keep it, filled from the incidents there are."""
    db.execute(
        f"""CREATE TABLE {TABLE} (
              victim_bloc TEXT NOT NULL, year TEXT NOT NULL, date_start TEXT NOT NULL, last_day TEXT NOT NULL,
              date_precision TEXT NOT NULL, aggregate INTEGER NOT NULL, claimed INTEGER NOT NULL,
              {", ".join(f"{c} INTEGER NOT NULL" for c in SUM_COLUMNS)},
              PRIMARY KEY ({", ".join(KEY_COLUMNS)})
            ) WITHOUT ROWID"""
    )
    # --since and --until on the summary (--victim-bloc reads the primary key).
    db.execute(f"CREATE INDEX idx_{TABLE}_last_day ON {TABLE} (last_day)")
    db.execute(f"CREATE INDEX idx_{TABLE}_date_start ON {TABLE} (date_start)")
    for name, event, body in (
        ("insert", "INSERT", _add("NEW")),
        ("delete", "DELETE", _subtract("OLD")),
        ("update", f"UPDATE OF {', '.join(_READ_COLUMNS)}", _subtract("OLD") + " " + _add("NEW")),
    ):
        db.execute(f"CREATE TRIGGER incidents_{TABLE}_{name} AFTER {event} ON incidents BEGIN {body} END")
    rebuild(db)


def rebuild(db: Database) -> None:
    """Recompute every summary row from the incidents (after a bulk load that ran without the
    triggers, or to repair a ledger `ledger check` found wrong). Inside the caller's transaction."""
    db.execute(f"DELETE FROM {TABLE}")
    columns = ", ".join(KEY_COLUMNS + SUM_COLUMNS)
    db.execute(f"INSERT INTO {TABLE} ({columns}) " + _GROUPED.format(keys=", ".join(_keys("i")), sums=_sums()))


# The summary rows recomputed from the incidents (grouped by position: the key expressions share
# names with incident columns).
_GROUPED = "SELECT {keys}, {sums} FROM incidents i GROUP BY " + ", ".join(str(n + 1) for n in range(len(KEY_COLUMNS)))


def _sums() -> str:
    return ", ".join(f"sum({a})" for a in _amounts("i"))


def differences(db: Database) -> list[tuple]:
    """Summary rows that differ from a recomputation from the incidents: (key, stored sums,
    recomputed sums), a side None when it has no such row. Empty when the summary is exact."""
    columns = ", ".join(KEY_COLUMNS + SUM_COLUMNS)
    stored = _by_key(db.execute(f"SELECT {columns} FROM {TABLE}"))
    fresh = _by_key(db.execute(_GROUPED.format(keys=", ".join(_keys("i")), sums=_sums())))
    keys = sorted(stored.keys() | fresh.keys(), key=repr)
    return [(key, stored.get(key), fresh.get(key)) for key in keys if stored.get(key) != fresh.get(key)]


def _by_key(rows) -> dict[tuple, tuple]:
    n = len(KEY_COLUMNS)
    return {tuple(row[:n]): tuple(row[n:]) for row in rows}
