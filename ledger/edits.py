"""Analyst corrections and their audit trail: edit, merge, split, delete, add, accept, reextract,
user actors, the log and undo. Every SQL statement they run is here (or in store.py).

Each change is one write transaction that also writes its audit rows: one per field or incident it
touched (action, old and new value, when, the command line), the rows of one change sharing a
`change` number. The first row of a change carries `snapshot`, the JSON of every database row the
change touched, before and after (article texts, which no change alters, left out). `undo` checks
that those rows are still as the change left them and puts the "before" rows back: the ledger is
then exactly as it was, and the audit log keeps both the change and its undo.

Field values set by hand are pinned (the incident's `pinned` list): reconciliation, ingest --force
and reextract never recompute them.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from ledger import lexicon, reconcile, store
from ledger.errors import LedgerError, NotFoundError
from ledger.models import INCIDENT_FIELDS, Incident

MANUAL = "manual"  # articles.published_from (and file) of the source note of a manual incident

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

# ------------------------------------------------------------------------------ parsing values


def parse_figure(text: str) -> tuple[int | None, int | None]:
    """A figure option: "7" (exactly 7), "6-7" (6 to 7), "6+" or "6-" (at least 6), "-7" (up to 7),
    "none" (no figure). Raises ValueError saying what is expected."""
    value = text.strip().replace("–", "-").replace(" ", "")
    if value.lower() in ("none", "null", ""):
        return None, None
    m = re.fullmatch(r"(\d+)?(?:(-|\+)(\d+)?)?", value)
    if m and (m.group(1) or m.group(3)) and not (m.group(2) == "+" and m.group(3)):
        low = int(m.group(1)) if m.group(1) else None
        high = int(m.group(3)) if m.group(3) else (low if not m.group(2) else None)
        if low is None or high is None or low <= high:
            return low, high
    raise ValueError(
        f"expected a figure: N, N-M with N <= M, N+ or N- (at least N), -M (up to M) or none; got {text!r}"
    )


def parse_date_range(text: str) -> tuple[str | None, str | None, str]:
    """A date option: 2024-11-21 (that day), 2024-11-20..2024-11-22 (days), 2024-11 (the month),
    2024 (the year), or none. Returns (date_start, date_end, date_precision)."""
    value = text.strip()
    if value.lower() in ("none", "unknown"):
        return None, None, "unknown"
    try:
        if ".." in value:
            start, end = (date.fromisoformat(p.strip()) for p in value.split("..", 1))
            if start <= end and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.strip()) for p in value.split("..")):
                return start.isoformat(), end.isoformat(), "day"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat(), date.fromisoformat(value).isoformat(), "day"
        elif m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            first = date(int(m.group(1)), int(m.group(2)), 1)
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.isoformat(), date.fromordinal(nxt.toordinal() - 1).isoformat(), "month"
        elif re.fullmatch(r"\d{4}", value):
            return f"{value}-01-01", f"{value}-12-31", "year"
    except ValueError:
        pass
    raise ValueError(
        "expected a date YYYY-MM-DD, a range YYYY-MM-DD..YYYY-MM-DD (start first), a month YYYY-MM, "
        f"a year YYYY or none; got {text!r}"
    )


def parse_country(text: str) -> str | None:
    """An ISO 3166-1 alpha-3 code the lexicon knows (any case), or none."""
    value = text.strip().upper()
    if value in ("NONE", ""):
        return None
    if value in lexicon.country_by_iso3():
        return value
    raise ValueError(f"expected an ISO 3166-1 alpha-3 country code such as MLI or BFA, or none; got {text!r}")


def _text_or_none(text: str) -> str | None:
    return text.strip() or None


# The fields `edit`, `add` and `review` set, by option name: each parses its text into columns.
FIELD_PARSERS = {
    "killed": lambda t: dict(zip(("killed_low", "killed_high"), parse_figure(t))),
    "wounded": lambda t: dict(zip(("wounded_low", "wounded_high"), parse_figure(t))),
    "date": lambda t: dict(zip(("date_start", "date_end", "date_precision"), parse_date_range(t))),
    "country": lambda t: {"country": parse_country(t)},
    "affiliation": lambda t: {"victim_affiliation": parse_country(t)},
    "victim": lambda t: {"victim": _text_or_none(t)},
    "perpetrator": lambda t: {"perpetrator": _text_or_none(t)},
    "location": lambda t: {"location": _text_or_none(t)},
    "victim-bloc": lambda t: {"victim_bloc": _bloc(t)},
    "perpetrator-bloc": lambda t: {"perpetrator_bloc": _bloc(t)},
    "claimed": lambda t: {"claimed_by_perpetrator": _yes_no(t)},
    "note": lambda t: {"note": _text_or_none(t)},
}


def _bloc(text: str) -> str:
    blocs = ("russia", "west", "local_state", "non_state", "civilian", "unknown")
    if text.strip().lower() in blocs:
        return text.strip().lower()
    raise ValueError(f"expected a bloc ({', '.join(blocs)}); got {text!r}")


def _yes_no(text: str) -> int:
    value = text.strip().lower()
    if value in ("yes", "true", "1", "y"):
        return 1
    if value in ("no", "false", "0", "n"):
        return 0
    raise ValueError(f"expected yes or no; got {text!r}")


def parse_assignments(text: str) -> dict:
    """`review`'s edit line, e.g. "killed=6-7 perpetrator=JNIM": the columns it sets."""
    import shlex

    values: dict = {}
    for item in shlex.split(text):
        name, sep, value = item.partition("=")
        if not sep or name.strip().lower() not in FIELD_PARSERS:
            raise ValueError(f"expected FIELD=VALUE with FIELD one of {', '.join(FIELD_PARSERS)}; got {item!r}")
        values.update(FIELD_PARSERS[name.strip().lower()](value))
    return values


