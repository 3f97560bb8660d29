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

TABLE = "report_summary"  # m007: by day, for any report by bloc or period
YEAR_TABLE = "report_year_summary"  # m008: by year, for one without --since/--until or months
KEY_COLUMNS = ("victim_bloc", "year", "date_start", "last_day", "date_precision", "aggregate", "claimed")
TABLES = {TABLE: KEY_COLUMNS, YEAR_TABLE: ("victim_bloc", "year", "aggregate", "claimed")}
SUM_COLUMNS = (
    "incidents",
    *(f"{m}_{s}" for m in ("killed", "wounded") for s in ("given", "low", "high", "open")),
    "sources",
)

# Each key column computed from an incident `{r}` (NEW, OLD or a table alias).
_KEY_SQL = {
    "victim_bloc": "{r}.victim_bloc",
    "year": "substr(coalesce({r}.date_start, ''), 1, 4)",
    "date_start": "coalesce({r}.date_start, '')",
    "last_day": "coalesce({r}.date_end, {r}.date_start, '')",
    "date_precision": "{r}.date_precision",
    "aggregate": "{r}.kind = 'aggregate'",
    "claimed": "CASE WHEN {r}.claimed_by_perpetrator = 1 THEN 1 WHEN NOT {r}.claimed_by_perpetrator THEN 0 ELSE 2 END",
}
_KEY_TYPES = {"aggregate": "INTEGER", "claimed": "INTEGER"}  # the others are TEXT


def _keys(row: str, table: str) -> tuple[str, ...]:
    """The key of the incident `row` in `table`, in the order of its key columns."""
    return tuple(_KEY_SQL[c].format(r=row) for c in TABLES[table])


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


def _add(row: str, table: str) -> str:
    columns = ", ".join(TABLES[table] + SUM_COLUMNS)
    added = ", ".join(f"{c} = {c} + excluded.{c}" for c in SUM_COLUMNS)
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(_keys(row, table) + _amounts(row))}) "
        f"ON CONFLICT ({', '.join(TABLES[table])}) DO UPDATE SET {added};"
    )


def _subtract(row: str, table: str) -> str:
    """Take the incident `row` out of its summary row, and drop that row when no incident is left
    in it (a report must not show a group of none)."""
    taken = ", ".join(f"{c} = {c} - ({a})" for c, a in zip(SUM_COLUMNS, _amounts(row)))
    match = " AND ".join(f"{c} = ({k})" for c, k in zip(TABLES[table], _keys(row, table)))
    return f"UPDATE {table} SET {taken} WHERE {match}; DELETE FROM {table} WHERE {match} AND incidents = 0;"


def create(db: Database, table: str = TABLE) -> None:
    """`table`, its indexes and the triggers that keep it, filled from the incidents there are."""
    keys = TABLES[table]
    db.execute(
        f"""CREATE TABLE {table} (
              {", ".join(f"{c} {_KEY_TYPES.get(c, 'TEXT')} NOT NULL" for c in keys)},
              {", ".join(f"{c} INTEGER NOT NULL" for c in SUM_COLUMNS)},
              PRIMARY KEY ({", ".join(keys)})
            ) WITHOUT ROWID"""
    )
    if table == TABLE:  # --since and --until (--victim-bloc reads the primary key)
        db.execute(f"CREATE INDEX idx_{TABLE}_last_day ON {TABLE} (last_day)")
        db.execute(f"CREATE INDEX idx_{TABLE}_date_start ON {TABLE} (date_start)")
    for name, event, body in (
        ("insert", "INSERT", _add("NEW", table)),
        ("delete", "DELETE", _subtract("OLD", table)),
        ("update", f"UPDATE OF {', '.join(_READ_COLUMNS)}", _subtract("OLD", table) + " " + _add("NEW", table)),
    ):
        db.execute(f"CREATE TRIGGER incidents_{table}_{name} AFTER {event} ON incidents BEGIN {body} END")
    _fill(db, table)


def rebuild(db: Database) -> None:
    """Recompute every summary row from the incidents (after a bulk load that ran without the
    triggers, or to repair a ledger `ledger check` found wrong). Inside the caller's transaction.
    The year summary is summed from the day summary, whose key holds its key: a few tens of
    thousands of rows to group instead of every incident (0.35 s -> 0.04 s on 100,000)."""
    tables = _existing(db)
    for table in tables:
        db.execute(f"DELETE FROM {table}")
        if not (table == YEAR_TABLE and TABLE in tables and _fill_from_days(db)):
            _fill(db, table)


def _fill_from_days(db: Database) -> bool:
    """Fill the year summary from the day summary, when its sums are all integers (a float's
    sum depends on the order of the additions: `differences` must find the same); False if not."""
    keys = ", ".join(TABLES[YEAR_TABLE])
    inexact = " OR ".join(f"typeof({c}) <> 'integer'" for c in SUM_COLUMNS)
    if db.execute(f"SELECT 1 FROM {TABLE} WHERE {inexact} LIMIT 1").fetchone():
        return False
    db.execute(
        f"INSERT INTO {YEAR_TABLE} ({keys}, {', '.join(SUM_COLUMNS)}) "
        f"SELECT {keys}, {', '.join(f'sum({c})' for c in SUM_COLUMNS)} FROM {TABLE} GROUP BY {keys}"
    )
    return True


def _fill(db: Database, table: str) -> None:
    db.execute(f"INSERT INTO {table} ({', '.join(TABLES[table] + SUM_COLUMNS)}) " + _grouped(table))


def _grouped(table: str) -> str:
    """The rows of `table` recomputed from the incidents (grouped by position: the key expressions
    share names with incident columns)."""
    keys = TABLES[table]
    return (
        f"SELECT {', '.join(_keys('i', table))}, {', '.join(f'sum({a})' for a in _amounts('i'))} "
        f"FROM incidents i GROUP BY {', '.join(str(n + 1) for n in range(len(keys)))}"
    )


def _existing(db: Database) -> list[str]:
    """The summary tables this ledger has (one opened by a test before m008 has only the first)."""
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [table for table in TABLES if table in names]


def differences(db: Database) -> list[tuple]:
    """Summary rows that differ from a recomputation from the incidents: (table, key, stored sums,
    recomputed sums), a side None when it has no such row. Empty when the summaries are exact."""
    found = []
    for table in _existing(db):
        n = len(TABLES[table])
        stored = _by_key(db.execute(f"SELECT {', '.join(TABLES[table] + SUM_COLUMNS)} FROM {table}"), n)
        fresh = _by_key(db.execute(_grouped(table)), n)
        keys = sorted(stored.keys() | fresh.keys(), key=repr)
        found += [(table, key, stored.get(key), fresh.get(key)) for key in keys if stored.get(key) != fresh.get(key)]
    return found


def _by_key(rows, n: int) -> dict[tuple, tuple]:
    return {tuple(row[:n]): tuple(row[n:]) for row in rows}
