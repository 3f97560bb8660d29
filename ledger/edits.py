"""Analyst corrections: edit, merge, split, delete, add, accept, reextract and user actors, each one
audited change (ledger/audit.py: logged, undoable); the parsers of the values they set.

Field values set by hand are pinned (the incident's `pinned` list): reconciliation, ingest --force
and reextract never recompute them.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ledger import lexicon, store
from ledger.audit import Change, audited
from ledger.errors import LedgerError, NotFoundError
from ledger.models import INCIDENT_FIELDS, Incident

if TYPE_CHECKING:
    from sqlite_utils import Database

MANUAL = "manual"  # articles.published_from (and file) of the source note of a manual incident

# ------------------------------------------------------------------------------ parsing values


def parse_figure(text: str) -> tuple[int | None, int | None]:
    """A figure option: "7" (exactly 7), "6-7" (6 to 7), "6+" (at least 6), "-7" (up to 7),
    "none" (no figure). Raises ValueError saying what is expected: "6-" is refused as a range whose
    end was forgotten, since reading it as "at least 6" would store a guess."""
    value = text.strip().replace("–", "-").replace(" ", "")
    if value.lower() in ("none", "null", ""):
        return None, None
    m = re.fullmatch(r"(\d+)?(?:(-|\+)(\d+)?)?", value)
    unfinished = m and m.group(2) == "-" and m.group(1) and not m.group(3)
    if m and (m.group(1) or m.group(3)) and not (m.group(2) == "+" and m.group(3)) and not unfinished:
        low = int(m.group(1)) if m.group(1) else None
        high = int(m.group(3)) if m.group(3) else (low if not m.group(2) else None)
        if low is None or high is None or low <= high:
            return low, high
    raise ValueError(
        f"expected a figure: N, N-M with N <= M, N+ (at least N), -M (up to M) or none; got {text!r}"
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
    given = any(k is not None for k in killed)
    parts = [row.get("victim") or row.get("victim_bloc"), f"killed {figure}" if given else None,
             row.get("location"), row.get("country"), row.get("date_start")]  # fmt: skip
    return ", ".join(str(p) for p in parts if p)


def edit(db: Database, incident_id: int, values: Mapping[str, object], command: str) -> list[dict]:
    """Set columns of an incident by hand and pin them; returns the audit entries (field, old, new)."""
    with audited(db, command, [incident_id]) as change:
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
        updates = {**values, "pinned": json.dumps(new_pins), "updated_at": store._now()}
        db["incidents"].update(row["id"], updates)


def merge(db: Database, target: int, others: list[int], command: str) -> list[dict]:
    """Move the sources of `others` to `target`, delete `others`, recompute `target`."""
    if target in others or len(set(others)) != len(others) or not others:
        raise LedgerError("merge needs two or more different incident ids")
    with audited(db, command, [target, *others]) as change:
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
    sql = "SELECT count(*) FROM incident_sources WHERE incident_id = ?"
    return db.execute(sql, [incident_id]).fetchone()[0]


def split(db: Database, incident_id: int, source: str, command: str) -> int:
    """Move the sources that article `source` (its file name or path) gave to a new incident."""
    with audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        sources = list(db.query(
            """SELECT s.id, a.file, a.path FROM incident_sources s JOIN articles a ON a.id = s.article_id
               WHERE s.incident_id = ? ORDER BY s.id""", [incident_id]))  # fmt: skip
        name = source.rsplit("/", 1)[-1]
        moving = [s["id"] for s in sources if source == s["path"] or s["file"] in (source, name)]
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
    with audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        db.execute("DELETE FROM incident_sources WHERE incident_id = ?", [incident_id])
        db.execute("DELETE FROM incidents WHERE id = ?", [incident_id])
        change.log("delete", incident_id, None, describe(row), None)
    return row


def add(db: Database, values: Mapping[str, object], source_note: str, command: str) -> int:
    """A manual incident with `values` (all pinned), backed by a manual source holding the note."""
    fields = {**Incident().fields(), **{k: v for k, v in values.items() if k in INCIDENT_FIELDS}}
    fields["claimed_by_perpetrator"] = int(bool(fields["claimed_by_perpetrator"]))
    with audited(db, command) as change:
        now = store._now()
        # The text names the entry, so that each manual note is an article of its own (sha256 is
        # unique) and `ledger check` finds its hash right.
        text = f"Manual source {uuid.uuid4().hex[:12]}, added {now}:\n{source_note.strip()}\n"
        article_id = db["articles"].insert(
            {"sha256": store.text_sha256(text), "file": MANUAL, "path": MANUAL,
             "title": source_note.strip().splitlines()[0][:200], "published": None,
             "published_from": MANUAL, "ingested_at": now, "text": text}
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
    with audited(db, command, [incident_id]) as change:
        row = _incident(db, incident_id)
        now = store._now()
        db["incidents"].update(incident_id, {"reviewed_at": now})
        change.log("accept", incident_id, "reviewed_at", row["reviewed_at"], now)


def to_review(db: Database, below: float) -> list[int]:
    """Ids of incidents under `below` confidence that nobody accepted yet, least confident first."""
    sql = """SELECT id FROM incidents WHERE coalesce(confidence, 0) < ? AND reviewed_at IS NULL
             ORDER BY confidence, id"""
    return [row[0] for row in db.execute(sql, [below]).fetchall()]


# ------------------------------------------------------------------------------------ reextract


@dataclass
class Reextracted:
    articles: int = 0
    unchanged: int = 0  # articles whose extraction gave exactly the sources they had: left alone
    incidents: int = 0  # extracted incidents placed (of the articles that changed)
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
    with audited(db, command, everything=True) as change:
        articles = list(db.query(
            """SELECT id, file, text, published FROM articles
               WHERE coalesce(published_from, '') != ? ORDER BY id""",
            [MANUAL]))  # fmt: skip
        for article in articles:
            published = date.fromisoformat(article["published"]) if article["published"] else None
            try:
                extraction = analyse(article["text"], published, actors)
            except Exception as e:  # an extractor bug: keep this article's old sources
                result.failed.append(f"{article['file']}: extraction failed ({type(e).__name__}: {e})")
                continue
            result.articles += 1
            if _same_sources(db, article["id"], extraction.incidents):
                result.unchanged += 1
                continue
            placed = store.replace_sources(db, article["id"], extraction.incidents)
            result.incidents += len(placed)
            result.new += sum(1 for _, how in placed if how == "new")
            result.merged += sum(1 for _, how in placed if how == "merged")
        summary = f"{result.articles} articles ({result.unchanged} unchanged), {result.incidents} incidents"
        change.log("reextract", None, None, None, summary)
    for r in change.rows:
        if r["table"] == "incidents" and r["before"] and r["after"] is None:
            result.removed += 1
        elif r["table"] == "incidents" and r["before"] and r["after"]:
            result.changed += any(r["before"][f] != r["after"][f] for f in INCIDENT_FIELDS)
    return result


def _same_sources(db: Database, article_id: int, incidents: list[Incident]) -> bool:
    """Whether `incidents` are exactly the sources the article has (fields, evidence, spans): then
    nothing is rewritten, which keeps an unchanged reextract fast and its undo snapshot small."""
    sql = "SELECT * FROM incident_sources WHERE article_id = ? ORDER BY id"
    old = [{k: v for k, v in row.items() if k not in ("id", "incident_id")} for row in db.query(sql, [article_id])]
    new = [store._source_row(incident, 0, article_id) for incident in incidents]
    return old == [{k: v for k, v in row.items() if k != "incident_id"} for row in new]


# --------------------------------------------------------------------------------- user actors


def add_actor(
    db: Database, name: str, aliases: list[str], bloc: str | None, affiliation: str | None, command: str
) -> None:
    """Add an actor (or aliases and bloc/affiliation to one already added) for later extraction."""
    with audited(db, command) as change:
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
            actor = {"name": name, "bloc": bloc or "unknown", "affiliation": affiliation}
            actor_id = db["actors"].insert(actor).last_pk
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
        sql = "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY rowid"
        names = [a["name"], *(r["alias"] for r in db.query(sql, [a["id"]]))]
        records += [lexicon.Actor(a["name"], n, a["bloc"] or "unknown", a["affiliation"], kind) for n in names]
    return tuple(records)
