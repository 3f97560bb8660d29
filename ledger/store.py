"""The ledger database: opening and migrating it, and every SQL statement the tool runs.

Callers get plain dicts (rows) back. Every value goes in as a parameter, never into the SQL text;
the only SQL built at run time is a list of `?` placeholders and fixed column names.
Each article is ingested in one `BEGIN IMMEDIATE` transaction: taking the write lock up front lets
concurrent writers wait on busy_timeout instead of failing on a lock upgrade, and an interrupted
ingest leaves nothing half-written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import signal
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ledger import migrations, reconcile
from ledger.connection import LedgerDB
from ledger.errors import NotFoundError, StoreError
from ledger.models import INCIDENT_FIELDS, Evidence, Incident

if TYPE_CHECKING:
    from sqlite_utils import Database

# A writer waits this long for the lock (SQLite retries inside), then the whole transaction is
# retried LOCK_RETRIES times in all: many concurrent `ledger ingest` runs queue up, none fails.
BUSY_TIMEOUT_MS = 5000
LOCK_RETRIES = 5


def open_ledger(path: str | Path, create: bool = True) -> LedgerDB:
    """Open (creating it if `create`) and migrate the ledger at `path`; refuse a newer schema.
    The connection is a sqlite-utils Database to every caller, importing sqlite-utils only when a
    caller needs more than execute/query (ledger/connection.py)."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"{path}: no ledger here yet (run `ledger ingest` first, or pass --db)")
    db = LedgerDB(path)
    try:
        _prepare(db, path)
    except sqlite3.DatabaseError as e:
        db.close()
        raise StoreError(f"{path}: cannot open the ledger ({e})") from None
    except BaseException:
        db.close()
        raise
    return db


def retry_when_locked(fn):
    """Call `fn` again, after a growing pause, when SQLite still finds the ledger locked once
    busy_timeout has run out (other writers held it long). `fn` must be one transaction that was
    rolled back when it failed, so that running it again cannot write anything twice."""

    @functools.wraps(fn)
    def retrying(*args, **kwargs):
        for attempt in range(LOCK_RETRIES - 1):
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as e:
                if not _is_lock_error(e):
                    raise
            time.sleep(0.05 * 2**attempt * (1 + random.random()))  # jitter: waiters do not collide
        return fn(*args, **kwargs)

    return retrying


def _is_lock_error(e: sqlite3.OperationalError) -> bool:
    return "locked" in str(e) or "busy" in str(e)


