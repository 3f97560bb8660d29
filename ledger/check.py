"""`ledger check`: SQLite's own integrity check, then the ledger's invariants. Read-only.

Each finding is a dict with the PROBLEM_COLUMNS, for the renderer. The invariants are what the rest
of the code promises: every incident stands on at least one source (or on an analyst's hand), no
figure's low exceeds its high, no date falls after the publication of the articles it comes from, no
row points at a row that is gone, no article is stored twice, each article's text still hashes to
its key and the report summaries (m007, m008) still add up to their incidents.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from ledger.store import text_sha256

if TYPE_CHECKING:
    from sqlite_utils import Database

PROBLEM_COLUMNS = ["check", "table", "id", "detail"]

_FIGURES = ("killed", "wounded")


def check_ledger(db: Database) -> list[dict]:
    """Every problem found in the ledger, integrity first; an empty list when all is well."""
    problems = _integrity(db)
    if problems:  # a damaged file: the invariant queries below could only add noise, or fail
        return problems
    for finder in (
        _foreign_keys, _unsourced_incidents, _duplicate_sources, _figure_bounds, _date_order,
        _dates_after_publication, _article_hashes, _report_summary, _kept_columns,
    ):  # fmt: skip
        problems += finder(db)
    return problems


def counts(db: Database) -> dict[str, int]:
    """Rows per main table, for the summary line."""
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in _MAIN_TABLES}


_MAIN_TABLES = ("articles", "incidents", "incident_sources")


def _problem(check: str, table: str, row_id: int | None, detail: str) -> dict:
    return {"check": check, "table": table, "id": row_id, "detail": detail}


def _integrity(db: Database) -> list[dict]:
    try:
        rows = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as e:
        return [_problem("integrity", "", None, str(e))]
    return [_problem("integrity", "", None, row) for row in rows if row != "ok"]


def _foreign_keys(db: Database) -> list[dict]:
    # foreign_key_check lists every row whose parent is gone: orphan sources and aliases.
    return [
        _problem("orphan", table, rowid, f"points at {parent} row that does not exist")
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def _unsourced_incidents(db: Database) -> list[dict]:
    """Incidents no article reports. An analyst's own incident (`ledger add`, which leaves a note)
    and one whose fields an analyst pinned are allowed to stand alone."""
    columns = db["incidents"].columns_dict
    by_hand = ["pinned != '[]'"] + (["coalesce(note, '') != ''"] if "note" in columns else [])
    rows = db.execute(
        f"""SELECT id FROM incidents i
            WHERE NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.incident_id = i.id)
              AND NOT ({' OR '.join(by_hand)})
            ORDER BY id"""
    ).fetchall()
    return [_problem("unsourced", "incidents", row[0], "no article reports this incident") for row in rows]


def _duplicate_sources(db: Database) -> list[dict]:
    rows = db.execute(
        """SELECT incident_id, article_id, count(*) FROM incident_sources
           GROUP BY incident_id, article_id HAVING count(*) > 1 ORDER BY incident_id"""
    ).fetchall()
    return [
        _problem("duplicate", "incidents", incident, f"article {article} is counted {n} times as its source")
        for incident, article, n in rows
    ]


def _figure_bounds(db: Database) -> list[dict]:
    problems = []
    for table in ("incidents", "incident_sources"):
        for figure in _FIGURES:
            rows = db.execute(
                f"""SELECT id, {figure}_low, {figure}_high FROM {table}
                    WHERE {figure}_low > {figure}_high OR {figure}_low < 0 OR {figure}_high < 0
                    ORDER BY id"""
            ).fetchall()
            problems += [
                _problem("bounds", table, row_id, f"{figure} low {_shown(low)} and high {_shown(high)}")
                for row_id, low, high in rows
            ]
    return problems


def _shown(value) -> str:
    return "none" if value is None else str(value)


def _date_order(db: Database) -> list[dict]:
    problems = []
    for table in ("incidents", "incident_sources"):
        rows = db.execute(
            f"SELECT id, date_start, date_end FROM {table} WHERE date_start > date_end ORDER BY id"
        ).fetchall()
        problems += [
            _problem("dates", table, row_id, f"starts {start}, after its end {end}")
            for row_id, start, end in rows
        ]
    return problems


def _dates_after_publication(db: Database) -> list[dict]:
    """A source's dates against its article's publication date; an incident's start against the
    latest publication among its sources (a follow-up may date the event later than the first)."""
    sources = db.execute(
        """SELECT s.id, s.date_start, s.date_end, a.published, a.file
           FROM incident_sources s JOIN articles a ON a.id = s.article_id
           WHERE a.published IS NOT NULL
             AND (s.date_start > a.published OR s.date_end > a.published)
           ORDER BY s.id"""
    ).fetchall()
    problems = [
        _problem("dates", "incident_sources", row_id, f"{start}..{end} after {file} was published on {pub}")
        for row_id, start, end, pub, file in sources
    ]
    incidents = db.execute(
        """SELECT i.id, i.date_start, max(a.published)
           FROM incidents i
           JOIN incident_sources s ON s.incident_id = i.id
           JOIN articles a ON a.id = s.article_id
           GROUP BY i.id
           HAVING count(a.published) = count(*) AND i.date_start > max(a.published)
           ORDER BY i.id"""
    ).fetchall()
    problems += [
        _problem("dates", "incidents", row_id, f"starts {start}, after its last source came out ({latest})")
        for row_id, start, latest in incidents
    ]
    return problems


def _article_hashes(db: Database) -> list[dict]:
    """An article's key is the sha256 of its text: a mismatch means the text was changed by hand, and
    re-ingesting the original would store it a second time."""
    problems = []
    # An imported article has no text (an export carries none): its key came with the records.
    for row_id, sha, text in db.execute("SELECT id, sha256, text FROM articles WHERE text != '' ORDER BY id"):
        if text_sha256(text) != sha:
            problems.append(_problem("hash", "articles", row_id, "text does not match its sha256 key"))
    return problems


def _report_summary(db: Database) -> list[dict]:
    """The report summaries (m007, m008) against a recomputation from the incidents: reports read
    them, so a difference (a trigger dropped by hand, say) would make them wrong."""
    from ledger import summary

    return [
        _problem("summary", table, None, f"{dict(zip(summary.TABLES[table], key))}: {_sums(stored)} "
                 f"where its incidents give {_sums(fresh)}")
        for table, key, stored, fresh in summary.differences(db)
    ]  # fmt: skip


def _kept_columns(db: Database) -> list[dict]:
    """An incident's source counts (m004) and first publication date (m010), which triggers keep,
    against a recount from its sources: reports sum the counts and reconcile reads the date."""
    from ledger.migrations import SOURCE_TALLIES

    rows = db.execute(
        f"""SELECT id, source_count, claim_source_count, first_published, sources, claims, first FROM (
              SELECT i.id, i.source_count, i.claim_source_count, i.first_published,
                     coalesce(c.sources, 0) AS sources, coalesce(c.claims, 0) AS claims, c.first
              FROM incidents i LEFT JOIN ({SOURCE_TALLIES} GROUP BY s.incident_id) AS c ON c.id = i.id)
            WHERE source_count IS NOT sources OR claim_source_count IS NOT claims OR first_published IS NOT first
            ORDER BY id"""
    )
    return [
        _problem("kept", "incidents", row_id, f"source_count {count}, claim_source_count {claim_count}, "
                 f"first_published {first} where its sources give {sources}, {claims}, {fresh}")
        for row_id, count, claim_count, first, sources, claims, fresh in rows
    ]  # fmt: skip


def _sums(values: tuple | None) -> str:
    from ledger import summary

    return "nothing" if values is None else ", ".join(f"{c} {v}" for c, v in zip(summary.SUM_COLUMNS, values))
