"""The audit log of analyst changes, and undo.

A change (edit, merge, split, delete, add, accept, reextract, actors add) runs inside `audited()`:
one write transaction that also writes the change's audit rows, one per field or incident it
touched (action, old and new value, when, the command line), all sharing a `change` number. The
first row carries `snapshot`: the JSON of every database row the change touched, before and after
(article texts, which no change alters, left out), and the source ids of each incident it left.
`undo` checks that those rows and sources are still as the change left them and puts the "before"
rows back: the ledger is then exactly as it was, and the log keeps both the change and its undo.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ledger import store
from ledger.errors import LedgerError

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables a change can touch: the key of a row and the columns captured in a snapshot.
_TABLES = {
    "articles": ("id", "id, sha256, file, path, title, published, published_from, ingested_at"),
    "actors": ("id", "*"),
    "incidents": ("id", "*"),
    "incident_sources": ("id", "*"),
    "actor_aliases": ("rowid", "rowid, actor_id, alias"),
}
# Restored parents first and deleted children first, so foreign keys hold at every step.
_PARENTS = ("articles", "actors", "incidents")
_CHILDREN = ("incident_sources", "actor_aliases")
_CHUNK = 500

@dataclass
class Change:
    """The audit rows a change writes; `log` adds one."""

    command: str
    entries: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the snapshot: table, key, before, after

    def log(self, action: str, incident_id: int | None, name: str | None, old, new) -> None:
        self.entries.append(
            {"action": action, "incident_id": incident_id, "field": name,
             "old_value": _as_text(old), "new_value": _as_text(new)}
        )  # fmt: skip


def _as_text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def audited(
    db: Database, command: str, incident_ids: Iterable[int] = (), everything: bool = False
) -> Iterator[Change]:
    """One write transaction around a change: snapshots the rows it may touch (these incidents and
    their sources, every actor, and any row it creates; everything when `everything`), then
    writes the change's audit rows with the rows that differ."""
    with store.write_transaction(db):
        before = _capture(db, set(incident_ids), everything)
        tops = {table: _top_key(db, table) for table in _TABLES}
        change = Change(command)
        yield change
        after = _recapture(db, before, tops)
        change.rows = [
            {"table": table, "key": key, "before": before.get((table, key)), "after": row}
            for (table, key), row in after.items()
            if before.get((table, key)) != row
        ]
        if change.entries or change.rows:
            touched = sorted({r["key"] for r in change.rows if r["table"] == "incidents" and r["after"]})
            _write_audit(db, change, {"rows": change.rows, "sources": _source_ids(db, touched)})


def _select(table: str) -> str:
    return f"SELECT {_TABLES[table][1]} FROM {table}"