@retry_when_locked
def _prepare(db: Database, path: Path) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Versions first: a ledger from a newer `ledger` is refused before anything writes to it
    # (switching its journal mode would already change its header).
    newer = migrations.unknown_applied(db)
    if newer:
        raise StoreError(
            f"{path}: written by a newer version of ledger (unknown migrations: "
            f"{', '.join(newer)}); upgrade ledger to use it"
        )
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = wal")  # readers never block the writer, nor it them
    db.execute("PRAGMA foreign_keys = ON")
    if migrations.pending_names(db):
        with write_transaction(db):  # re-checked under the lock: two first opens race
            migrations.apply_pending(db)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction holding the write lock from its start; rolled back on any exception.
    Inside a transaction already open (a batch's group of articles, CommitGroup), a savepoint:
    an exception undoes what it wrote and leaves the rest of the group."""
    if db.conn.in_transaction:
        with _savepoint(db):
            yield db
        return
    try:  # BEGIN inside too: Ctrl-C right after it must roll back as well
        db.conn.execute("BEGIN IMMEDIATE")
        yield db
        db.conn.execute("COMMIT")  # inside the try: a failed COMMIT is rolled back too
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


@contextmanager
def _savepoint(db: Database) -> Iterator[Database]:
    db.conn.execute("SAVEPOINT write_transaction")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:  # a full disk or an I/O error may have ended the whole transaction
            db.conn.execute("ROLLBACK TO write_transaction")
            db.conn.execute("RELEASE write_transaction")
        raise
    db.conn.execute("RELEASE write_transaction")


class CommitGroup:
    """The articles of an ingest batch committed together, a group every COMMIT_GROUP_SECONDS, each
    in its own savepoint (write_transaction): an article is still stored whole or not at all, and
    a commit writes the pages its articles share (indexes, summaries) once rather than once each,
    which cost more than storing an article. The caller reports an article only once its group is
    committed (`commit` says so), so a killed batch has reported nothing it did not keep."""

    def __init__(self, db: Database, seconds: float | None = None):
        self.db, self.seconds = db, COMMIT_GROUP_SECONDS if seconds is None else seconds
        self.started: float | None = None

    def open(self) -> None:
        """Start a group unless one is open (waiting for the write lock as write_transaction does)."""
        if self.started is None:
            _begin_immediate(self.db)
            self.started = time.monotonic()

    def due(self) -> bool:
        return self.started is not None and time.monotonic() - self.started >= self.seconds

    def commit(self) -> None:
        self._end("COMMIT")

    def roll_back(self) -> None:
        self._end("ROLLBACK")

    def _end(self, statement: str) -> None:
        if self.started is not None:
            self.started = None
            if self.db.conn.in_transaction:  # an error may have ended it already (a full disk)
                self.db.conn.execute(statement)


COMMIT_GROUP_SECONDS = 0.05  # what a killed batch can lose at most (unreported), and a reader waits


@retry_when_locked
def _begin_immediate(db: Database) -> None:
    db.conn.execute("BEGIN IMMEDIATE")


@contextmanager
def batch_commits(db: Database) -> Iterator[Database]:
    """Many small transactions in a row (an ingest batch: groups of articles), synced to disk once
    at the end rather than at every commit, which would cost more than storing an article.

    Inside, synchronous is NORMAL: in WAL mode a committed article still survives the process
    being killed, and a power cut can only undo the last commits, never corrupt the ledger. At
    the end, however the batch ends, the log is synced: a command that reports success has its
    work on disk."""
    db.conn.execute("PRAGMA synchronous = NORMAL")
    # A checkpoint copies the log into the ledger and syncs both: every ~30 articles at SQLite's
    # default of 1,000 pages. Fewer, larger ones sync less and copy a page the batch rewrote
    # (summaries, index pages) once; the log is folded in when the last connection closes.
    db.conn.execute(f"PRAGMA wal_autocheckpoint = {_BATCH_CHECKPOINT_PAGES}")
    try:
        yield db
    finally:
        if db.conn.in_transaction:  # an article interrupted half-way (Ctrl-C): it is not stored
            db.conn.execute("ROLLBACK")
        db.conn.execute("PRAGMA wal_autocheckpoint = 1000")
        db.conn.execute("PRAGMA synchronous = FULL")
        sync_log(db)


_BATCH_CHECKPOINT_PAGES = 8192  # 32 MB of log between checkpoints (SQLite's pages are 4 kB here)


def sync_log(db: Database) -> None:
    """Put every committed transaction on disk: under synchronous NORMAL they may still sit in
    the operating system's cache of the write-ahead log."""
    file = db.conn.execute("PRAGMA database_list").fetchone()[2]
    wal = Path(f"{file}-wal") if file else None
    if wal is not None and wal.exists():
        with open(wal, "rb") as f:
            os.fsync(f.fileno())


def text_sha256(text: str) -> str:
    # Encoded a slice at a time (the same digest): a 50 MB article is not copied whole to be hashed.
    digest = hashlib.sha256()
    for start in range(0, len(text), _HASH_SLICE):
        digest.update(text[start : start + _HASH_SLICE].encode("utf-8"))
    return digest.hexdigest()


_HASH_SLICE = 1 << 20


# ---------------------------------------------------------------------------------------- ingest


@dataclass
class IngestResult:
    """What one article did to the ledger. `placed` pairs each extracted incident, in order, with
    the ledger incident it became or joined and whether that incident is "new" or "merged"."""

    file: str
    article_id: int
    status: str  # "new", "already" (same text already in the ledger: nothing changed), "replaced"
    placed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(1 for _, how in self.placed if how == "new")

    @property
    def merged(self) -> int:
        return sum(1 for _, how in self.placed if how == "merged")


@retry_when_locked
def ingest_article(
    db: Database, path: str, text: str, extraction, force: bool = False, url: str | None = None
) -> IngestResult:
    """Store one article and its extracted incidents, reconciled against the ledger.

    The same text again changes nothing (status "already"); with `force` its sources are replaced
    by those of `extraction`, reusing the incidents they match.
    """
    file = Path(path).name if path != "-" else "<stdin>"
    with write_transaction(db):
        sha = text_sha256(text)
        existing = _article_by_sha(db, sha)
        if existing and not force:
            return IngestResult(file, existing["id"], "already")
        article = _article_row(path, file, text, extraction, sha)
        if url:  # only when given: `ingest --force` without --url keeps the address it had
            article["url"] = url
        if existing:
            article_id = existing["id"]
            _update(db, "articles", article_id, article)
        else:
            article_id = _insert(db, "articles", article)
        placed = replace_sources(db, article_id, extraction.incidents)
    return IngestResult(file, article_id, "replaced" if existing else "new", placed)


def replace_sources(db: Database, article_id: int, incidents: Iterable[Incident]) -> list[tuple[int, str]]:
    """Make `incidents` the article's sources, inside the caller's write transaction (ingest,
    ingest --force, reextract). Returns (incident id, "new" or "merged") for each, in order.

    A re-extracted incident first goes back to the ledger incident that this article's old source
    of the same event belonged to (same fields, or compatible with what the article said before),
    so that an analyst's edit, merge or split holds; the rest are matched as on a first ingest.
    Incidents the article no longer reports are recomputed from their other sources, or deleted
    when none is left and nothing on them is pinned.

    `incidents` may be a stream (a large text extracted piece by piece, ledger/extract/chunks.py):
    it is then placed _STREAM_BATCH at a time, each incident's rivals being the rest of its batch."""
    old_sources = _dicts(db, "SELECT * FROM incident_sources WHERE article_id = ? ORDER BY id", [article_id])
    previous = _drop_sources_of(db, article_id)
    placed: list[tuple[int, str]] = []
    taken: set[int] = set()  # kept as it grows: rebuilt for every incident, 60,000 of them took minutes
    for batch in _batches(incidents):
        for index, incident in enumerate(batch):
            home = _previous_home(incident, old_sources, taken)
            rivals = islice(batch, index + 1, None)  # walked only when the incident has candidates
            placed.append(_place_incident(db, incident, article_id, home, rivals=rivals, taken=taken))
            taken.add(placed[-1][0])
    _tidy_after_force(db, previous - taken)
    return placed


_STREAM_BATCH = 1000


def _batches(incidents: Iterable[Incident]) -> Iterator[list[Incident]]:
    if isinstance(incidents, list):
        yield incidents
        return
    stream = iter(incidents)
    while batch := list(islice(stream, _STREAM_BATCH)):
        yield batch


def _previous_home(incident: Incident, old_sources: list[dict], taken: set[int]) -> int | None:
    if not old_sources:  # a first ingest: nothing to go back to
        return None
    fields = _field_values(incident)
    free = [old for old in old_sources if old["incident_id"] not in taken]
    # An unchanged source first: two events of one article can both be compatible with it.
    for old in free:
        if all(fields[f] == old[f] for f in INCIDENT_FIELDS):
            return old["incident_id"]
    return next((old["incident_id"] for old in free if reconcile.is_compatible(fields, old)), None)


def _place_incident(
    db: Database,
    incident: Incident,
    article_id: int,
    home: int | None = None,
    rivals: Iterable = (),
    taken: set[int] | None = None,
) -> tuple[int, str]:
    """Store one incident of the article; `taken`: the incidents the article already reports."""
    match = home if home is not None else reconcile.find_match(db, incident, article_id, rivals, taken)
    source = _source_row(incident, match, article_id)
    if match is None:  # a new incident: its fields are those reconciled from its one source
        counts = {  # what the m010 triggers would count: given now, they have nothing to redo
            "source_count": 1,
            "claim_source_count": source["claimed_by_perpetrator"],
            "first_published": article_published(db, article_id),
        }
        source["incident_id"] = _insert(db, "incidents", {**_reconciled_row([source]), **counts, "created_at": _now()})
        _insert(db, "incident_sources", source)
        return source["incident_id"], "new"
    _insert(db, "incident_sources", source)
    refresh_incident(db, match)
    return match, "merged"


def refresh_incident(db: Database, incident_id: int) -> None:
    """Recompute an incident's reconciled fields from all its sources, keeping pinned fields."""
    sources = _source_field_rows(db, incident_id)
    if not sources:
        return
    [current] = _dicts(db, "SELECT * FROM incidents WHERE id = ?", [incident_id])
    row = _reconciled_row(sources, json.loads(current["pinned"] or "[]"))
    # Only what changed (and when): SQLite rewrites the entries of every index, and runs the report
    # summaries' triggers, for each column an UPDATE sets, changed or not; a new report of a known
    # event mostly changes nothing but its time.
    _update(db, "incidents", incident_id, {k: v for k, v in row.items() if k == "updated_at" or current[k] != v})


def _reconciled_row(sources: list[dict], pinned: list[str] = ()) -> dict:
    """The incident columns that its `sources` decide (all but `pinned`), and when they did."""
    fields = reconcile.reconciled_fields(sources, pinned)
    if "claimed_by_perpetrator" in fields:
        fields["claimed_by_perpetrator"] = int(fields["claimed_by_perpetrator"])
    confidence = max((s["confidence"] or 0.0) for s in sources)
    return {**fields, "confidence": confidence, "updated_at": _now()}


def _drop_sources_of(db: Database, article_id: int) -> set[int]:
    rows = db.execute(
        "SELECT DISTINCT incident_id FROM incident_sources WHERE article_id = ?", [article_id]
    ).fetchall()
    db.execute("DELETE FROM incident_sources WHERE article_id = ?", [article_id])
    return {row[0] for row in rows}


def _tidy_after_force(db: Database, incident_ids: set[int]) -> None:
    """Incidents a re-extracted article no longer reports: recompute them from their other
    sources, or delete them when none is left (unless an analyst pinned fields on them)."""
    for incident_id in sorted(incident_ids):
        if _source_field_rows(db, incident_id):
            refresh_incident(db, incident_id)
        elif not _pinned(db, incident_id):
            db.execute("DELETE FROM incidents WHERE id = ?", [incident_id])


def label_article(db: Database, article_id: int, labels: dict) -> None:
    """Set an article's title and url (`labels` holds those given), inside the caller's transaction."""
    _update(db, "articles", article_id, {k: labels[k] for k in ("title", "url") if k in labels})


def article_with_text(db: Database, text: str) -> dict | None:
    """The stored article (id, file) whose text is `text`, if any."""
    return _article_by_sha(db, text_sha256(text))


def _article_by_sha(db: Database, sha: str) -> dict | None:
    rows = _dicts(db, "SELECT id, file FROM articles WHERE sha256 = ?", [sha])
    return rows[0] if rows else None


def _article_row(path: str, file: str, text: str, extraction, sha: str) -> dict:
    published = extraction.published
    return {
        "sha256": sha,
        "file": file,
        "path": path,
        "title": extraction.title,
        "published": published.isoformat() if published else None,
        "published_from": extraction.published_from,
        "ingested_at": _now(),
        "text": text,
    }


def _source_row(incident: Incident, incident_id: int, article_id: int) -> dict:
    main = _main_evidence(incident.evidence)
    return {
        "incident_id": incident_id,
        "article_id": article_id,
        **_field_values(incident),
        "confidence": incident.confidence,
        "evidence": json.dumps([_plain(e.as_dict()) for e in incident.evidence], ensure_ascii=False),
        "sentence": main.sentence if main else None,
        "span_start": main.start if main else None,
        "span_end": main.end if main else None,
    }


def _main_evidence(evidence: list[Evidence]) -> Evidence | None:
    """The evidence of the figure (killed, then wounded) or else the first piece of evidence."""
    for wanted in ("killed", "wounded"):
        for e in evidence:
            if e.field == wanted:
                return e
    return evidence[0] if evidence else None


def _field_values(incident: Incident) -> dict:
    values = {name: _plain(value) for name, value in incident.fields().items()}
    values["claimed_by_perpetrator"] = int(bool(values["claimed_by_perpetrator"]))
    return values


def _plain(value):
    """A value SQLite and JSON store as the SCHEMA.md spells it (enum members, dates)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


# Plain statements for the ingest path. sqlite-utils' table helpers look the table up in
# sqlite_master and read its columns on every call (about 70 statements per stored article); these
# cache one statement per column set. Column names come from our own row dicts, never from input.


@functools.lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


@functools.lru_cache(maxsize=64)
def _update_sql(table: str, columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f'"{c}" = ?' for c in columns)
    return f'UPDATE "{table}" SET {assignments} WHERE id = ?'


def _insert(db: Database, table: str, row: dict) -> int:
    """Insert `row` and return its id."""
    return db.conn.execute(_insert_sql(table, tuple(row)), list(row.values())).lastrowid


def _update(db: Database, table: str, row_id: int, row: dict) -> None:
    db.conn.execute(_update_sql(table, tuple(row)), [*row.values(), row_id])


def _dicts(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _pinned(db: Database, incident_id: int) -> list[str]:
    row = db.conn.execute("SELECT pinned FROM incidents WHERE id = ?", [incident_id]).fetchone()
    return json.loads(row[0] or "[]") if row else []


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------------------------- reconcile queries


# Reconcile candidates by the length of their date range (m009): (index name, ranges longer than
# this many days, their last day at most this many days after the window, None: no bound). A range
# that overlaps the window and ends later than a tier's bound is longer than the next tier's floor.
RANGE_TIERS = (("candidates", None, 3), ("month_spans", 3, 40), ("long_spans", 40, None))


def longer_than(days: int, alias: str = "i.") -> str:
    """The condition of m009's partial index of ranges longer than `days` (a query must spell it
    exactly so for SQLite to use that index)."""
    return f"coalesce({alias}date_end, {alias}date_start) > date({alias}date_start, '+{days} days')"


def match_candidates(
    db: Database,
    victim_bloc: str,
    kind: str,
    article_id: int | None,
    window: tuple[str, str] | None = None,
    country: str | None = None,
    perpetrator_bloc: str | None = None,
    undated: tuple[str, str] | None = None,
    figures: tuple | None = None,
    figures_everywhere: bool = False,
    perpetrator: str | None = None,
    location: str | None = None,
    story_day: bool = False,
) -> list[dict]:
    """Incidents of this victim bloc and kind that `article_id` does not already report: the
    dated ones whose range overlaps `window` (ISO first and last day; all of them when None), and,
    given `undated` (ISO first and last day), the undated ones first reported in it, each with
    `published` (the earliest publication date of its articles, which bounds it). Given `country`
    or `perpetrator_bloc`, incidents that name another one are left out (reconcile.is_compatible
    would refuse them: a missing value or an unknown bloc still passes).

    Given `figures` ((low, high) of the killed and of the wounded, None for a figure not given),
    the undated candidates are only those whose figures overlap them as reconcile decides it (an
    undated pair matches on nothing else), and so are all candidates with `figures_everywhere`.

    Given `perpetrator` or `location`, the incidents that reconcile.is_compatible would refuse for
    them are left out: another group (not this one nor a branch of it), another place (not this
    one, nor inside it or around it). `story_day` (this incident is dated to the day and names its
    perpetrator) keeps those at another place that reconcile still takes for the same day's story:
    dated to the day, naming a perpetrator, with figures that overlap `figures`."""
    # One OR branch for the undated and one per range tier, each served by its own index (a
    # MULTI-INDEX OR), so that the rows read stay few however large the ledger grows and in
    # whatever date order articles come. `kind = +?`: SQLite weighs a plain `kind = ?` against the
    # partial index of period totals (kind = 'aggregate') by the bound value, and so prepares the
    # statement again at every call (it took most of the query's time); the unary plus leaves the
    # term to the other indexes.
    # An incident that names its country (ASCII, as below) reads the undated and the short ranges
    # within that country and none, from m011's indexes, which lead with it: one branch for each
    # (SQLite's planner does not weigh `IN (?, '')` on them as it should). Nearly every candidate
    # read came from other countries' entries there.
    keys = [str(country).upper(), ""] if country and str(country).isascii() else [None]
    branches: list[str] = []
    branch_params: list = []

    def branch(terms: str, params: list, key: str | None = None) -> None:
        within = "" if key is None else f"{_COUNTRY_KEY_OF_I} = ? AND "
        # A branch read by country needs no other test of it (one that names '' is left to
        # is_compatible); the others test the column, which is not in their index, so the row is
        # read: that test comes last, once the index has turned most rows away.
        other = " AND (i.country IS NULL OR i.country = ? COLLATE NOCASE)" if key is None and keys != [None] else ""
        branches.append(f"(i.victim_bloc = ? AND i.kind = +? AND {within}{terms}{other})")
        branch_params.extend([str(victim_bloc), str(kind), *([] if key is None else [key]), *params])
        branch_params.extend([str(country)] if other else [])

    # An undated incident is read by when it was first reported (m010), never all of the bloc's.
    if undated is not None:
        # Before the day after the last: a date written with its time still falls on its day.
        after = (date.fromisoformat(undated[1]) + timedelta(days=1)).isoformat()
        terms, params = "i.date_start IS NULL AND i.first_published >= ? AND i.first_published < ?", [undated[0], after]
        if figures is not None and not figures_everywhere:
            overlap, overlap_params = _figures_overlap_sql(figures)
            terms, params = f"{terms} AND {overlap}", params + overlap_params
        for key in keys:
            branch(terms, params, key)
    if not window:
        branch("i.date_start IS NOT NULL", [])
    for _, floor, bound in RANGE_TIERS if window else ():
        terms = [longer_than(floor)] if floor is not None else []
        terms.append("coalesce(i.date_end, i.date_start) >= ?")
        params = [window[0]]
        if bound is not None:
            terms.append("coalesce(i.date_end, i.date_start) <= ?")
            params.append((date.fromisoformat(window[1]) + timedelta(days=bound)).isoformat())
        terms.append("i.date_start <= ?")
        params.append(window[1])
        for key in keys if floor is None else [None]:  # the longer ranges are few: their own indexes
            branch(" AND ".join(terms), params, key)
    # Fewer rows to turn into dicts and test in Python (most candidates differ on these). NOCASE
    # equals casefold() only for ASCII, so other text is left to is_compatible. SQLite tests these
    # in each branch, in this order: those on the columns of the branch's index first, before it
    # reads the row.
    filters, filter_params = [], []
    if perpetrator_bloc and str(perpetrator_bloc) != "unknown" and str(perpetrator_bloc).isascii():
        filters.append(
            "AND (i.perpetrator_bloc IS NULL OR i.perpetrator_bloc = 'unknown'"
            " OR i.perpetrator_bloc = ? COLLATE NOCASE)"
        )
        filter_params.append(str(perpetrator_bloc))
    if figures is not None and figures_everywhere:
        overlap, overlap_params = _figures_overlap_sql(figures)
        filters.append(f"AND {overlap}")
        filter_params += overlap_params
    # In a ledger of 100,000 articles, five candidates in six were refused for these two, each
    # after costing a row read into Python and a test there. Plain equality first: no call.
    if perpetrator is not None:
        filters.append(
            "AND (i.perpetrator IS NULL OR i.perpetrator = ? OR ledger_names_compatible(?, i.perpetrator))"
        )
        filter_params += [perpetrator, perpetrator]
    if location is not None:
        story, story_params = "", []
        if story_day:
            overlap, story_params = _figures_overlap_sql(figures or (None, None))
            story = f" OR (coalesce(i.perpetrator, '') <> '' AND i.date_precision = 'day' AND {overlap})"
        filters.append(
            f"AND (i.location IS NULL OR i.location = ? OR ledger_places_compatible(?, i.location){story})"
        )
        filter_params += [location, location, *story_params]
    return _with_reconcile_functions(
        db,
        f"""SELECT i.id, {_CANDIDATE_FIELDS}, i.source_count,
                       CASE WHEN i.date_start IS NULL THEN i.first_published END AS published
                FROM incidents i
                WHERE ({' OR '.join(branches)})
                  AND i.id NOT IN (SELECT incident_id FROM incident_sources WHERE article_id = ?)
                  {' '.join(filters)}
                ORDER BY i.id""",
        [*branch_params, article_id if article_id is not None else -1, *filter_params],
    )


_COUNTRY_KEY_OF_I = migrations.COUNTRY_KEY.replace("country", "i.country")


# What reconcile compares and scores: fewer columns to read and turn into dicts than the whole row.
_CANDIDATE_FIELDS = ", ".join(f"i.{name}" for name in INCIDENT_FIELDS)


def _with_reconcile_functions(db: Database, sql: str, params: list) -> list[dict]:
    """_dicts of a query that calls reconcile's tests of a group and of a place, which each
    connection is given the first time it needs them (whoever opened it: a connection has no
    place to remember that, and registering again would make SQLite prepare every statement anew)."""
    with _ctrl_c_held():
        try:
            return _dicts(db, sql, params)
        except sqlite3.OperationalError as e:
            if "no such function: ledger_" not in str(e):
                raise
        db.conn.create_function("ledger_names_compatible", 2, reconcile.names_compatible, deterministic=True)
        db.conn.create_function("ledger_places_compatible", 2, reconcile.places_compatible, deterministic=True)
        return _dicts(db, sql, params)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while SQLite calls Python, then given as it came. Python raises
    KeyboardInterrupt wherever it is when the signal arrives; inside a function SQLite called,
    SQLite turns it into 'user-defined function raised exception', and an interrupted ingest would
    say so and exit 1, not 130. (Only the main thread runs Python's signal handlers.)"""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is None:
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if came:
            signal.raise_signal(signal.SIGINT)  # to the handler it was meant for: KeyboardInterrupt


