from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from conftest import make_extraction, make_incident

from ledger import store
from ledger.reconcile import (
    claimed_figures,
    combine_figures,
    counted_figures,
    dates_compatible,
    is_compatible,
    reconciled_fields,
)


def fields(**kw):
    return make_incident(**kw).fields()


@pytest.mark.parametrize(
    "pairs, expected",
    [
        ([], (None, None)),
        ([(7, None)], (7, None)),  # one source: "at least 7" stays open
        ([(None, 80)], (None, 80)),  # "up to 80"
        ([(7, 7), (6, 6)], (6, 7)),
        ([(7, None), (7, 7)], (7, 7)),  # several sources: largest figure cited
        ([(70, 80), (7, None)], (7, 80)),
        ([(7, None), (9, None)], (7, None)),  # nobody gave an upper bound
        ([(None, None), (5, 5)], (5, 5)),
    ],
)
def test_combine_figures(pairs, expected):
    assert combine_figures(pairs) == expected


def test_independent_figures_beat_a_claim():
    claim = fields(killed_low=50, killed_high=50, claimed_by_perpetrator=True)
    report = fields(killed_low=7, killed_high=7)
    result = reconciled_fields([claim, report])
    assert (result["killed_low"], result["killed_high"], result["claimed_by_perpetrator"]) == (7, 7, False)


def test_claims_only_stay_claimed():
    a = fields(killed_low=50, killed_high=50, claimed_by_perpetrator=True)
    b = fields(killed_low=40, killed_high=40, claimed_by_perpetrator=True)
    result = reconciled_fields([a, b])
    assert (result["killed_low"], result["killed_high"], result["claimed_by_perpetrator"]) == (40, 50, True)


def test_most_precise_date_and_most_reported_names():
    month = fields(date_start="2024-07-01", date_end="2024-07-31", date_precision="month", location=None)
    day = fields(date_start="2024-07-25", date_end="2024-07-27", location="Tinzaouaten")
    csp = dict(date_start="2024-07-01", date_end="2024-07-31", date_precision="month", perpetrator="CSP")
    result = reconciled_fields([month, day, fields(**csp), fields(**csp), fields(**csp)])
    assert (result["date_start"], result["date_end"]) == ("2024-07-25", "2024-07-27")
    assert result["location"] == "Tinzaouaten"
    assert result["perpetrator"] == "CSP"


def test_pinned_fields_are_left_out():
    assert "victim" not in reconciled_fields([fields()], pinned=["victim"])


def test_day_slack_is_two_days():
    a = fields(date_start="2024-11-21", date_end="2024-11-21")
    assert dates_compatible(a, fields(date_start="2024-11-23", date_end="2024-11-23"))
    assert not dates_compatible(a, fields(date_start="2024-11-24", date_end="2024-11-24"))


def test_year_contains_day():
    year = fields(date_start="2017-01-01", date_end="2017-12-31", date_precision="year")
    assert dates_compatible(year, fields(date_start="2017-10-04", date_end="2017-10-04"))
    assert not dates_compatible(year, fields(date_start="2019-05-14", date_end="2019-05-14"))


def test_aggregates_match_on_period_start_and_overlapping_figures():
    agg = dict(kind="aggregate", date_precision="period", victim_bloc="west", victim_affiliation="FRA")
    a = fields(**agg, date_start="2013-01-01", date_end="2024-11-22", killed_low=58, killed_high=58)
    b = fields(**agg, date_start="2013-01-01", date_end="2022-11-10", killed_low=58, killed_high=58)
    c = fields(**agg, date_start="2013-01-01", date_end="2019-11-26", killed_low=41, killed_high=41)
    assert is_compatible(a, b)
    assert not is_compatible(a, c)


def test_unknown_perpetrator_bloc_is_compatible():
    assert is_compatible(fields(), fields(perpetrator=None, perpetrator_bloc="unknown"))
    assert not is_compatible(fields(), fields(perpetrator=None, perpetrator_bloc="west"))


_figure = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.integers(0, 500), st.none()),
    st.tuples(st.none(), st.integers(0, 500)),
    st.integers(0, 500).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 1000))),
)


@given(st.lists(_figure, max_size=6))
def test_combined_figures_stay_ordered_and_cover_every_source(pairs):
    low, high = combine_figures(pairs)
    if low is not None and high is not None:
        assert low <= high
    lows = [p[0] for p in pairs if p[0] is not None]
    if lows:
        assert low == min(lows)


# ---------------------------------------------------------------- dates, names, undated incidents


def test_day_slack_reaches_just_outside_a_month():
    july = fields(date_start="2024-07-01", date_end="2024-07-31", date_precision="month")
    assert dates_compatible(july, fields(date_start="2024-08-01", date_end="2024-08-01"))
    assert not dates_compatible(july, fields(date_start="2024-08-05", date_end="2024-08-05"))
    august = fields(date_start="2024-08-01", date_end="2024-08-31", date_precision="month")
    assert not dates_compatible(july, august)  # two months: no slack without a day


def test_a_group_is_compatible_with_its_own_branch_only():
    branch = fields(perpetrator="Islamic State in the Greater Sahara")
    assert is_compatible(fields(perpetrator="Islamic State"), branch)
    assert not is_compatible(fields(perpetrator="Islamic State"), fields(perpetrator="Islamic Resistance"))
    assert not is_compatible(fields(perpetrator="JNIM"), branch)


UNDATED = dict(date_start=None, date_end=None, date_precision="unknown", published="2024-11-22")


