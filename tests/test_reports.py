from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from conftest import make_extraction, make_incident

from ledger import store
from ledger.reports import incident_rows, report, sum_figures
from ledger.store import Filters


@pytest.fixture
def seeded(db):
    """Two years of Russian and Western losses, one open-ended figure, a claim and a period total."""
    articles = [
        make_incident(date_start="2024-11-21", date_end="2024-11-21", killed_low=7, killed_high=None),
        make_incident(date_start="2024-07-25", date_end="2024-07-27", killed_low=70, killed_high=80,
                      location="Tinzaouaten", perpetrator="CSP"),
        make_incident(date_start="2023-06-01", date_end="2023-06-30", date_precision="month",
                      killed_low=2, killed_high=2, wounded_low=3, wounded_high=5),
        make_incident(victim="French Army", victim_bloc="west", victim_affiliation="FRA",
                      date_start="2022-01-22", date_end="2022-01-22", killed_low=1, killed_high=1),
        make_incident(victim="FAMa", victim_bloc="local_state", victim_affiliation="MLI",
                      date_start="2024-02-01", date_end="2024-02-01", killed_low=50, killed_high=50,
                      claimed_by_perpetrator=True),
        make_incident(victim="French Army", victim_bloc="west", victim_affiliation="FRA", kind="aggregate",
                      date_start="2013-01-01", date_end="2024-11-22", date_precision="period",
                      killed_low=58, killed_high=58, country=None),
    ]  # fmt: skip
    for n, incident in enumerate(articles):
        store.ingest_article(db, f"a{n}.txt", f"article {n}", make_extraction(incident))
    return db


def rows_by(result, *keys):
    return {tuple(r[k] for k in keys): r for r in result.rows}


def test_by_bloc_per_year_sums_and_keeps_aggregates_apart(seeded):
    result = report(seeded, "bloc", "year")
    assert result.columns == ["group", "period", "incidents", "killed_low", "killed_high",
                              "wounded_low", "wounded_high", "sources"]  # fmt: skip
    rows = rows_by(result, "group", "period")
    assert set(rows) == {("russia", "2023"), ("russia", "2024"), ("west", "2022")}
    r2024 = rows[("russia", "2024")]
    assert (r2024["incidents"], r2024["killed_low"], r2024["killed_high"]) == (2, 77, None)  # "at least 7"
    assert (r2024["wounded_low"], r2024["wounded_high"]) == (None, None)  # nobody gave a wounded figure
    r2023 = rows[("russia", "2023")]
    assert (r2023["killed_low"], r2023["killed_high"], r2023["wounded_low"], r2023["wounded_high"]) == (
        2,
        2,
        3,
        5,
    )
    assert rows[("west", "2022")]["killed_low"] == 1  # the 58 since 2013 is not in any year
    [total] = result.period_totals
    assert (total["group"], total["killed_low"], total["date_start"]) == ("west", 58, "2013-01-01")


def test_claims_are_left_out_unless_asked(seeded):
    assert "local_state" not in rows_by(report(seeded, "bloc"), "group")
    assert report(seeded, "bloc").claims_left_out == 1
    with_claims = report(seeded, "bloc", include_claims=True)
    assert rows_by(with_claims, "group")[("local_state",)]["killed_low"] == 50
    assert with_claims.claims_left_out == 0


def test_by_year_and_month(seeded):
    assert [r["group"] for r in report(seeded, "year").rows] == ["2022", "2023", "2024"]
    months = [r["group"] for r in report(seeded, "month").rows]
    assert months == ["2022-01", "2023-06", "2024-07", "2024-11"]


def test_by_actor_and_location(seeded):
    assert set(rows_by(report(seeded, "actor"), "group")) == {("Wagner Group",), ("French Army",)}
    assert ("Tinzaouaten",) in rows_by(report(seeded, "location"), "group")
    assert ("(unknown)",) in rows_by(report(seeded, "location"), "group")


def test_filters_apply_to_rows_and_period_totals(seeded):
    result = report(seeded, "bloc", filters=Filters(victim_blocs=("west",)))
    assert [r["group"] for r in result.rows] == ["west"]
    assert len(result.period_totals) == result.period_total_count == 1
    counted = report(seeded, "bloc", filters=Filters(victim_blocs=("west",)), list_period_totals=False)
    assert (counted.period_totals, counted.period_total_count, counted.rows) == ([], 1, result.rows)
    assert report(seeded, "bloc", filters=Filters(victim_blocs=("russia",)), list_period_totals=False).period_total_count == 0
    result = report(seeded, "bloc", filters=Filters(since=date(2024, 1, 1)))
    assert [(r["group"], r["incidents"]) for r in result.rows] == [("russia", 2)]


@pytest.mark.parametrize("hostile", ["MLI' OR 1=1 --", "%", "_", "Mali ✓", '"MLI"'])
def test_hostile_filters_are_data(seeded, hostile):
    assert report(seeded, "bloc", filters=Filters(country=hostile)).rows == []
    assert report(seeded, "bloc", filters=Filters(victim_blocs=(hostile,))).rows == []


def test_report_totals_equal_the_listed_incidents(seeded):
    columns, rows = incident_rows(seeded, Filters(victim_blocs=("russia",)))
    total = report(seeded, "bloc", filters=Filters(victim_blocs=("russia",))).rows[0]
    assert total["incidents"] == len(rows)
    assert total["killed_low"] == sum(r["killed_low"] or 0 for r in rows)


def test_list_columns(seeded):
    columns, rows = incident_rows(seeded)
    assert columns[:4] == ["id", "date", "precision", "kind"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


@pytest.mark.parametrize(
    "incidents, expected",
    [
        ([], (None, None)),
        ([{"killed_low": 7, "killed_high": 7}, {"killed_low": 70, "killed_high": 80}], (77, 87)),
        ([{"killed_low": None, "killed_high": 80}, {"killed_low": 5, "killed_high": 5}], (5, 85)),
        ([{"killed_low": 7, "killed_high": None}, {"killed_low": 5, "killed_high": 5}], (12, None)),
        ([{"killed_low": None, "killed_high": None}], (None, None)),
    ],
)
def test_sum_figures_conventions(incidents, expected):
    assert sum_figures(incidents, "killed") == expected


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 99)), st.one_of(st.none(), st.integers(0, 99)))))
def test_summed_low_never_exceeds_summed_high(pairs):
    incidents = [
        {"killed_low": low, "killed_high": None if high is None else max(high, low or 0)} for low, high in pairs
    ]
    low, high = sum_figures(incidents, "killed")
    if high is not None:
        assert low <= high
