"""`ledger serve`: browse and query the ledger in a web browser with Datasette (optional extra).

`metadata()` titles the tables and describes their columns, and adds canned queries for the main
reports. The report queries follow ledger/reports.py exactly (a test compares them with
`ledger report`): a group's killed_low sums the lows (an incident with only a high counts 0),
killed_high is empty as soon as one incident has a low and no high ("at least"), period totals and
figures only the perpetrator claims stay out.
"""

from __future__ import annotations

from pathlib import Path

from ledger.errors import LedgerError
from ledger.models import INCIDENT_FIELDS


class ServeError(LedgerError):
    """Datasette is missing or cannot start."""


def _sums(measure: str) -> str:
    low, high = f"{measure}_low", f"{measure}_high"
    return (
        f"CASE WHEN count({low}) + count({high}) = 0 THEN NULL ELSE sum(coalesce({low}, 0)) END AS {low},\n"
        f"  CASE WHEN count({low}) + count({high}) = 0 THEN NULL\n"
        f"       WHEN sum({low} IS NOT NULL AND {high} IS NULL) > 0 THEN NULL\n"
        f"       ELSE sum({high}) END AS {high}"
    )


_SUMMED = (
    f"count(*) AS incidents,\n  {_sums('killed')},\n  {_sums('wounded')},\n"
    "  sum((SELECT count(*) FROM incident_sources s WHERE s.incident_id = i.id)) AS sources"
)
_COUNTED = "FROM incidents i WHERE kind = 'incident' AND NOT claimed_by_perpetrator"


def _report_sql(group: str, period: str | None = None) -> str:
    keys = [f"coalesce({group}, '(unknown)') AS \"group\""]
    if period:
        keys.append(f"{period} AS period")
    order = '"group" = \'(unknown)\', "group"' + (", period = 'undated', period" if period else "")
    return (
        f"SELECT {', '.join(keys)},\n  {_SUMMED}\n{_COUNTED}\n"
        f"GROUP BY {', '.join(str(n + 1) for n in range(len(keys)))}\nORDER BY {order}"
    )


_YEAR = "coalesce(substr(date_start, 1, 4), 'undated')"

CANNED_QUERIES = {
    "losses_by_bloc_per_year": {
        "title": "Losses by victim bloc per year",
        "description": "ledger report --by bloc --per year: incidents summed per year; an empty "
        "killed_high means no upper bound. Period totals and claims-only figures are left out.",
        "sql": _report_sql("victim_bloc", _YEAR),
    },
    "losses_by_victim": {
        "title": "Losses by victim group",
        "description": "ledger report --by actor: incidents summed per victim group.",
        "sql": _report_sql("victim"),
    },
    "losses_by_country_per_year": {
        "title": "Losses by country per year",
        "description": "ledger report --by country --per year.",
        "sql": _report_sql("country", _YEAR),
    },
    "period_totals": {
        "title": "Period totals (never summed)",
        "description": "Cumulative figures such as '58 soldiers since 2013', listed one by one.",
        "sql": 'SELECT id, victim_bloc AS "group", victim, date_start, date_end, killed_low, killed_high,\n'
        "  wounded_low, wounded_high FROM incidents WHERE kind = 'aggregate' ORDER BY date_start, id",
    },
    "claims_only": {
        "title": "Figures only the perpetrator claims",
        "description": "Left out of the reports unless --include-claims.",
        "sql": "SELECT id, date_start, perpetrator, victim, killed_low, killed_high FROM incidents\n"
        "WHERE claimed_by_perpetrator ORDER BY date_start, id",
    },
    "sources_of_incident": {
        "title": "What each article said about one incident",
        "description": "Each source's own figures and the sentence behind them (as ledger show ID).",
        "sql": "SELECT a.file, a.title, a.published, a.url, s.killed_low, s.killed_high, s.wounded_low,\n"
        "  s.wounded_high, s.date_start, s.sentence\nFROM incident_sources s JOIN articles a ON a.id = "
        "s.article_id\nWHERE s.incident_id = :incident_id ORDER BY s.id",
    },
}

_INCIDENT_COLUMNS = {
    "kind": "incident (one event) or aggregate (a period total, never summed)",
    "victim": "the victim group, whose losses are counted",
    "victim_bloc": "russia, west, local_state, non_state, civilian or unknown",
    "victim_affiliation": "ISO alpha-3 of the state the victims belong to or fight for",
    "perpetrator": "who did the killing, when the articles say",
    "perpetrator_bloc": "the perpetrator's bloc",
    "country": "ISO alpha-3 of where it happened",
    "location": "the most precise place named",
    "date_start": "first day the event may have happened on",
    "date_end": "last day the event may have happened on",
    "date_precision": "day, month, year, period or unknown",
    "killed_low": "fewest killed the sources give (empty: no figure)",
    "killed_high": "most killed the sources give (empty with a low: no upper bound)",
    "wounded_low": "fewest wounded the sources give",
    "wounded_high": "most wounded the sources give (empty with a low: no upper bound)",
    "claimed_by_perpetrator": "1 when the only figure is the perpetrator's own claim",
}
assert set(_INCIDENT_COLUMNS) == set(INCIDENT_FIELDS)


def metadata(database: str = "ledger", title: str = "Casualty ledger") -> dict:
    """Datasette metadata for the ledger file named `database` (its name without .db): titles,
    column descriptions, facets and the canned report queries."""
    return {
        "title": title,
        "description": "Incidents extracted from news articles, each figure tied to the sentence it "
        "came from. Ranges stay ranges; period totals are never added to years.",
        "databases": {database: {"queries": CANNED_QUERIES, "tables": _tables()}},
    }


def _tables() -> dict:
    return {
        "incidents": {
            "title": "Incidents (one per real event and victim group)",
            "description": "Fields reconciled across the incident's sources.",
            "columns": {
                **_INCIDENT_COLUMNS,
                "confidence": "the extractor's confidence",
                "pinned": "JSON list of fields an analyst set by hand",
            },
            "facets": ["victim_bloc", "country", "kind"],
            "sort": "date_start",
        },
        "incident_sources": {
            "title": "Sources (what each article said about an incident)",
            "columns": {
                **{f: f"{d}, as this article gave it" for f, d in _INCIDENT_COLUMNS.items()},
                "incident_id": "the incident this report belongs to",
                "article_id": "the article",
                "evidence": "JSON list: field, character span, text, sentence and rule behind each value",
                "sentence": "the sentence of the main figure",
            },
        },
        "articles": {
            "title": "Articles (ingested texts)",
            "columns": {
                "sha256": "of the text, line endings normalised: the same text is stored once",
                "file": "base name of the ingested file",
                "published": "publication date",
                "published_from": "where the date came from: dateline, published-line, option or none",
                "url": "where the article came from (front matter, web page or --url)",
                "text": "the article text as the extractor read it",
            },
        },
        "actors": {"title": "Actors added by analysts"},
        "actor_aliases": {"title": "Aliases of actors added by analysts"},
        "_sqlite_migrations": {"hidden": True},
        "report_summary": {"hidden": True},  # sums kept for `ledger report` (ledger/summary.py)
    }


def serve(db_path: Path, host: str, port: int, title: str) -> None:
    """Run Datasette on `db_path` until interrupted."""
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise ServeError("serving needs the serve extra: pip install 'ledger[serve]'") from None
    datasette = Datasette([str(db_path)], metadata=metadata(db_path.stem, title))
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
