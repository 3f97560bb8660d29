"""Bulk records in and out of the ledger: extraction records, streaming export, fast import.

The record shape is the export contract (SCHEMA.md): an incident's fields, its `id` and
`confidence`, and `sources`, one per article, each with `file`, the incident fields as that article
gave them, `confidence`, `sentence` and `evidence`. `ledger extract` adds to each source what it
knows of the article (`sha256` of its text, `path`, `title`, `published`, `published_from`).

Import policy (see `import_records`):
- Records are loaded as they are: their fields are already reconciled by whoever made them, so an
  imported incident is never merged into an incident already in the ledger.
- Articles are known by the `sha256` of their text when the source carries it (extract output),
  else by the file name (an export names only that). An article already in the ledger before the
  import is not loaded again: its sources are skipped, and an incident left with no source to load
  is skipped whole. So importing the same file twice changes nothing the second time, and a text
  ingested before is not imported twice.
- Into an empty ledger, incidents keep their ids, so importing an export reproduces it: exporting
  again prints the same records. Into a ledger that has incidents, they get new ids.
- An incident without any source (kept for the fields an analyst pinned) is imported into an
  empty ledger only.
- Imported articles carry no text (the export has none): their `text` is empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import IO

from sqlite_utils import Database

from ledger import store
from ledger.errors import InputError
from ledger.models import INCIDENT_FIELDS

_SOURCE_ARTICLE_FIELDS = ("sha256", "path", "title", "published", "published_from")
_BATCH = 5000  # records per executemany round: large enough to amortise, small enough for memory
_READ_CHUNK = 1 << 20
_IMPORT_CACHE_KB = -100_000  # 100 MB of page cache while importing (negative: KiB, SQLite's unit)
_INCIDENT_COLUMNS = (
    "id", *INCIDENT_FIELDS, "confidence", "created_at", "updated_at", "pinned", "source_count", "claim_source_count",
)  # fmt: skip
_SOURCE_COLUMNS = (
    "incident_id", "article_id", *INCIDENT_FIELDS, "confidence", "evidence", "sentence", "span_start", "span_end",
)  # fmt: skip
_CLAIMED = _SOURCE_COLUMNS.index("claimed_by_perpetrator")
_ARTICLE_COLUMNS = ("sha256", "file", "path", "title", "published", "published_from", "ingested_at", "text")


# Columns that are NOT NULL with a default: a record that leaves them out (or null) gets the default.
_DEFAULTS = {"kind": "'incident'", "victim_bloc": "'unknown'", "perpetrator_bloc": "'unknown'",
             "date_precision": "'unknown'", "claimed_by_perpetrator": "0"}  # fmt: skip


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    values = [f"coalesce(?, {_DEFAULTS[c]})" if c in _DEFAULTS else "?" for c in columns]
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)})"


# ---------------------------------------------------------------------------------- extraction


def extraction_records(path: str, text: str, extraction) -> Iterator[dict]:
    """One export-shaped record per incident of `extraction`, with its article as its one source."""
    from ledger.store import _main_evidence, _plain  # the same shaping as ingest

    article = {
        "file": Path(path).name if path != "-" else "<stdin>",
        "sha256": store.text_sha256(text),
        "path": path,
        "title": extraction.title,
        "published": extraction.published.isoformat() if extraction.published else None,
        "published_from": extraction.published_from,
    }
    for incident in extraction.incidents:
        fields = {name: _plain(value) for name, value in incident.fields().items()}
        fields["claimed_by_perpetrator"] = bool(fields["claimed_by_perpetrator"])
        main = _main_evidence(incident.evidence)
        source = {
            **article,
            **fields,
            "confidence": incident.confidence,
            "sentence": main.sentence if main else None,
            "evidence": [_plain(e.as_dict()) for e in incident.evidence],
        }
        yield {"id": None, **fields, "confidence": incident.confidence, "sources": [source]}


def extract_file(path: str, published: date | None = None) -> list[dict]:
    """The records of one article file: the map step of a corpus too large for one machine (see
    the Dask recipe in the README). Raises InputError when the file cannot be read as an article."""
    from ledger.extract import analyse
    from ledger.ingest import read_input

    text = read_input(path).text
    return list(extraction_records(path, text, analyse(text, published)))


# -------------------------------------------------------------------------------------- export


def iter_export_incidents(db: Database) -> Iterator[dict]:
    """Every incident in id order with its `sources`, as store.export_incidents gives them, but one
    at a time from one ordered query, so that exporting a million incidents holds one in memory."""
    source_columns = [f"s.{c} AS _s_{c}" for c in _SOURCE_COLUMNS]
    article_columns = [f"a.{c} AS _s_{c}" for c in ("file", "path", "title", "published")]
    sql = f"""SELECT i.*, s.id AS _source_id, {', '.join(source_columns + article_columns)}
              FROM incidents i
              LEFT JOIN incident_sources s ON s.incident_id = i.id
              LEFT JOIN articles a ON a.id = s.article_id
              ORDER BY i.id, s.id"""
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    incident_names = [n for n in names if not n.startswith("_")]
    source_names = [(n, n[3:]) for n in names if n.startswith("_s_")]
    rows = (dict(zip(names, row)) for row in cursor)
    for _, group in groupby(rows, key=lambda r: r["id"]):
        group = list(group)
        incident = {n: group[0][n] for n in incident_names}
        incident["claimed_by_perpetrator"] = bool(incident["claimed_by_perpetrator"])
        incident["pinned"] = json.loads(incident.get("pinned") or "[]")
        incident["sources"] = [
            _source(row, source_names) for row in group if row["_source_id"] is not None
        ]
        yield incident


def _source(row: dict, source_names: list[tuple[str, str]]) -> dict:
    source = {plain: row[prefixed] for prefixed, plain in source_names}
    source["id"] = row["_source_id"]
    source["claimed_by_perpetrator"] = bool(source["claimed_by_perpetrator"])
    source["evidence"] = json.loads(source["evidence"] or "[]")
    return source


def write_json_array(records: Iterable[dict], out: IO[str]) -> None:
    """The same text as json.dumps(list(records), indent=2) plus a newline, written record by record."""
    first = True
    for record in records:
        body = json.dumps(record, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + body)
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_jsonl(records: Iterable[dict], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


# -------------------------------------------------------------------------------------- import


def read_records(stream: IO[str], name: str) -> Iterator[dict]:
    """Records from a JSON array or from JSON lines (told apart by the first character), streamed:
    neither is read whole into memory."""
    head = stream.read(_READ_CHUNK)
    stripped = head.lstrip()
    if stripped.startswith("["):
        yield from _json_array_items(stream, stripped[1:], name)
        return
    pending = head
    line_no = 0
    while True:
        *lines, pending = pending.split("\n")
        for line in lines:
            line_no += 1
            if line.strip():
                yield _loads(line, name, line_no)
        more = stream.read(_READ_CHUNK)
        if not more:
            break
        pending += more
    if pending.strip():
        yield _loads(pending, name, line_no + 1)


def _loads(line: str, name: str, line_no: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(name, f"line {line_no}: not JSON ({e.msg})") from None
    if not isinstance(record, dict):
        raise InputError(name, f"line {line_no}: expected an incident object")
    return record


def _json_array_items(stream: IO[str], buffer: str, name: str) -> Iterator[dict]:
    decoder = json.JSONDecoder()
    pos, done = 0, False
    while True:
        while pos < len(buffer) and buffer[pos] in " \t\r\n,":
            pos += 1
        if pos < len(buffer) and buffer[pos] == "]":
            return
        try:
            record, end = decoder.raw_decode(buffer, pos)
        except json.JSONDecodeError as e:
            more = "" if done else stream.read(_READ_CHUNK)
            if not more:
                raise InputError(name, f"not a JSON array of incidents ({e.msg})") from None
            done = not more
            buffer, pos = buffer[pos:] + more, 0
            continue
        if not isinstance(record, dict):
            raise InputError(name, "expected a JSON array of incident objects")
        yield record
        pos = end
        if pos > _READ_CHUNK:  # drop what has been read so the buffer stays small
            buffer, pos = buffer[pos:], 0


class ImportTally:
    def __init__(self) -> None:
        self.incidents = 0
        self.sources = 0
        self.articles = 0
        self.skipped = 0  # incidents whose every article was already in the ledger

    def summary(self) -> str:
        text = f"imported {self.incidents} incidents, {self.sources} sources, {self.articles} new articles"
        if self.skipped:
            text += f"; {self.skipped} incidents skipped (their articles were already in the ledger)"
        return text


def import_records(db: Database, records: Iterable[dict], name: str = "-") -> ImportTally:
    """Load export-shaped `records` in one transaction (the policy is in this module's docstring)."""
    tally = ImportTally()
    db.execute(f"PRAGMA cache_size = {_IMPORT_CACHE_KB}")  # the index b-trees stay in memory
    with store.write_transaction(db):
        # Sources go in before their incident (see _Loader.load): the foreign keys are checked at commit.
        db.execute("PRAGMA defer_foreign_keys = ON")
        loader = _Loader(db, tally, name)
        # Into an empty ledger, the indexes are built once at the end, from sorted keys, rather than
        # kept up row by row: a third of the import's time. The drop is undone if the import fails.
        rebuild = _drop_indexes(db) if loader.keep_ids else []
        batch: list[dict] = []
        for record in records:
            batch.append(record)
            if len(batch) >= _BATCH:
                loader.load(batch)
                batch = []
        loader.load(batch)
        for sql in rebuild:
            db.execute(sql)
    return tally


def _drop_indexes(db: Database) -> list[str]:
    """Drop the indexes of `incidents` (not those of incident_sources: the deferred foreign key
    checks look sources up by incident and article); returns the SQL that recreates them."""
    indexes = db.execute(
        """SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name = 'incidents'"""
    ).fetchall()
    for index, _ in indexes:
        db.execute(f'DROP INDEX "{index}"')
    return [sql for _, sql in indexes]


class _Loader:
    """Turns batches of records into three executemany calls, assigning ids itself."""

    def __init__(self, db: Database, tally: ImportTally, name: str):
        self.conn, self.tally, self.name = db.conn, tally, name
        self.keep_ids = db.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
        self.last_id = db.execute("SELECT coalesce(max(id), 0) FROM incidents").fetchone()[0]
        self.known = {sha: article_id for sha, article_id in db.execute("SELECT sha256, id FROM articles")}
        self.created: dict[str, int] = {}
        self.next_article = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0] + 1
        self.now = datetime.now(UTC).isoformat(timespec="seconds")

    def load(self, batch: list[dict]) -> None:
        incidents, sources, articles = [], [], []
        for record in batch:
            loadable = []
            for source in record.get("sources") or []:
                key = _article_key(source, self.name)
                if key in self.known and key not in self.created:
                    continue
                loadable.append((source, self._article_id(key, source, articles)))
            # An incident without any source (an analyst's, kept for its pinned fields) has no
            # article to recognise it by: it is loaded into an empty ledger only, never twice.
            sourceless = not record.get("sources") and self.keep_ids
            if not loadable and not sourceless:
                self.tally.skipped += 1
                continue
            incident_id = self._incident_id(record.get("id"))
            rows = [_source_row(incident_id, article_id, s, record) for s, article_id in loadable]
            claims = sum(1 for row in rows if row[_CLAIMED])
            incidents.append((*self._incident_row(incident_id, record), len(rows), claims))
            sources += rows
        # Every incident is new, so it gets its source counts here, and its sources are inserted
        # before it: the m004 triggers that recount an incident's sources on each insert then find
        # no incident to update, instead of recounting each new incident once per source.
        self.conn.executemany(_insert_sql("articles", ("id", *_ARTICLE_COLUMNS)), articles)
        self.conn.executemany(_insert_sql("incident_sources", _SOURCE_COLUMNS), sources)
        self.conn.executemany(_insert_sql("incidents", _INCIDENT_COLUMNS), incidents)
        self.tally.incidents += len(incidents)
        self.tally.sources += len(sources)
        self.tally.articles += len(articles)

    def _article_id(self, key: str, source: dict, articles: list[tuple]) -> int:
        if key in self.created:
            return self.created[key]
        article_id = self.created[key] = self.known[key] = self.next_article
        self.next_article += 1
        file = source.get("file") or "<import>"
        articles.append((article_id, key, file, source.get("path") or file, source.get("title"),
                         source.get("published"), source.get("published_from") or "import", self.now, ""))  # fmt: skip
        return article_id

    def _incident_id(self, wanted) -> int:
        if self.keep_ids and isinstance(wanted, int) and wanted > self.last_id:
            self.last_id = wanted
        else:
            self.last_id += 1
        return self.last_id

    def _incident_row(self, incident_id: int, record: dict) -> tuple:
        pinned = record.get("pinned")
        values = [record.get(f) for f in INCIDENT_FIELDS]
        return (incident_id, *values, record.get("confidence"), self.now, self.now, json.dumps(pinned) if pinned else "[]")


def _article_key(source: dict, name: str) -> str:
    if source.get("sha256"):
        return str(source["sha256"])
    if source.get("file"):
        return f"file:{source['file']}"
    raise InputError(name, "a source names neither its file nor the sha256 of its text")


def _source_row(incident_id: int, article_id: int, source: dict, record: dict) -> tuple:
    # An export source need only carry its figures and the fields where it differs from its incident.
    values = [source[f] if f in source else record.get(f) for f in INCIDENT_FIELDS]
    evidence = source.get("evidence") or []
    main = _main_evidence(evidence)
    return (
        incident_id, article_id, *values, source.get("confidence", record.get("confidence")),
        json.dumps(evidence, ensure_ascii=False) if evidence else "[]",
        source.get("sentence", main.get("sentence") if main else None),
        main.get("start") if main else None,
        main.get("end") if main else None,
    )  # fmt: skip


def _main_evidence(evidence: list[dict]) -> dict | None:
    for wanted in ("killed", "wounded"):
        for e in evidence:
            if isinstance(e, dict) and e.get("field") == wanted:
                return e
    first = evidence[0] if evidence else None
    return first if isinstance(first, dict) else None
