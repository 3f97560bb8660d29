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
- A source's evidence is stored as SQLite spells JSON (no spaces), where ingest stores Python's
  spelling: the same values, and export prints both the same.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
import time
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
_BATCH = 10_000  # records per round of INSERT ... SELECT: large enough to amortise, small enough for memory
_READ_CHUNK = 1 << 20
_READER_GRACE_S = 2.0  # how long a failed import waits for its reader thread to stop
_IMPORT_CACHE_KB = -100_000  # 100 MB of page cache while importing (negative: KiB, SQLite's unit)
_INCIDENT_COLUMNS = (
    "id", *INCIDENT_FIELDS, "confidence", "created_at", "updated_at", "pinned",
    "source_count", "claim_source_count", "first_published",  # what the m004 and m010 triggers keep
)  # fmt: skip
_SOURCE_COLUMNS = (
    "incident_id", "article_id", *INCIDENT_FIELDS, "confidence", "evidence", "sentence", "span_start", "span_end",
)  # fmt: skip


# Columns that are NOT NULL with a default: a record that leaves them out (or null) gets the default.
_DEFAULTS = {"kind": "'incident'", "victim_bloc": "'unknown'", "perpetrator_bloc": "'unknown'",
             "date_precision": "'unknown'", "claimed_by_perpetrator": "0"}  # fmt: skip


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
    from ledger.extract.chunks import analyse_large  # a large file goes piece by piece
    from ledger.ingest import read_input

    text = read_input(path).text
    return list(extraction_records(path, text, analyse_large(text, published)))


# -------------------------------------------------------------------------------------- export


def iter_export_incidents(db: Database, incident_id: int | None = None) -> Iterator[dict]:
    """Every incident (or the one with `incident_id`) in id order with its `sources`, as
    store.export_incidents gives them, but one at a time from one ordered query, so that exporting
    a million incidents holds one in memory."""
    source_columns = [f"s.{c} AS _s_{c}" for c in _SOURCE_COLUMNS]
    article_columns = [f"a.{c} AS _s_{c}" for c in ("file", "path", "title", "published")]
    sql = f"""SELECT i.*, s.id AS _source_id, {', '.join(source_columns + article_columns)}
              FROM incidents i
              LEFT JOIN incident_sources s ON s.incident_id = i.id
              LEFT JOIN articles a ON a.id = s.article_id
              {'' if incident_id is None else 'WHERE i.id = ?'}
              ORDER BY i.id, s.id"""
    cursor = db.conn.execute(sql, [] if incident_id is None else [incident_id])
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


def write_export(db: Database, out: IO[str], indent: bool) -> None:
    """`ledger export -f json` (`indent`) or `-f jsonl`: the same bytes as write_json_array or
    write_jsonl of views.export_record of iter_export_incidents, streamed, but each incident's text
    but its evidence written by SQLite (a single query in id order), so that Python only joins it
    with each source's evidence. An incident whose text SQLite cannot spell exactly as Python's
    json (a float that needs 16 or 17 digits) is written by Python."""
    from ledger import views

    layout = _JSON_LAYOUT if indent else _JSONL_LAYOUT
    head, source = _export_sql(db, layout)
    cursor = db.conn.execute(
        f"""SELECT i.id, {head}, s.id, {source}, s.evidence FROM incidents i
            LEFT JOIN incident_sources s ON s.incident_id = i.id
            LEFT JOIN articles a ON a.id = s.article_id
            ORDER BY i.id, s.id"""
    )
    loads, dumps = _evidence_loads(), (_indented_evidence if indent else _evidence_text)
    between, after, empty = layout["between"], layout["after"], layout["empty"]
    opening, separator, closing = layout["open"], layout["separator"], layout["close"]
    count, current, parts, exact = 0, None, [], True
    write = out.write

    def flush() -> None:
        nonlocal count
        if exact:
            text = parts[0] + between.join(parts[1:]) + (after if len(parts) > 1 else empty)
        else:
            record = views.export_record(next(iter_export_incidents(db, current)))
            text = _python_text(record, indent)
        write((separator if count else opening) + text)
        count += 1

    for incident_id, head_text, source_id, source_text, evidence in cursor:
        if incident_id != current:
            if current is not None:
                flush()
            current, parts, exact = incident_id, [head_text], head_text is not None
        if source_id is not None and exact:
            if source_text is None:
                exact = False
            else:
                parts.append(source_text + dumps(loads(evidence or "[]")) + layout["source_end"])
    if current is not None:
        flush()
    write(closing if count else layout["nothing"])