# ------------------------------------------------------------------------------ audited changes


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
def _audited(db: Database, command: str, incident_ids: Iterable[int] = (), everything: bool = False) -> Iterator[Change]:
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
        sql = f"SELECT incident_id, id FROM incident_sources WHERE incident_id IN ({', '.join('?' for _ in chunk)})"
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


# ------------------------------------------------------------------------------------- changes


def _incident(db: Database, incident_id: int) -> dict:
    rows = list(db.query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
    if not rows:
        raise NotFoundError(f"no incident {incident_id} in the ledger")
    return rows[0]


def describe(row: Mapping) -> str:
    """A one-line summary of an incident for the log: victim, figure, place, date."""
    killed = row.get("killed_low"), row.get("killed_high")
    figure = f"{killed[0] if killed[0] is not None else ''}-{killed[1] if killed[1] is not None else ''}"
    parts = [row.get("victim") or row.get("victim_bloc"), f"killed {figure}" if any(k is not None for k in killed) else None,
             row.get("location"), row.get("country"), row.get("date_start")]  # fmt: skip
    return ", ".join(str(p) for p in parts if p)


def edit(db: Database, incident_id: int, values: Mapping[str, object], command: str) -> list[dict]:
    """Set columns of an incident by hand and pin them; returns the audit entries (field, old, new)."""
    with _audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        _set_fields(db, row, values, change, "edit")
    return change.entries


def _set_fields(db: Database, row: dict, values: Mapping[str, object], change: Change, action: str) -> None:
    pinned = json.loads(row["pinned"] or "[]")
    new_pins = pinned + [f for f in values if f in INCIDENT_FIELDS and f not in pinned]
    for name, value in values.items():
        if row[name] != value:
            change.log(action, row["id"], name, row[name], value)
    if new_pins != pinned:
        change.log(action, row["id"], "pinned", pinned, new_pins)
    if change.entries:
        db["incidents"].update(row["id"], {**values, "pinned": json.dumps(new_pins), "updated_at": store._now()})


def merge(db: Database, target: int, others: list[int], command: str) -> list[dict]:
    """Move the sources of `others` to `target`, delete `others`, recompute `target`."""
    if target in others or len(set(others)) != len(others) or not others:
        raise LedgerError("merge needs two or more different incident ids")
    with _audited(db, command, [target, *others]) as change:
        before = _source_count(db, _incident(db, target)["id"])
        for other in others:
            row = _incident(db, other)
            db.execute("UPDATE incident_sources SET incident_id = ? WHERE incident_id = ?", [target, other])
            db.execute("DELETE FROM incidents WHERE id = ?", [other])
            change.log("merge", other, None, describe(row), f"merged into {target}")
        store.refresh_incident(db, target)
        change.log("merge", target, "sources", before, _source_count(db, target))
    return change.entries


def _source_count(db: Database, incident_id: int) -> int:
    return db.execute("SELECT count(*) FROM incident_sources WHERE incident_id = ?", [incident_id]).fetchone()[0]


def split(db: Database, incident_id: int, source: str, command: str) -> int:
    """Move the sources that article `source` (its file name or path) gave to a new incident."""
    with _audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        sources = list(db.query(
            """SELECT s.id, a.file, a.path FROM incident_sources s JOIN articles a ON a.id = s.article_id
               WHERE s.incident_id = ? ORDER BY s.id""", [incident_id]))  # fmt: skip
        moving = [s["id"] for s in sources if source in (s["file"], s["path"]) or s["file"] == source.rsplit("/", 1)[-1]]
        if not moving:
            files = ", ".join(sorted({s["file"] for s in sources})) or "none"
            raise NotFoundError(f"incident {incident_id} has no source from {source} (its sources: {files})")
        if len(moving) == len(sources):
            raise LedgerError(f"nothing to split: every source of incident {incident_id} is {source}")
        now = store._now()
        new_id = db["incidents"].insert(
            {"kind": row["kind"], "victim_bloc": row["victim_bloc"], "created_at": now, "updated_at": now}
        ).last_pk
        marks = ", ".join("?" for _ in moving)
        db.execute(f"UPDATE incident_sources SET incident_id = ? WHERE id IN ({marks})", [new_id, *moving])
        store.refresh_incident(db, new_id)
        store.refresh_incident(db, incident_id)
        change.log("split", incident_id, "sources", len(sources), len(sources) - len(moving))
        change.log("split", new_id, None, None, f"split from {incident_id}: {source}")
    return new_id


def delete(db: Database, incident_id: int, command: str) -> dict:
    """Delete an incident and its sources (the audit snapshot keeps them for undo)."""
    with _audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        db.execute("DELETE FROM incident_sources WHERE incident_id = ?", [incident_id])
        db.execute("DELETE FROM incidents WHERE id = ?", [incident_id])
        change.log("delete", incident_id, None, describe(row), None)
    return row


def add(db: Database, values: Mapping[str, object], source_note: str, command: str) -> int:
    """A manual incident with `values` (all pinned), backed by a manual source holding the note."""
    fields = {**Incident().fields(), **{k: v for k, v in values.items() if k in INCIDENT_FIELDS}}
    fields["claimed_by_perpetrator"] = int(bool(fields["claimed_by_perpetrator"]))
    with _audited(db, command) as change:
        now = store._now()
        article_id = db["articles"].insert(
            {"sha256": f"{MANUAL}:{uuid.uuid4().hex}", "file": MANUAL, "path": MANUAL,
             "title": source_note.strip().splitlines()[0][:200], "published": None,
             "published_from": MANUAL, "ingested_at": now, "text": source_note}
        ).last_pk  # fmt: skip
        pinned = [f for f in INCIDENT_FIELDS if f in values]
        incident_id = db["incidents"].insert(
            {**fields, "confidence": 1.0, "created_at": now, "updated_at": now,
             "pinned": json.dumps(pinned), "note": values.get("note")}
        ).last_pk  # fmt: skip
        db["incident_sources"].insert(
            {"incident_id": incident_id, "article_id": article_id, **fields, "confidence": 1.0,
             "evidence": "[]", "sentence": source_note}
        )  # fmt: skip
        change.log("add", incident_id, None, None, describe(fields))
    return incident_id


def accept(db: Database, incident_id: int, command: str) -> None:
    """Mark an incident as checked by the analyst (`ledger review`); its values are not pinned."""
    with _audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        now = store._now()
        db["incidents"].update(incident_id, {"reviewed_at": now})
        change.log("accept", incident_id, "reviewed_at", row["reviewed_at"], now)


def to_review(db: Database, below: float) -> list[int]:
    """Ids of incidents under `below` confidence that nobody accepted yet, least confident first."""
    sql = "SELECT id FROM incidents WHERE coalesce(confidence, 0) < ? AND reviewed_at IS NULL ORDER BY confidence, id"
    return [row[0] for row in db.execute(sql, [below]).fetchall()]


# ------------------------------------------------------------------------------------ reextract


@dataclass
class Reextracted:
    articles: int = 0
    incidents: int = 0  # extracted incidents placed
    new: int = 0
    merged: int = 0
    changed: int = 0  # ledger incidents whose fields differ afterwards
    removed: int = 0
    failed: list[str] = field(default_factory=list)


def reextract(db: Database, command: str) -> Reextracted:
    """Run the extractor again over every stored article (manual notes excepted) and re-place its
    incidents as ingest --force does: pinned fields and manual incidents stay."""
    from ledger.extract import analyse

    result = Reextracted()
    actors = user_actors(db)
    with _audited(db, command, everything=True) as change:
        articles = list(db.query(
            "SELECT id, file, text, published FROM articles WHERE coalesce(published_from, '') != ? ORDER BY id",
            [MANUAL]))  # fmt: skip
        for article in articles:
            published = date.fromisoformat(article["published"]) if article["published"] else None
            try:
                extraction = analyse(article["text"], published, actors)
            except Exception as e:  # an extractor bug: keep this article's old sources
                result.failed.append(f"{article['file']}: extraction failed ({type(e).__name__}: {e})")
                continue
            placed = store.replace_sources(db, article["id"], extraction.incidents)
            result.articles += 1
            result.incidents += len(placed)
            result.new += sum(1 for _, how in placed if how == "new")
            result.merged += sum(1 for _, how in placed if how == "merged")
        summary = f"{result.articles} articles, {result.incidents} incidents"
        change.log("reextract", None, None, None, summary)
    for r in change.rows:
        if r["table"] == "incidents" and r["before"] and r["after"] is None:
            result.removed += 1
        elif r["table"] == "incidents" and r["before"] and r["after"]:
            result.changed += any(r["before"][f] != r["after"][f] for f in INCIDENT_FIELDS)
    return result


# --------------------------------------------------------------------------------- user actors


def add_actor(db: Database, name: str, aliases: list[str], bloc: str | None, affiliation: str | None, command: str) -> None:
    """Add an actor (or aliases and bloc/affiliation to one already added) for later extraction."""
    with _audited(db, command) as change:
        rows = list(db.query("SELECT * FROM actors WHERE name = ?", [name]))
        if rows:
            actor_id = rows[0]["id"]
            updates = {k: v for k, v in (("bloc", bloc), ("affiliation", affiliation)) if v is not None}
            for k, v in updates.items():
                if rows[0][k] != v:
                    change.log("actor", None, k, rows[0][k], v)
            if updates:
                db["actors"].update(actor_id, updates)
        else:
            actor_id = db["actors"].insert({"name": name, "bloc": bloc or "unknown", "affiliation": affiliation}).last_pk
            change.log("actor", None, "actor", None, f"{name} ({bloc or 'unknown'}, {affiliation or '-'})")
        for alias in aliases:
            owner = list(db.query(
                "SELECT a.name FROM actor_aliases l JOIN actors a ON a.id = l.actor_id WHERE l.alias = ?", [alias]))
            if owner and owner[0]["name"] != name:
                raise LedgerError(f"alias {alias!r} already belongs to {owner[0]['name']}")
            if not owner:
                db["actor_aliases"].insert({"actor_id": actor_id, "alias": alias})
                change.log("actor", None, "alias", None, f"{alias} -> {name}")


def list_actors(db: Database) -> list[dict]:
    sql = """SELECT a.name, a.bloc, a.affiliation,
                    (SELECT group_concat(alias, '; ') FROM actor_aliases l WHERE l.actor_id = a.id) AS aliases
             FROM actors a ORDER BY a.name"""
    return list(db.query(sql))


def user_actors(db: Database) -> tuple[lexicon.Actor, ...]:
    """The ledger's user actors as lexicon records for extraction: the name and every alias.
    An actor with an affiliation is a state's force; one without, a group."""
    records = []
    for a in db.query("SELECT * FROM actors ORDER BY id"):
        kind = "force" if a["affiliation"] else "group"
        names = [a["name"], *(r["alias"] for r in db.query("SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY rowid", [a["id"]]))]
        records += [lexicon.Actor(a["name"], n, a["bloc"] or "unknown", a["affiliation"], kind) for n in names]
    return tuple(records)


# -------------------------------------------------------------------------------- log and undo

LOG_COLUMNS = ["change", "at", "command", "action", "incident_id", "field", "old_value", "new_value", "undone_by"]


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
        changed = [f"{r['table']} row {r['key']}" for r in snapshot if _current(db, r["table"], r["key"]) != r["after"]]
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