def _figures_overlap_sql(figures: tuple) -> tuple[str, list]:
    """SQL for reconcile's figures test against a candidate `i`: the killed figures decide when
    both give one, else the wounded ones when both do; an absent bound is 0 below, none above."""
    tests, params = [], []
    for measure, interval in zip(("killed", "wounded"), figures):
        if interval is None:
            continue
        low, high = f"i.{measure}_low", f"i.{measure}_high"
        given = f"({low} IS NOT NULL OR {high} IS NOT NULL)"
        tests.append((given, f"coalesce({low}, 0) <= ? AND ? <= coalesce({high}, 9e999)"))
        params += [interval[1], interval[0]]
    if not tests:
        return "0", []
    if len(tests) == 1:  # one figure given: the candidate must give it too
        given, overlap = tests[0]
        return f"({given} AND {overlap})", params
    (killed_given, killed_overlap), (wounded_given, wounded_overlap) = tests
    return (f"(CASE WHEN {killed_given} THEN ({killed_overlap}) WHEN {wounded_given} THEN ({wounded_overlap}) "
            "ELSE 0 END)"), params  # fmt: skip


def article_published(db: Database, article_id: int) -> str | None:
    """The publication date (ISO) of an article, or None when neither text nor user gave one."""
    row = db.conn.execute("SELECT published FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def _source_field_rows(db: Database, incident_id: int) -> list[dict]:
    return _dicts(db, "SELECT * FROM incident_sources WHERE incident_id = ? ORDER BY id", [incident_id])


# ------------------------------------------------------------------------------- derived values


def rebuild_derived(db: Database, sources_counted: bool = False) -> None:
    """Recompute every value that triggers keep, from the rows they derive from: after a bulk
    load that dropped the triggers for speed (inside its transaction), or to repair a ledger.
    Each step recomputes one trigger-kept value; add a step with each such trigger.
    `sources_counted`: the caller wrote each incident's source counts and first publication date
    itself (the import knows them as it inserts), so they are not recounted."""
    if not sources_counted:
        rebuild_source_counts(db)
    rebuild_report_summary(db)  # after the counts: the summary sums them


def rebuild_source_counts(db: Database) -> None:
    """Each incident's m004 source_count and claim_source_count, recounted from its sources, and
    its m010 first_published. One pass over the sources in incident order (three lookups per
    incident before: 100,000 incidents 0.7-1.0 -> 0.55-0.65 s), then the incidents left with none."""
    db.execute(
        f"""UPDATE incidents SET source_count = c.sources, claim_source_count = c.claims, first_published = c.first
            FROM ({migrations.SOURCE_TALLIES} GROUP BY s.incident_id) AS c WHERE c.id = incidents.id"""
    )
    db.execute(
        """UPDATE incidents SET source_count = 0, claim_source_count = 0, first_published = NULL
           WHERE id NOT IN (SELECT incident_id FROM incident_sources)
             AND (source_count <> 0 OR claim_source_count <> 0 OR first_published IS NOT NULL)"""
    )


def rebuild_report_summary(db: Database) -> None:
    """The m007 report summary, recomputed from the incidents (ledger/summary.py)."""
    from ledger import summary

    summary.rebuild(db)


# -------------------------------------------------------------------------------- read queries


@dataclass(frozen=True)
class Filters:
    """Which incidents a list or report covers. An incident is inside since/until when its date
    range overlaps them; undated incidents drop out as soon as either is given."""

    victim_blocs: tuple[str, ...] = ()
    country: str | None = None
    since: date | None = None
    until: date | None = None


def where_clause(filters: Filters, condition: str = "", sql: dict[str, str] | None = None) -> tuple[str, list]:
    """The WHERE clause (on incidents `i`, or in the conditions `sql` like FILTER_SQL) and
    parameters of `filters`, plus `condition`: a fixed SQL condition the caller writes (never user
    text)."""
    where, params = _where(filters, sql or FILTER_SQL)
    if condition:
        where = f"{where} AND ({condition})" if where else f" WHERE ({condition})"
    return where, params


# Each filter's condition on incidents `i` ({} takes the ? of each victim bloc). The m007 report
# summary answers the same filters with conditions of its own (reports._SUMMARY_FILTER_SQL).
FILTER_SQL = {
    "victim_blocs": "i.victim_bloc IN ({})",
    "country": "upper(i.country) = upper(?)",
    "since": "coalesce(i.date_end, i.date_start) >= ?",
    "until": "i.date_start <= ?",
}


def _where(filters: Filters, sql: dict[str, str]) -> tuple[str, list]:
    clauses, params = [], []
    if filters.victim_blocs:
        clauses.append(sql["victim_blocs"].format(", ".join("?" for _ in filters.victim_blocs)))
        params.extend(filters.victim_blocs)
    if filters.country:
        clauses.append(sql["country"])
        params.append(filters.country)
    if filters.since:
        clauses.append(sql["since"])
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append(sql["until"])
        params.append(filters.until.isoformat())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def list_incidents(db: Database, filters: Filters | None = None, condition: str = "") -> list[dict]:
    """Incidents matching `filters` (and `condition`, see where_clause), oldest first (undated
    last), each with its `sources` count."""
    where, params = where_clause(filters or Filters(), condition)
    sql = f"""SELECT i.*, (SELECT count(*) FROM incident_sources s WHERE s.incident_id = i.id)
                 AS sources
              FROM incidents i{where}
              ORDER BY i.date_start IS NULL, i.date_start, i.id"""
    return [_decode_incident(row) for row in db.query(sql, params)]


def count_incidents(db: Database, filters: Filters | None = None, condition: str = "") -> int:
    where, params = where_clause(filters or Filters(), condition)
    return db.execute(f"SELECT count(*) FROM incidents i{where}", params).fetchone()[0]


def get_incident(db: Database, incident_id: int) -> dict:
    """One incident with every field and `sources`: each article's own fields and evidence."""
    rows = list(db.query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
    if not rows:
        raise NotFoundError(f"no incident {incident_id} in the ledger")
    incident = _decode_incident(rows[0])
    incident["sources"] = _sources_by_incident(db, [incident_id]).get(incident_id, [])
    return incident


def export_incidents(db: Database) -> list[dict]:
    """Every incident in id order, each with its `sources` (the SCHEMA.md export contract)."""
    incidents = [_decode_incident(row) for row in db.query("SELECT * FROM incidents ORDER BY id")]
    sources = _sources_by_incident(db, None)
    for incident in incidents:
        incident["sources"] = sources.get(incident["id"], [])
    return incidents


def sources_of(db: Database, incident_ids: list[int]) -> dict[int, list[dict]]:
    """{incident id: its sources}, each with the fields its article gave."""
    if len(incident_ids) > 500:  # beyond SQLite's limit on ? parameters, reading all is simpler
        return _sources_by_incident(db, None)
    return _sources_by_incident(db, incident_ids)


def _sources_by_incident(db: Database, incident_ids: list[int] | None) -> dict[int, list[dict]]:
    sql = """SELECT s.*, a.file, a.path, a.title, a.published, a.url
             FROM incident_sources s JOIN articles a ON a.id = s.article_id"""
    params: list = []
    if incident_ids is not None:
        sql += f" WHERE s.incident_id IN ({', '.join('?' for _ in incident_ids)})"
        params = list(incident_ids)
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in db.query(sql + " ORDER BY s.incident_id, s.id", params):
        row["claimed_by_perpetrator"] = bool(row["claimed_by_perpetrator"])
        row["evidence"] = json.loads(row["evidence"] or "[]")
        grouped[row["incident_id"]].append(row)
    return grouped


def _decode_incident(row: dict) -> dict:
    row = dict(row)
    row["claimed_by_perpetrator"] = bool(row["claimed_by_perpetrator"])
    row["pinned"] = json.loads(row.get("pinned") or "[]")
    return row


def article_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM articles").fetchone()[0]


def backup(db: Database, dest: str | Path, overwrite: bool = False) -> Path:
    """Copy the ledger to `dest` with SQLite's online backup: a consistent snapshot even while
    other processes write. The copy is made beside `dest` and renamed over it only when complete."""
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise StoreError(f"{dest}: already exists (pass --force to overwrite it)")
    ledger_file = Path(db.execute("PRAGMA database_list").fetchone()[2])
    if dest.exists() and dest.resolve() == ledger_file.resolve():
        raise StoreError(f"{dest}: that is the ledger itself")
    partial = dest.with_name(f".{dest.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(partial)) as copy:
            db.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = delete")  # one self-contained file, no -wal beside it
        partial.replace(dest)
    except (OSError, sqlite3.Error) as e:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{dest}: backup failed ({e})") from None
    return dest