def _python_text(record: dict, indent: bool) -> str:
    if indent:
        return json.dumps(record, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
    return json.dumps(record, ensure_ascii=False, default=str)


def _evidence_loads():
    """json.loads for a source's stored evidence, through the decoder's scanner directly (json.loads
    finds the start and checks the end with regexes first); any text the scanner does not read
    whole goes to json.loads, which gives the same value or the same error."""
    scan = json.JSONDecoder().scan_once

    def loads(text: str):
        try:
            value, end = scan(text, 0)
        except StopIteration:
            return json.loads(text)
        return value if end == len(text) else json.loads(text)

    return loads


def _no_default(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


try:  # json.dumps(value, ensure_ascii=False) builds its C encoder on every call: build it once
    from json.encoder import c_make_encoder, encode_basestring

    _ENCODE = c_make_encoder(None, _no_default, encode_basestring, None, ": ", ", ", False, False, True)
except (ImportError, TypeError):  # a Python without the C encoder
    _ENCODE = None


def _evidence_text(evidence) -> str:
    """json.dumps(evidence, ensure_ascii=False), the same text."""
    if _ENCODE is None:
        return json.dumps(evidence, ensure_ascii=False)
    return "".join(_ENCODE(evidence, 0))


def _indented_evidence(evidence) -> str:
    """json.dumps(evidence, indent=2, ensure_ascii=False) indented to a source's member in
    `export -f json`. Python writes indented JSON in Python code, not C: a list of objects of
    plain values (what evidence is) is spelled here with the C encoder's values instead."""
    if _ENCODE is None or type(evidence) is not list:
        return _python_indented_evidence(evidence)
    if not evidence:
        return "[]"
    items = []
    for item in evidence:
        if type(item) is not dict:
            return _python_indented_evidence(evidence)
        members = []
        for key, value in item.items():
            if type(value) in (list, dict):
                return _python_indented_evidence(evidence)
            members.append(encode_basestring(key) + ": " + "".join(_ENCODE(value, 0)))
        items.append("{\n            " + ",\n            ".join(members) + "\n          }" if members else "{}")
    return "[\n          " + ",\n          ".join(items) + "\n        ]"


def _python_indented_evidence(evidence) -> str:
    return json.dumps(evidence, indent=2, ensure_ascii=False).replace("\n", "\n        ")


# How each export format spells a record: what comes before each member of an incident and of a
# source, and what joins and closes them (write_jsonl's and write_json_array's text exactly).
_JSONL_LAYOUT = {
    "member": ", ", "first": "{", "source_member": ", ", "source_first": "{", "source_end": "}",
    "between": ", ", "after": "]}", "empty": "]}", "open": "", "separator": "\n", "close": "\n", "nothing": "",
}  # fmt: skip
_JSON_LAYOUT = {
    "member": ",\n    ", "first": "{\n    ", "source_member": ",\n        ", "source_first": "\n      {\n        ",
    "source_end": "\n      }", "between": ",", "after": "\n    ]\n  }", "empty": "]\n  }",
    "open": "[\n  ", "separator": ",\n  ", "close": "\n]\n", "nothing": "[]\n",
}  # fmt: skip


def _export_sql(db: Database, layout: dict) -> tuple[str, str]:
    """SQL expressions for an incident's text up to its sources' list, and for a source's text up
    to its evidence; NULL when a value cannot be spelled in SQL as Python's json would."""
    from ledger.views import SOURCE_EXPORT_FIELDS

    # A TEXT column holds text or null (SQLite stores a number given to it as text): no float there.
    text = {
        f"{alias}.{name}"
        for alias, table in (("i", "incidents"), ("s", "incident_sources"), ("a", "articles"))
        for _, name, declared, *_ in db.execute(f"PRAGMA table_info({table})")
        if declared.upper() == "TEXT"
    }

    def value(column: str, name: str) -> str:
        if name == "claimed_by_perpetrator":
            return f"CASE WHEN {column} THEN 'true' ELSE 'false' END"
        if column in text:
            return f"json_quote({column})"
        # A float is spelled with 15 significant digits when that gives it back exactly (then it
        # is also Python's shortest spelling) and it needs no exponent; else NULL, and Python writes it.
        # An integer or null is spelled by SQLite's own text of it (one function call fewer).
        return f"""CASE typeof({column}) WHEN 'integer' THEN {column} WHEN 'null' THEN 'null'
                   WHEN 'real' THEN CASE WHEN abs({column}) >= 1e-4 AND abs({column}) < 1e15
                   AND CAST(printf('%!.15g', {column}) AS REAL) = {column} THEN printf('%!.15g', {column}) END
                   ELSE json_quote({column}) END"""

    def spelled(members: list[tuple[str | None, str]], first: str, between: str) -> str:
        pieces = []
        for index, (column, name) in enumerate(members):
            pieces.append("'" + (first if index == 0 else between) + json.dumps(name) + ": '")  # no quote in it
            if column:
                pieces.append(value(column, name))
        return " || ".join(pieces)

    incident = [(f"i.{c}", c) for c in ("id", *INCIDENT_FIELDS, "confidence")] + [(None, "sources")]
    source = [("a.file" if c == "file" else f"s.{c}", c) for c in SOURCE_EXPORT_FIELDS[:-1]] + [(None, "evidence")]
    head = spelled(incident, layout["first"], layout["member"]) + " || '['"
    return head, spelled(source, layout["source_first"], layout["source_member"])


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
    for number, text in read_texts(stream, name):
        yield _loads(text, name, number)


def read_texts(stream: IO[str], name: str) -> Iterator[tuple[int, str]]:
    """(line number, JSON text) of each record of JSON lines, or (item number, JSON text) of each
    item of a JSON array, streamed. Lines are not parsed here (the import parses them in SQLite);
    array items are, to find where each ends, and must be objects."""
    head = stream.read(_READ_CHUNK)
    stripped = head.lstrip()
    if stripped.startswith("["):
        yield from _json_array_texts(stream, stripped[1:], name)
        return
    pending = head
    line_no = 0
    while True:
        *lines, pending = pending.split("\n")
        for line in lines:
            line_no += 1
            if line and not line.isspace():
                yield line_no, line
        more = stream.read(_READ_CHUNK)
        if not more:
            break
        pending += more
    if pending and not pending.isspace():
        yield line_no + 1, pending


def _loads(line: str, name: str, line_no: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(name, f"line {line_no}: not JSON ({e.msg})") from None
    if not isinstance(record, dict):
        raise InputError(name, f"line {line_no}: expected an incident object")
    return record


def _json_array_texts(stream: IO[str], buffer: str, name: str) -> Iterator[tuple[int, str]]:
    decoder = json.JSONDecoder()
    pos, done, number = 0, False, 0
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
        number += 1
        yield number, buffer[pos:end]
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
    return import_texts(db, ((name, n, json.dumps(r, default=str)) for n, r in enumerate(records, 1)))


def import_texts(db: Database, texts: Iterable[tuple[str, int, str]]) -> ImportTally:
    """Load records given as JSON texts, each with the file it came from and its line (or item)
    number there for error messages, in one transaction (the policy is in this module's docstring).

    Python only reads the texts and hands them to SQLite in batches; SQLite parses them and fills
    articles, incidents and incident_sources with INSERT ... SELECT over its JSON functions. Into
    an empty ledger, the indexes of `incidents` and the triggers of incidents and incident_sources
    are dropped for the load and put back at its end, the values those triggers keep recomputed
    once (store.rebuild_derived); all inside the transaction, so a failed import leaves the ledger,
    its indexes and its triggers as they were."""
    tally = ImportTally()
    db.execute(f"PRAGMA cache_size = {_IMPORT_CACHE_KB}")  # the index b-trees stay in memory
    with store.write_transaction(db):
        loader = _Loader(db, tally)
        restore: list[str] = []
        try:
            if loader.keep_ids:
                # Into an empty ledger, indexes are built once at the end from sorted keys rather than
                # kept up row by row, and the triggers' work is done once for all rows.
                restore = _drop(db, "index", ("incidents",)) + _drop(db, "trigger", ("incidents", "incident_sources"))
            for batch in _batches_read_ahead(texts):
                loader.load(batch)
            if loader.keep_ids:
                store.rebuild_derived(db, sources_counted=True)  # each incident was inserted with its counts
            for sql in restore:
                db.execute(sql)
        finally:
            loader.close()
    return tally


def _batches_read_ahead(texts: Iterable[tuple[str, int, str]]) -> Iterator[list[tuple[str, int, str]]]:
    """`texts` in lists of _BATCH, read by another thread while SQLite loads the batch before
    (SQLite lets go of Python's lock while it works, so reading and splitting the file runs on
    the other core). An error met while reading is raised here at the point it was met. When
    the load stops early, the reader stops at its next record; one waiting for input that does
    not come (a terminal as stdin) is left behind rather than waited for."""
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read() -> None:
        batch: list[tuple[str, int, str]] = []
        try:
            for item in texts:
                if stop.is_set():
                    return
                batch.append(item)
                if len(batch) >= _BATCH:
                    ready.put((batch, None))
                    batch = []
            ready.put((batch, None))
        except BaseException as e:  # noqa: BLE001 - handed to the loading thread, which raises it
            ready.put(([], e))
        ready.put((None, None))

    reader = threading.Thread(target=read, name="ledger-import-reader", daemon=True)
    reader.start()
    try:
        while True:
            batch, error = ready.get()
            if error is not None:
                raise error  # before loading what was read of its batch, as a plain loop would
            if batch is None:
                return
            if batch:
                yield batch
    finally:
        stop.set()
        deadline = time.monotonic() + _READER_GRACE_S
        while reader.is_alive() and time.monotonic() < deadline:
            try:
                ready.get(timeout=0.05)  # a reader blocked on the full queue goes on to see the stop
            except queue.Empty:
                pass


def _drop(db: Database, kind: str, tables: tuple[str, ...]) -> list[str]:
    """Drop every index (or trigger) of `tables` that has SQL (not the automatic ones); returns the
    SQL that recreates them. Only the indexes of `incidents`: the foreign key checks look sources
    up by incident and article."""
    rows = db.execute(
        f"""SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL
            AND tbl_name IN ({', '.join('?' for _ in tables)}) ORDER BY name""",
        [kind, *tables],
    ).fetchall()
    for name, _ in rows:
        db.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, sql in rows]


# Where each record's figures come from, as SQL over the temp tables of _Loader: `l.line` is the
# record's JSON text, `s.source` one of its sources (the JSON text of that object).
def _record_value(field: str) -> str:
    value = f"l.line ->> '$.{field}'"
    return f"coalesce({value}, {_DEFAULTS[field]})" if field in _DEFAULTS else value


def _source_value(field: str) -> str:
    # An export source need only carry its figures and the fields where it differs from its
    # incident: a field it lacks (not one it gives as null) is the incident's.
    value = (
        f"coalesce(s.source ->> '$.{field}', "
        f"CASE WHEN json_type(s.source, '$.{field}') IS NULL THEN l.line ->> '$.{field}' END)"
    )
    return f"coalesce({value}, {_DEFAULTS[field]})" if field in _DEFAULTS else value


_FALSY_JSON = "('null', 'false', '0', '\"\"', '[]', '{}')"
# The piece of evidence a source's sentence and span come from: the first of the killed figure,
# else of the wounded one, else the first piece (when it is an object), as a JSON path.
_MAIN_EVIDENCE = """CASE WHEN s.value ->> '$.evidence[0].field' = 'killed' THEN '$.evidence[0]'
    WHEN json_type(s.value, '$.evidence') = 'array' THEN (
        SELECT '$.evidence[' || e.key || ']' FROM json_each(s.value, '$.evidence') e
        WHERE e.type = 'object' AND (e.value ->> '$.field' IN ('killed', 'wounded') OR e.key = 0)
        ORDER BY CASE e.value ->> '$.field' WHEN 'killed' THEN 0 WHEN 'wounded' THEN 1 ELSE 2 END, e.key
        LIMIT 1) END"""
_TEMP_TABLES = {
    "_import_lines": "n INTEGER PRIMARY KEY, line TEXT NOT NULL",
    # `claimed` typed as incident_sources.claimed_by_perpetrator is, to count what it will hold
    "_import_sources": "n INTEGER NOT NULL, k, type TEXT, source TEXT, key TEXT, main TEXT, claimed INTEGER",
    "_import_keep": "n INTEGER PRIMARY KEY, sources INTEGER NOT NULL, claims INTEGER NOT NULL, first_published TEXT",
}
_SQL = {
    # Every source of every record, with the key of its article (sha256, else file name) and the
    # path of its main evidence. Also parses every line: a malformed one fails the statement.
    "sources": f"""INSERT INTO _import_sources (n, k, type, source, key, main, claimed)
        SELECT l.n, s.key, s.type, s.value,
               CASE WHEN s.type = 'object' THEN coalesce(nullif(CAST(s.value ->> '$.sha256' AS TEXT), ''),
                                                         'file:' || nullif(s.value ->> '$.file', '')) END,
               CASE WHEN s.type = 'object' THEN {_MAIN_EVIDENCE} END,
               CASE WHEN s.type = 'object' THEN {_source_value('claimed_by_perpetrator').replace('s.source', 's.value')} END
        FROM _import_lines l, json_each(l.line, '$.sources') s
        WHERE s.key IS NOT NULL OR coalesce(s.atom NOT IN ('', 0), 0)""",
    "not_object": """SELECT n FROM _import_lines WHERE substr(line, 1, 1) <> '{'  -- first: ltrim copies the line
        AND substr(ltrim(line, ' ' || char(9, 10, 13)), 1, 1) <> '{' ORDER BY n LIMIT 1""",
    "bad_source": """SELECT n, CASE WHEN typeof(k) <> 'integer' THEN 'its sources are not a list'
                                WHEN type <> 'object' THEN 'a source is not an object'
                                ELSE 'a source names neither its file nor the sha256 of its text' END
        FROM _import_sources WHERE key IS NULL ORDER BY n LIMIT 1""",
    # New articles, each from the first source that names it; an article already in the ledger
    # (before the import, or from an earlier batch) is not inserted again.
    "articles": """INSERT INTO articles (sha256, file, path, title, published, published_from, ingested_at, text)
        SELECT s.key, coalesce(nullif(s.source ->> '$.file', ''), '<import>'),
               coalesce(nullif(s.source ->> '$.path', ''), nullif(s.source ->> '$.file', ''), '<import>'),
               s.source ->> '$.title', s.source ->> '$.published',
               coalesce(nullif(s.source ->> '$.published_from', ''), 'import'), :now, ''
        FROM _import_sources s
        WHERE s.rowid IN (SELECT min(rowid) FROM _import_sources
                          WHERE key NOT IN (SELECT sha256 FROM articles) GROUP BY key)
        ORDER BY s.rowid""",
    # Records loaded: those with a source from an article new to the ledger, with what the m004
    # and m010 triggers would keep of those sources (how many, how many claims, the first date of
    # their articles), and, into an empty ledger, those without any source.
    "keep": """INSERT INTO _import_keep (n, sources, claims, first_published)
        SELECT s.n, count(*), count(CASE WHEN s.claimed THEN 1 END), min(a.published)
        FROM _import_sources s JOIN articles a ON a.sha256 = s.key WHERE a.id > :known GROUP BY s.n""",
    "keep_sourceless": """INSERT OR IGNORE INTO _import_keep (n, sources, claims)
        SELECT n, 0, 0 FROM _import_lines WHERE n NOT IN (SELECT n FROM _import_sources)""",
    # In record order (the rowid order of both tables: no sorting, so _import_id sees them in turn).
    "incidents": f"""INSERT INTO incidents ({', '.join(_INCIDENT_COLUMNS)})
        SELECT _import_id(l.n, l.line ->> '$.id'), {', '.join(_record_value(f) for f in INCIDENT_FIELDS)},
               l.line ->> '$.confidence', :now, :now,
               CASE WHEN l.line ->> '$.pinned' IS NULL THEN '[]' ELSE _import_pinned(l.line -> '$.pinned') END,
               k.sources, k.claims, k.first_published
        FROM _import_keep k JOIN _import_lines l ON l.n = k.n ORDER BY k.n""",
    "incident_sources": f"""INSERT INTO incident_sources ({', '.join(_SOURCE_COLUMNS)})
        SELECT _import_incident(s.n), a.id, {', '.join(_source_value(f) for f in INCIDENT_FIELDS)},
               coalesce(s.source ->> '$.confidence',
                        CASE WHEN json_type(s.source, '$.confidence') IS NULL THEN l.line ->> '$.confidence' END),
               CASE WHEN json_array_length(s.source, '$.evidence') > 0 THEN s.source -> '$.evidence'
                    WHEN coalesce(s.source -> '$.evidence', 'null') IN {_FALSY_JSON} THEN '[]'
                    ELSE s.source -> '$.evidence' END,
               coalesce(s.source ->> '$.sentence', CASE WHEN json_type(s.source, '$.sentence') IS NULL
                                                        THEN s.source ->> (s.main || '.sentence') END),
               s.source ->> (s.main || '.start'), s.source ->> (s.main || '.end')
        FROM _import_sources s JOIN articles a ON a.sha256 = s.key JOIN _import_lines l ON l.n = s.n
        WHERE a.id > :known ORDER BY s.rowid""",
}


class _Loader:
    """Loads batches of record texts through temp tables: SQLite parses the JSON and inserts
    articles, incidents and sources with one statement each; Python assigns incident ids."""

    def __init__(self, db: Database, tally: ImportTally):
        self.conn, self.tally = db.conn, tally
        self.keep_ids = self.conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
        self.last_id = self.conn.execute("SELECT coalesce(max(id), 0) FROM incidents").fetchone()[0]
        # Articles with an id up to this one were in the ledger before the import: their sources are skipped.
        known = self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        self.params = {"now": datetime.now(UTC).isoformat(timespec="seconds"), "known": known}
        self.ids: dict[int, int] = {}  # record number in the import -> its incident id
        self.count = 0
        self.conn.execute("PRAGMA temp_store = MEMORY")  # one batch at a time: bounded by _BATCH
        for table, columns in _TEMP_TABLES.items():
            self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({columns})")
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.create_function("_import_id", 2, self._incident_id)
        self.conn.create_function("_import_incident", 1, self.ids.__getitem__, deterministic=True)
        self.conn.create_function("_import_pinned", 1, _pinned, deterministic=True)

    def close(self) -> None:
        for table in _TEMP_TABLES:
            self.conn.execute(f"DROP TABLE IF EXISTS temp.{table}")

    def load(self, batch: list[tuple[str, int, str]]) -> None:
        if not batch:
            return
        first = self.count + 1
        self.count += len(batch)
        run = self.conn.execute
        self.conn.executemany(
            "INSERT INTO _import_lines (n, line) VALUES (?, ?)", zip(range(first, self.count + 1), (t for _, _, t in batch))
        )
        try:
            run(_SQL["sources"])
        except sqlite3.OperationalError as e:
            if "JSON" not in str(e):
                raise
            self._python_error(batch)
            [n] = run("SELECT n FROM _import_lines WHERE NOT json_valid(line) ORDER BY n LIMIT 1").fetchone()
            name, number, _ = batch[n - first]
            raise InputError(name, f"line {number}: not JSON that SQLite reads ({e})") from None
        for n, in run(_SQL["not_object"]):
            name, number, _ = batch[n - first]
            raise InputError(name, f"line {number}: expected an incident object")
        for n, message in run(_SQL["bad_source"]):
            name, number, _ = batch[n - first]
            raise InputError(name, f"line {number}: {message}")
        self.tally.articles += run(_SQL["articles"], self.params).rowcount
        run(_SQL["keep"], self.params)
        if self.keep_ids:
            run(_SQL["keep_sourceless"])
        self.ids.clear()
        loaded = run(_SQL["incidents"], self.params).rowcount
        self.tally.incidents += loaded
        self.tally.skipped += len(batch) - loaded
        self.tally.sources += run(_SQL["incident_sources"], self.params).rowcount
        for table in _TEMP_TABLES:
            run(f"DELETE FROM {table}")

    def _python_error(self, batch: list[tuple[str, int, str]]) -> None:
        """Raise the error Python's json finds in the first bad text of `batch` (SQLite only says
        that some text was malformed)."""
        for name, number, text in batch:
            _loads(text, name, number)

    def _incident_id(self, n: int, wanted) -> int:
        if self.keep_ids and type(wanted) is int and wanted > self.last_id:
            self.last_id = wanted
        else:
            self.last_id += 1
        self.ids[n] = self.last_id
        return self.last_id


def _pinned(value: str) -> str:
    pinned = json.loads(value)
    return json.dumps(pinned) if pinned else "[]"