def _capture(db: Database, incident_ids: set[int], everything: bool) -> dict[tuple[str, int], dict]:
    captured: dict[tuple[str, int], dict] = {}
    if everything:
        for table in _TABLES:
            _add_rows(db, captured, table, "", [])
        return captured
    for table in ("actors", "actor_aliases"):  # small tables, captured whole
        _add_rows(db, captured, table, "", [])
    ids = sorted(incident_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        _add_rows(db, captured, "incidents", f" WHERE id IN ({marks})", chunk)
        _add_rows(db, captured, "incident_sources", f" WHERE incident_id IN ({marks})", chunk)
    return captured


def _add_rows(db: Database, captured: dict, table: str, where: str, params: list) -> None:
    key = _TABLES[table][0]
    for row in db.query(_select(table) + where, params):
        captured[(table, row[key])] = dict(row)


def _top_key(db: Database, table: str) -> int:
    return db.execute(f"SELECT coalesce(max({_TABLES[table][0]}), 0) FROM {table}").fetchone()[0]


def _recapture(db: Database, before: dict, tops: dict[str, int]) -> dict[tuple[str, int], dict | None]:
    """The rows of `before` as they are now (None when deleted), and every row created since."""
    now: dict[tuple[str, int], dict | None] = {k: None for k in before}
    for table, (key, _) in _TABLES.items():
        keys = sorted(k for t, k in before if t == table)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            _add_rows(db, now, table, f" WHERE {key} IN ({', '.join('?' for _ in chunk)})", chunk)
        _add_rows(db, now, table, f" WHERE {key} > ?", [tops[table]])
    return now


def _source_ids(db: Database, incident_ids: list[int]) -> dict[str, list[int]]:
    """The source ids of each incident: undo checks that no later ingest added or took one."""
    found: dict[str, list[int]] = {str(i): [] for i in incident_ids}
    for start in range(0, len(incident_ids), _CHUNK):
        chunk = incident_ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT incident_id, id FROM incident_sources WHERE incident_id IN ({marks})"
        for incident_id, source_id in db.execute(sql + " ORDER BY id", chunk).fetchall():
            found[str(incident_id)].append(source_id)
    return found


def _write_audit(db: Database, change: Change, snapshot: dict, number: int | None = None) -> int:
    number = number or db.execute("SELECT coalesce(max(change), 0) + 1 FROM audit").fetchone()[0]
    entries = change.entries or [{"action": "change", "incident_id": None, "field": None,
                                  "old_value": None, "new_value": None}]  # fmt: skip
    at = store._now()
    for index, entry in enumerate(entries):
        db["audit"].insert(
            {"change": number, "at": at, "command": change.command, **entry,
             "snapshot": json.dumps(snapshot, ensure_ascii=False) if index == 0 else None}
        )  # fmt: skip
    return number


# -------------------------------------------------------------------------------- log and undo

LOG_COLUMNS = [
    "change", "at", "command", "action", "incident_id", "field", "old_value", "new_value", "undone_by",
]  # fmt: skip


def log(db: Database, incident_id: int | None = None) -> list[dict]:
    where, params = ("", []) if incident_id is None else (" WHERE incident_id = ?", [incident_id])
    return list(db.query(f"SELECT {', '.join(LOG_COLUMNS)} FROM audit{where} ORDER BY change, id", params))


def undo(db: Database, command: str) -> dict:
    """Reverse the latest change that is neither an undo nor undone; returns its first audit row.

    Refused (nothing written) when a row it touched has changed since, e.g. by a later ingest."""
    with store.write_transaction(db):
        rows = list(db.query(
            """SELECT * FROM audit WHERE action != 'undo' AND undone_by IS NULL
               AND snapshot IS NOT NULL ORDER BY change DESC LIMIT 1"""))  # fmt: skip
        if not rows:
            raise LedgerError("nothing to undo")
        target = rows[0]
        recorded = json.loads(target["snapshot"])
        snapshot = recorded["rows"]
        changed = [
            f"{r['table']} row {r['key']}" for r in snapshot if _current(db, r["table"], r["key"]) != r["after"]
        ]
        sources = recorded.get("sources", {})
        now = _source_ids(db, [int(i) for i in sources])
        changed += [f"the sources of incident {i}" for i in sources if now[i] != sources[i]]
        if changed:
            raise LedgerError(
                f"cannot undo change {target['change']} ({target['command']}): {changed[0]} changed "
                "since (a later ingest?); correct it by hand instead (see ledger log)"
            )
        _restore(db, snapshot)
        change = Change(command)
        for entry in db.query("SELECT * FROM audit WHERE change = ? ORDER BY id", [target["change"]]):
            change.log("undo", entry["incident_id"], entry["field"], entry["new_value"], entry["old_value"])
        inverse = [{**r, "before": r["after"], "after": r["before"]} for r in snapshot]
        restored = sorted({r["key"] for r in inverse if r["table"] == "incidents" and r["after"]})
        number = _write_audit(db, change, {"undoes": target["change"], "rows": inverse,
                                           "sources": _source_ids(db, restored)})  # fmt: skip
        db.execute("UPDATE audit SET undone_by = ? WHERE change = ?", [number, target["change"]])
    return target


def _current(db: Database, table: str, key: int) -> dict | None:
    rows = list(db.query(_select(table) + f" WHERE {_TABLES[table][0]} = ?", [key]))
    return dict(rows[0]) if rows else None


def _restore(db: Database, snapshot: list[dict]) -> None:
    for table in (*_PARENTS, *_CHILDREN):
        for r in snapshot:
            if r["table"] == table and r["before"] is not None:
                _put(db, table, r["before"])
    for table in (*_CHILDREN, *reversed(_PARENTS)):
        for r in snapshot:
            if r["table"] == table and r["before"] is None:
                db.execute(f"DELETE FROM {table} WHERE {_TABLES[table][0]} = ?", [r["key"]])


def _put(db: Database, table: str, row: dict) -> None:
    key = _TABLES[table][0]
    columns = [c for c in row if c != key]
    if _current(db, table, row[key]) is not None:
        sets = ", ".join(f"[{c}] = ?" for c in columns)
        db.execute(f"UPDATE {table} SET {sets} WHERE {key} = ?", [row[c] for c in columns] + [row[key]])
    else:
        names = ", ".join(f"[{c}]" for c in [key, *columns])
        marks = ", ".join("?" for _ in [key, *columns])
        db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [row[key]] + [row[c] for c in columns])
