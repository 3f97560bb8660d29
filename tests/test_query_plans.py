"""Every filter of `report` and `list` is served by an index: EXPLAIN QUERY PLAN of the statements
they run never scans the incidents table whole, nor the m007 report summary when a report reads it."""

from datetime import date

import pytest

from ledger import bulk, reports, store
from ledger.reports import By, Per
from ledger.store import Filters


def _record(n: int) -> dict:
    day = date(2020 + n % 5, 1 + n % 12, 1 + n % 28).isoformat()
    fields = {
        "kind": "aggregate" if n % 50 == 0 else "incident", "victim": f"group {n % 7}",
        "victim_bloc": ["russia", "west", "civilian", "local_state"][n % 4], "country": ["MLI", "BFA", "NER"][n % 3],
        "location": None, "date_start": day, "date_end": day, "date_precision": "day",
        "killed_low": n % 30, "killed_high": n % 30 + 2, "claimed_by_perpetrator": n % 20 == 0,
    }  # fmt: skip
    source = {"file": f"a{n}.txt", **fields, "evidence": []}
    return {"id": None, **fields, "confidence": 0.6, "sources": [source]}


@pytest.fixture
def ledger(db):
    bulk.import_records(db, (_record(n) for n in range(400)))
    return db


def _plans(db, run, table: str = "incidents") -> list[str]:
    """The query plan of every SELECT on `table` that `run(db)` executes (the trace callback
    gives each statement with its parameters bound)."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        run(db)
    finally:
        db.conn.set_trace_callback(None)
    plans = []
    for sql in seen:
        if sql.lstrip().upper().startswith("SELECT") and f"FROM {table}" in sql:
            rows = db.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            plans.append("\n".join(row[-1] for row in rows))
    return plans


FILTERS = {
    "victim_bloc": Filters(victim_blocs=("russia",)),
    "two blocs": Filters(victim_blocs=("russia", "west")),
    "country": Filters(country="mli"),
    "since": Filters(since=date(2024, 6, 1)),
    "until": Filters(until=date(2020, 3, 1)),
}


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda db, f: reports.report(db, By.BLOC, Per.YEAR, f, use_summary=False), id="report"),
        pytest.param(lambda db, f: reports.report(db, By.ACTOR, None, f, include_claims=True), id="report-claims"),
        pytest.param(lambda db, f: reports.incident_rows(db, f), id="list"),
    ],
)
def test_every_filter_is_served_by_an_index(ledger, name, command):
    plans = _plans(ledger, lambda db: command(db, FILTERS[name]))
    assert plans, "the command ran no query on incidents"
    for plan in plans:
        # The filter's index is searched, not the table (or a whole index) scanned.
        assert not [line for line in plan.splitlines() if line.startswith("SCAN i")], plan
        assert "SEARCH i USING" in plan, plan


def test_an_unfiltered_report_finds_period_totals_and_claims_by_index(ledger):
    plans = _plans(ledger, lambda db: reports.report(db, By.BLOC, Per.YEAR, use_summary=False))
    side_queries = [p for p in plans if "SEARCH i USING" in p and ("idx_incidents_aggregates" in p or "idx_incidents_claims" in p)]
    assert len(side_queries) == 2, plans


SUMMARY_FILTERS = [name for name in FILTERS if name != "country"]


@pytest.mark.parametrize("name", SUMMARY_FILTERS)
@pytest.mark.parametrize("by, per", [(By.BLOC, Per.YEAR), (By.YEAR, None), (By.BLOC, Per.MONTH)])
def test_a_report_by_bloc_or_period_reads_the_summary_by_index(ledger, name, by, per):
    run = lambda db: reports.report(db, by, per, FILTERS[name], list_period_totals=False)  # noqa: E731
    assert _plans(ledger, run) == []  # not one incident read
    plans = _plans(ledger, run, "report_")  # report_summary or report_year_summary
    assert len(plans) == 1, plans  # the sums, the period totals and the claims left out at once
    for plan in plans:
        assert not [line for line in plan.splitlines() if line.startswith("SCAN s")], plan
        assert "SEARCH s USING" in plan, plan


def test_a_report_by_country_or_by_a_filtered_country_reads_the_incidents(ledger):
    assert _plans(ledger, lambda db: reports.report(db, By.BLOC, Per.YEAR, FILTERS["country"]), "report_") == []
    assert _plans(ledger, lambda db: reports.report(db, By.COUNTRY, Per.YEAR), "report_") == []


@pytest.mark.parametrize("filters, table", [(Filters(), "report_year_summary"), (FILTERS["since"], "report_summary")])
def test_a_report_without_dates_reads_the_summary_by_year(ledger, filters, table):
    run = lambda db: reports.report(db, By.BLOC, Per.YEAR, filters, list_period_totals=False)  # noqa: E731
    assert len(_plans(ledger, run, table + " ")) == 1


def test_report_sums_match_the_python_conventions(ledger):
    result = reports.report(ledger, By.BLOC, Per.YEAR, Filters(country="MLI"))
    incidents = [
        i for i in store.list_incidents(ledger, Filters(country="MLI"))
        if i["kind"] != "aggregate" and not i["claimed_by_perpetrator"]
    ]  # fmt: skip
    for row in result.rows:
        members = [i for i in incidents if i["victim_bloc"] == row["group"] and i["date_start"][:4] == row["period"]]
        assert row["incidents"] == len(members)
        assert (row["killed_low"], row["killed_high"]) == reports.sum_figures(members, "killed")
        assert row["sources"] == len(members)


class _Recording:
    """A connection that notes each statement with its parameters (the trace callback inlines
    them, and SQLite plans a statement with literals differently)."""

    def __init__(self, conn):
        self.conn, self.seen = conn, []

    def execute(self, sql, params=()):
        self.seen.append((sql, params))
        return self.conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.conn, name)


@pytest.mark.parametrize("narrowed", [{}, {"country": "MLI", "perpetrator_bloc": "non_state"}])
def test_reconcile_candidates_come_from_three_bounded_index_ranges(ledger, narrowed):
    recording = _Recording(ledger.conn)
    ledger.conn = recording
    try:
        store.match_candidates(
            ledger, "russia", "incident", 1, ("2024-06-01", "2024-06-03"), undated=("2024-06-03", "2024-10-01"), **narrowed
        )
    finally:
        ledger.conn = recording.conn
    [(sql, params)] = [(q, p) for q, p in recording.seen if "FROM incidents" in q]
    plan = " ".join(row[-1] for row in ledger.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "MULTI-INDEX OR" in plan, plan
    # Given a country, the undated and the short ranges are read within it and within none (m011):
    # twice each, by the key that leads those indexes (<expr>=?).
    by_country = "country" in narrowed
    key = "<expr>=? AND " if by_country else ""
    undated = "idx_incidents_country_undated" if by_country else "idx_incidents_undated"
    short = "idx_incidents_country_candidates" if by_country else "idx_incidents_candidates"
    # Undated incidents are read by the day they were first reported (m010), not the bloc's all.
    read_undated = f"{undated} (victim_bloc=? AND kind=? AND {key}first_published>? AND first_published<?)"
    assert plan.count(read_undated) == (2 if by_country else 1), plan
    # Ranges of a few days and of a month are read between two last days (the window's start, its
    # end plus 3 or 40 days), not to the end of the ledger; only the rare longer ones are.
    bounded = "(victim_bloc=? AND kind=? AND <expr>>? AND <expr><?)"
    assert plan.count(f"{short} (victim_bloc=? AND kind=? AND {key}<expr>>? AND <expr><?)") == (2 if by_country else 1), plan
    assert f"idx_incidents_month_spans {bounded}" in plan, plan
    assert "idx_incidents_long_spans (victim_bloc=? AND kind=? AND <expr>>?)" in plan, plan
    assert "SCAN" not in plan, plan
