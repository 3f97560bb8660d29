"""The ledger schema as numbered migrations (sqlite-utils `Migrations`, one transaction each).

`store.open_ledger()` applies the pending ones on every open. Never edit a migration that has shipped:
add `m003_...` instead. The table `_sqlite_migrations` (set "ledger") is the schema version: a ledger
that lists a migration this code does not know was written by a newer `ledger` and is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.models import INCIDENT_FIELDS

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations: Migrations  # built on first use, by __getattr__ below

# Names of the migrations this version knows, in order, and their functions; filled by the
# decorator below so the list cannot drift from the functions.
KNOWN: list[str] = []
_FUNCTIONS: list = []


def _migration(fn):
    KNOWN.append(fn.__name__)
    _FUNCTIONS.append(fn)
    return fn


def __getattr__(name: str):
    # `migrations`, the sqlite-utils Migrations("ledger") that applies them, imports sqlite-utils
    # (~0.15 s): a ledger already up to date is opened without it (see pending_names).
    if name != "migrations":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sqlite_utils.migrations import Migrations

    built = Migrations("ledger")
    for fn in _FUNCTIONS:
        built()(fn)
    globals()["migrations"] = built
    return built


# Column types of the SCHEMA.md incident fields, shared by `incidents` (the reconciled values) and
# `incident_sources` (what one article said). claimed_by_perpetrator is 0/1.
_FIELD_TYPES = {
    "kind": str,
    "victim": str,
    "victim_bloc": str,
    "victim_affiliation": str,
    "perpetrator": str,
    "perpetrator_bloc": str,
    "country": str,
    "location": str,
    "date_start": str,
    "date_end": str,
    "date_precision": str,
    "killed_low": int,
    "killed_high": int,
    "wounded_low": int,
    "wounded_high": int,
    "claimed_by_perpetrator": int,
}
assert tuple(_FIELD_TYPES) == INCIDENT_FIELDS, "migrations and models disagree on incident fields"

_FIELD_DEFAULTS = {
    "kind": "incident",
    "victim_bloc": "unknown",
    "perpetrator_bloc": "unknown",
    "date_precision": "unknown",
    "claimed_by_perpetrator": 0,
}


@_migration
def m001_initial(db: Database) -> None:
    # The article text is kept whole so evidence spans can be re-read and articles re-extracted
    # later; sha256 of the (line-ending normalised) text makes re-ingest a no-op.
    db["articles"].create(
        {
            "id": int,
            "sha256": str,
            "file": str,  # base name, as the export names sources
            "path": str,  # the path as given on the command line ("-" for stdin)
            "title": str,
            "published": str,  # ISO date or null
            "published_from": str,  # dateline, published-line, option or none
            "ingested_at": str,
            "text": str,
        },
        pk="id",
        not_null={"sha256", "file", "ingested_at", "text"},
    )
    db["articles"].create_index(["sha256"], unique=True)

    # One row per real-world event and victim group; its fields are reconciled from its sources.
    # `pinned` is a JSON list of field names an analyst set by hand, which reconciliation must keep.
    db["incidents"].create(
        {
            "id": int,
            **_FIELD_TYPES,
            "confidence": float,
            "created_at": str,
            "updated_at": str,
            "pinned": str,
        },
        pk="id",
        not_null={"kind", "victim_bloc", "perpetrator_bloc", "date_precision", "created_at", "pinned"},
        defaults={**_FIELD_DEFAULTS, "pinned": "[]"},
    )

    # What each article said about an incident, field by field, with the evidence behind it.
    db["incident_sources"].create(
        {
            "id": int,
            "incident_id": int,
            "article_id": int,
            **_FIELD_TYPES,
            "confidence": float,
            "evidence": str,  # JSON list of Evidence.as_dict()
            "sentence": str,  # the sentence of the main figure
            "span_start": int,  # character span of that figure in the article text
            "span_end": int,
        },
        pk="id",
        foreign_keys=[("incident_id", "incidents", "id"), ("article_id", "articles", "id")],
        not_null={"incident_id", "article_id", "kind", "victim_bloc"},
        defaults={**_FIELD_DEFAULTS, "evidence": "[]"},
    )

    # Actors the user adds or renames; the shipped lexicon stays in ledger/lexicons/.
    db["actors"].create(
        {"id": int, "name": str, "bloc": str, "affiliation": str},
        pk="id",
        not_null={"name"},
    )
    db["actors"].create_index(["name"], unique=True)
    db["actor_aliases"].create(
        {"actor_id": int, "alias": str},
        foreign_keys=[("actor_id", "actors", "id")],
        not_null={"actor_id", "alias"},
    )
    db["actor_aliases"].create_index(["alias"], unique=True)


@_migration
def m002_report_indexes(db: Database) -> None:
    # Reports filter and group incidents by these; show/export/reconcile look sources up both ways.
    for column in ("date_start", "victim_bloc", "country", "victim", "perpetrator"):
        db["incidents"].create_index([column])
    db["incident_sources"].create_index(["incident_id"])
    db["incident_sources"].create_index(["article_id"])


@_migration
def m003_audit(db: Database) -> None:
    # Every analyst change (edit, merge, split, delete, add, accept, reextract, actors add, undo) is
    # logged: one row per field or incident it touched; the rows of one command share `change`.
    # The first row of a change holds `snapshot`: JSON of every database row the change touched,
    # before and after, so that `ledger undo` restores exactly and no edit loses anything.
    # `undone_by` is the change that reversed this one.
    db["audit"].create(
        {
            "id": int,
            "change": int,
            "at": str,
            "command": str,
            "action": str,
            "incident_id": int,
            "field": str,
            "old_value": str,
            "new_value": str,
            "snapshot": str,
            "undone_by": int,
        },
        pk="id",
        not_null={"change", "at", "action"},
    )
    db["audit"].create_index(["change"])
    # An analyst's free-text note on an incident, and when `ledger review` accepted it.
    db["incidents"].add_column("note", str)
    db["incidents"].add_column("reviewed_at", str)


@_migration
def m004_filter_indexes(db: Database) -> None:
    # `list` and `report` filters compare expressions that the m002 column indexes cannot serve:
    # --country is case-insensitive (upper(country)) and --since looks at the last day of an
    # incident (coalesce(date_end, date_start)). Reports pick out period totals and count claims
    # from partial indexes (a plain index on kind, nearly always "incident", would lure the planner
    # away from better ones). Reconcile reads a bloc's undated incidents and its dated ones ending
    # on or after a day: the candidates of a new incident, without reading the whole bloc.
    db.execute("CREATE INDEX idx_incidents_upper_country ON incidents (upper(country))")
    db.execute("CREATE INDEX idx_incidents_last_day ON incidents (coalesce(date_end, date_start))")
    db.execute("CREATE INDEX idx_incidents_aggregates ON incidents (kind) WHERE kind = 'aggregate'")
    db.execute("CREATE INDEX idx_incidents_claims ON incidents (claimed_by_perpetrator) WHERE claimed_by_perpetrator = 1")
    db.execute("CREATE INDEX idx_incidents_undated ON incidents (victim_bloc, kind) WHERE date_start IS NULL")
    db.execute(
        "CREATE INDEX idx_incidents_candidates ON incidents (victim_bloc, kind, coalesce(date_end, date_start))"
    )
    # Each incident's number of sources, and of sources that are its perpetrator's claim, kept by
    # triggers whatever writes incident_sources (ingest, import, merge, split, delete), so that a
    # report over a million incidents sums two columns instead of counting sources one by one.
    db["incidents"].add_column("source_count", int, not_null_default=0)
    db["incidents"].add_column("claim_source_count", int, not_null_default=0)
    db.execute(
        """UPDATE incidents SET
             source_count = (SELECT count(*) FROM incident_sources s WHERE s.incident_id = incidents.id),
             claim_source_count = (SELECT count(*) FROM incident_sources s
                                   WHERE s.incident_id = incidents.id AND s.claimed_by_perpetrator)"""
    )
    # Recounted rather than incremented, so that a count stays right however rows come and go
    # (`ledger undo` deletes and reinserts incidents and sources in its own order).
    def recount(ref: str) -> str:
        return (
            "UPDATE incidents SET source_count = (SELECT count(*) FROM incident_sources s "
            f"WHERE s.incident_id = {ref}.incident_id), claim_source_count = (SELECT count(*) "
            f"FROM incident_sources s WHERE s.incident_id = {ref}.incident_id AND s.claimed_by_perpetrator) "
            f"WHERE id = {ref}.incident_id;"
        )

    for name, event, body in (
        ("insert", "INSERT", recount("NEW")),
        ("delete", "DELETE", recount("OLD")),
        ("update", "UPDATE OF incident_id, claimed_by_perpetrator", recount("OLD") + " " + recount("NEW")),
    ):
        db.execute(f"CREATE TRIGGER incident_sources_count_{name} AFTER {event} ON incident_sources BEGIN {body} END")
    # `report --by bloc --per year`, the usual question, read from one index in its group order.
    db.execute(
        """CREATE INDEX idx_incidents_report ON incidents (victim_bloc, date_start, date_precision, kind,
           claimed_by_perpetrator, killed_low, killed_high, wounded_low, wounded_high, source_count,
           claim_source_count)"""
    )


@_migration
def m006_article_url(db: Database) -> None:
    # Where an article came from: `url:` in its front matter, a saved page's canonical address, or
    # `ingest --url`. Null for plain text files.
    db["articles"].add_column("url", str)


@_migration
def m007_report_summary(db: Database) -> None:
    # `report --by bloc|year|month` (with --per, --victim-bloc, --since, --until) sums a small table
    # of per-day sums that triggers on incidents keep exact, instead of a million incidents each
    # time: ledger/summary.py. Filled here from the incidents already in the ledger.
    from ledger import summary

    summary.create(db, summary.TABLE)


@_migration
def m008_report_year_summary(db: Database) -> None:
    # The same sums by bloc, year and flag only: `report --by bloc --per year` without dates reads a
    # few hundred rows instead of m007's tens of thousands.
    from ledger import summary

    summary.create(db, summary.YEAR_TABLE)


# After the last day: what reconcile tests before it reads an incident's row (SQLite checks terms on
# index columns first), so that the many near misses cost an index entry each.
_CANDIDATE_COLUMNS = "victim_bloc, kind, coalesce(date_end, date_start), date_start, country, perpetrator_bloc"


@_migration
def m009_candidate_ranges(db: Database) -> None:
    # Reconcile looks for incidents whose range overlaps a new one's window. m004's index read every
    # incident of the bloc ending after the window's start: an archive ingested out of date order
    # slowed down as the ledger grew (6x at 100,000 incidents). Ranges are read by length instead
    # (store.RANGE_TIERS): most are a day or two, so their last day lies a few days after the window
    # at most; longer ones (a month) and the rare very long ones (a year, a period) each have a
    # partial index, and only the very long ones are read up to the ledger's end.
    from ledger.store import RANGE_TIERS, longer_than

    db.execute("DROP INDEX idx_incidents_candidates")
    db.execute(f"CREATE INDEX idx_incidents_candidates ON incidents ({_CANDIDATE_COLUMNS})")
    for name, days, _ in RANGE_TIERS[1:]:
        db.execute(
            f"CREATE INDEX idx_incidents_{name} ON incidents ({_CANDIDATE_COLUMNS}) WHERE {longer_than(days, '')}"
        )


_FIGURE_COLUMNS = "killed_low, killed_high, wounded_low, wounded_high"


# What an incident's sources give its kept columns (m004 counts, m010 first_published: the earliest
# publication date of its articles, which bounds an undated incident), per incident `id`: the m010
# triggers take it WHERE one incident, store.rebuild_source_counts and ledger check GROUP BY it.
SOURCE_TALLIES = (
    "SELECT s.incident_id AS id, count(*) AS sources, count(*) FILTER (WHERE s.claimed_by_perpetrator) AS claims, "
    "min(a.published) AS first FROM incident_sources s LEFT JOIN articles a ON a.id = s.article_id"
)


@_migration
def m010_first_published(db: Database) -> None:
    # An undated incident can be the event of a dated report up to 120 days before its own first
    # article. Reconcile found that article for every undated incident of the bloc, each time it
    # looked for candidates: a cost that grew with the ledger, however far away in time they were.
    # Each incident now keeps its first publication date, and the undated ones are indexed by it,
    # so reconcile reads only those first reported in the window. The m004 triggers that recount an
    # incident's sources keep it too (whatever writes incident_sources), as does a change of an
    # article's date.
    db["incidents"].add_column("first_published", str)
    db.execute(
        f"UPDATE incidents SET first_published = c.first FROM ({SOURCE_TALLIES} GROUP BY s.incident_id) AS c "
        "WHERE c.id = incidents.id"
    )

    # Counted in one pass over the incident's sources, and written only when something changed:
    # ingest inserts a new incident with the values its first source gives, so that the insert
    # of that source updates nothing (no report summary or index entry to redo).
    def recount(ref: str) -> str:
        return (
            "UPDATE incidents SET source_count = c.sources, claim_source_count = c.claims, first_published = c.first "
            f"FROM ({SOURCE_TALLIES} WHERE s.incident_id = {ref}.incident_id) AS c WHERE incidents.id = {ref}.incident_id "
            "AND (source_count, claim_source_count, first_published) IS NOT (c.sources, c.claims, c.first);"
        )

    for name, event, body in (
        ("insert", "INSERT", recount("NEW")),
        ("delete", "DELETE", recount("OLD")),
        ("update", "UPDATE OF incident_id, article_id, claimed_by_perpetrator", recount("OLD") + " " + recount("NEW")),
    ):
        db.execute(f"DROP TRIGGER incident_sources_count_{name}")
        db.execute(f"CREATE TRIGGER incident_sources_count_{name} AFTER {event} ON incident_sources BEGIN {body} END")
    db.execute(
        f"""CREATE TRIGGER articles_first_published AFTER UPDATE OF published ON articles BEGIN
              UPDATE incidents SET first_published = c.first
              FROM ({SOURCE_TALLIES} WHERE s.incident_id IN (SELECT incident_id FROM incident_sources
                                                             WHERE article_id = NEW.id) GROUP BY s.incident_id) AS c
              WHERE c.id = incidents.id; END"""
    )
    # Then the columns reconcile narrows by (country, perpetrator bloc, the figures an undated
    # pair must share), read from the index before any row.
    db.execute("DROP INDEX idx_incidents_undated")
    db.execute(
        f"""CREATE INDEX idx_incidents_undated ON incidents (victim_bloc, kind, first_published, country,
           perpetrator_bloc, {_FIGURE_COLUMNS}) WHERE date_start IS NULL"""
    )
    # An undated incident's candidates are the dated ones of 120 days whose figures overlap its
    # own: m009's indexes carry the figures too, so that the many that differ cost an index entry.
    from ledger.store import RANGE_TIERS, longer_than

    # Every incident written updates every index of the table, and each is a page more to commit.
    # m002's victim_bloc index leads m004's report index too, and its country index serves no
    # query (--country compares upper(country), m004's index): both go.
    for name in ("victim_bloc", "country"):
        db.execute(f"DROP INDEX idx_incidents_{name}")
    for name, days, _ in RANGE_TIERS:
        db.execute(f"DROP INDEX idx_incidents_{name}")
        where = f" WHERE {longer_than(days, '')}" if days is not None else ""
        db.execute(f"CREATE INDEX idx_incidents_{name} ON incidents ({_CANDIDATE_COLUMNS}, {_FIGURE_COLUMNS}){where}")


# A country as reconcile compares it in SQL (NOCASE, for ASCII: SQLite's upper() folds only ASCII
# too), and none as '': store.match_candidates spells it so to use m011's indexes.
COUNTRY_KEY = "coalesce(upper(country), '')"


@_migration
def m011_candidates_by_country(db: Database) -> None:
    # In a ledger of 100,000 articles most candidate reads went to index entries of other
    # countries: an undated incident is read by its first report over 124 days, and a dated one
    # of the same bloc and kind over a few days, whatever its country. A new incident that names
    # its country now reads those two ranges within its country (and none), from indexes that lead
    # with it; the m009/m010 indexes stay for the incidents that name none and for the longer ranges.
    db.execute(
        f"""CREATE INDEX idx_incidents_country_candidates ON incidents (victim_bloc, kind, {COUNTRY_KEY},
           coalesce(date_end, date_start), date_start, perpetrator_bloc, {_FIGURE_COLUMNS})"""
    )
    db.execute(
        f"""CREATE INDEX idx_incidents_country_undated ON incidents (victim_bloc, kind, {COUNTRY_KEY},
           first_published, perpetrator_bloc, {_FIGURE_COLUMNS}) WHERE date_start IS NULL"""
    )


def applied_names(db: Database) -> list[str]:
    """Names of the migrations recorded in `db`, in the order they were applied (what
    `migrations.applied` reads, in one plain query)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return []
    rows = db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'ledger' ORDER BY rowid")
    return [row[0] for row in rows]


def pending_names(db: Database) -> list[str]:
    """The migrations this version knows that `db` has not had yet, in order."""
    applied = set(applied_names(db))
    return [name for name in KNOWN if name not in applied]


def apply_pending(db: Database) -> None:
    """Apply the migrations `db` has not had, inside the caller's write transaction. A blank ledger
    first gets at once the schema they make (ledger/new_ledger.py), without importing sqlite-utils."""
    from ledger import new_ledger

    if new_ledger.is_blank(db):
        new_ledger.create(db, KNOWN)
    if pending_names(db):
        (globals().get("migrations") or __getattr__("migrations")).apply(db)


def unknown_applied(db: Database) -> list[str]:
    """Migrations recorded in `db` that this version does not know (the ledger is newer than us)."""
    return [name for name in applied_names(db) if name not in KNOWN]