@pytest.mark.parametrize(
    "dated, undated, expected",
    [
        ({}, {}, True),  # overlapping figures, same country and perpetrator, a day before publication
        ({"date_start": "2024-08-24", "date_end": "2024-08-24"}, {}, True),  # three months before
        ({"date_start": "2024-05-02", "date_end": "2024-05-02"}, {}, False),  # half a year: too old
        ({"date_start": "2024-11-25", "date_end": "2024-11-25"}, {}, False),  # after publication
        ({}, {"killed_low": 40, "killed_high": 40}, False),  # other figures
        ({}, {"perpetrator": None, "country": None}, False),  # nothing named in common
        ({}, {"perpetrator": None, "location": None}, True),  # the country is named on both
        ({}, {"published": None}, False),  # no publication date: nothing bounds it
        ({"date_start": None, "date_end": None, "date_precision": "unknown"}, {}, False),
    ],
)
def test_undated_incident_needs_a_recent_date_figures_and_a_name_in_common(dated, undated, expected):
    a = fields(**dated)
    b = {**fields(location=None), **UNDATED, **undated}
    assert is_compatible(a, b) is expected
    assert is_compatible(b, a) is expected


# ----------------------------------------------------------------------- figures kept apart


def test_a_claim_beside_independent_figures_is_kept_apart():
    claim = fields(killed_low=30, killed_high=30, claimed_by_perpetrator=True)
    report = fields(killed_low=7, killed_high=None)
    other = fields(killed_low=9, killed_high=9)
    assert claimed_figures([claim, report, other])["killed_low"] == 30
    assert counted_figures([claim, report, other]) == {
        "killed_low": 7, "killed_high": 9, "wounded_low": None, "wounded_high": None, "sources": 2,
    }  # fmt: skip
    assert counted_figures([claim, report, other], include_claims=True)["killed_high"] == 30
    assert claimed_figures([claim]) is None  # a claim alone is the incident's own figure
    assert claimed_figures([report, other]) is None


# ------------------------------------------------------------------- matching against a ledger


def _ingest(db, name, *incidents):
    return store.ingest_article(db, name, f"text of {name}", make_extraction(*incidents))


def test_best_candidate_wins_not_the_first(db):
    _ingest(db, "a.txt", make_incident(location="Boni", perpetrator=None))
    _ingest(db, "b.txt", make_incident(location="Douentza", perpetrator=None))
    later = _ingest(db, "c.txt", make_incident(location="Douentza"))
    assert later.placed == [(2, "merged")]


def test_within_an_article_the_best_pair_wins(db):
    _ingest(db, "a.txt", make_incident(location="Douentza", perpetrator=None))
    vague = make_incident(location=None, perpetrator=None, killed_low=9, killed_high=9)
    precise = make_incident(location="Douentza", perpetrator=None)
    # Both fit incident 1; the article's first (vague) incident must leave it to the precise one.
    result = _ingest(db, "b.txt", vague, precise)
    assert result.placed == [(2, "new"), (1, "merged")]


def test_the_same_day_beats_a_figure_that_overlaps_two_days_off(db):
    two_days_before = make_incident(date_start="2024-11-19", date_end="2024-11-19", killed_high=None)
    _ingest(db, "a.txt", two_days_before, make_incident(killed_low=30, killed_high=30))
    later = _ingest(db, "b.txt", make_incident(killed_low=31, killed_high=31))
    assert later.placed == [(2, "merged")]


def test_a_year_report_joins_the_incident_more_articles_report(db):
    # Both fit "in 2024" equally: a year is no nearer 20 November than 21 November.
    _ingest(db, "a.txt", make_incident(location="Douentza", perpetrator=None))
    _ingest(db, "b.txt", make_incident(location="Douentza", perpetrator=None))
    other = make_incident(location="Boni", perpetrator=None, date_start="2024-11-20", date_end="2024-11-20")
    assert _ingest(db, "c.txt", other).placed == [(2, "new")]
    year = make_incident(location=None, perpetrator=None, date_start="2024-01-01", date_end="2024-12-31",
                         date_precision="year")  # fmt: skip
    assert _ingest(db, "d.txt", year).placed == [(1, "merged")]


def test_a_closer_day_beats_more_sources(db):
    two_days_before = make_incident(location="Douentza", perpetrator=None, date_start="2024-11-19",
                                    date_end="2024-11-19")  # fmt: skip
    _ingest(db, "a.txt", two_days_before)
    _ingest(db, "b.txt", two_days_before)
    assert _ingest(db, "c.txt", make_incident(location="Boni", perpetrator=None)).placed == [(2, "new")]
    assert _ingest(db, "d.txt", make_incident(location=None, perpetrator=None)).placed == [(2, "merged")]


_days = st.dates(min_value=date(2024, 7, 1), max_value=date(2024, 8, 31))


@st.composite
def _records(draw):
    start = draw(st.none() | _days)
    precision = draw(st.sampled_from(["day", "month"])) if start else "unknown"
    if precision == "month":
        start, end = start.replace(day=1), start.replace(day=28)
    else:
        end = start
    low = draw(st.none() | st.integers(1, 60))
    return fields(
        date_start=start and start.isoformat(),
        date_end=end and end.isoformat(),
        date_precision=precision,
        location=draw(st.sampled_from([None, "Douentza", "Boni", "Mopti Region"])),
        perpetrator=draw(st.sampled_from([None, "JNIM", "Islamic State", "Islamic State in the Greater Sahara"])),
        country=draw(st.sampled_from([None, "MLI", "BFA"])),
        killed_low=low,
        killed_high=draw(st.none() | st.just(low)),
    ) | {"published": draw(st.none() | _days.map(date.isoformat))}


@given(_records(), _records())
def test_compatibility_does_not_depend_on_which_came_first(a, b):
    assert is_compatible(a, b) == is_compatible(b, a)
