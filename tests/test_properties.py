"""Properties that hold for any input (hypothesis): evidence spans point at their figures, reports add
up to the incidents they list, and a filter value is only ever data."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from conftest import make_extraction, make_incident
from ledger import reports, store
from ledger.extract import analyse, extract
from ledger.extract.numbers import find_quantities
from ledger.migrations import migrations
from ledger.models import Bloc
from ledger.reports import By
from ledger.store import Filters

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ----------------------------------------------------------------------------- extraction

_FRAGMENTS = [
    "Nine gendarmes were killed", "at least 14 herders died", "the militants said they killed 40 troops",
    "on Friday", "in March", "last week", "between 3 and 5 May", "Russian instructors", "near Kidal",
    "in Niger", "wounding 12", "as many as 60 people were killed", "a soldier was killed",
    "the toll rose to 22", "dozens were hurt", "killing 8 police officers and 2 children",
    "nobody was hurt", "Captain Ali Traoré was killed", "NIAMEY, Feb. 3 (AFP) -", "\n\n", ". ", ", ",
]  # fmt: skip
texts = st.text() | st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=12), max_size=20).map(" ".join)
published = st.none() | st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31))


def _figures_in(phrase: str) -> set[int]:
    return {v for q in find_quantities(phrase) for v in (q.low, q.high, q.value) if v is not None}


@SETTINGS
@given(texts, published)
def test_evidence_spans_lie_in_the_text_and_hold_their_figure(text, pub):
    for incident in extract(text, pub):
        for ev in incident.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text
            assert ev.text in ev.sentence and ev.sentence in text
        for measure in ("killed", "wounded"):
            low, high = getattr(incident, f"{measure}_low"), getattr(incident, f"{measure}_high")
            if low is not None and high is not None:
                assert low <= high
            if low is None and high is None:
                continue
            # Some phrase behind the figure says it: a number, or one named or singular person.
            phrases = [ev.text for ev in incident.evidence if ev.field == measure]
            assert phrases, (measure, incident)
            assert 1 in (low, high) or any({low, high} & _figures_in(p) for p in phrases), (phrases, low, high)


# ----------------------------------------------------------------------------- reports

_day = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def _incidents(draw):
    start = draw(st.none() | _day)
    end = None if start is None else start + timedelta(days=draw(st.sampled_from([0, 0, 3, 400])))
    low = draw(st.none() | st.integers(0, 500))
    high = draw(st.sampled_from(["same", "none", "more"]))
    return make_incident(
        victim=draw(st.sampled_from(["Wagner Group", "French army", "villagers", None])),
        victim_bloc=draw(st.sampled_from([b.value for b in Bloc])),
        perpetrator=draw(st.sampled_from(["JNIM", "ISGS", None])),
        country=draw(st.sampled_from(["MLI", "BFA", "NER", None])),
        location=draw(st.sampled_from(["Gao", "Djibo", None])),
        date_start=start.isoformat() if start else None,
        date_end=end.isoformat() if end else None,
        date_precision="day" if start else "unknown",
        killed_low=low,
        killed_high=None if high == "none" or low is None else low + (7 if high == "more" else 0),
        wounded_low=draw(st.none() | st.integers(0, 50)),
        claimed_by_perpetrator=draw(st.booleans()),
        kind=draw(st.sampled_from(["incident", "incident", "aggregate"])),
    )


_filters = st.builds(
    Filters,
    victim_blocs=st.lists(st.sampled_from([b.value for b in Bloc]), max_size=3, unique=True).map(tuple),
    country=st.none() | st.sampled_from(["MLI", "bfa", "NER", "XXX"]),
    since=st.none() | _day,
    until=st.none() | _day,
)


def _ledger(incidents) -> Database:
    db = Database(memory=True)
    migrations.apply(db)
    for n, incident in enumerate(incidents):
        store.ingest_article(db, f"a{n}.txt", f"article {n}", make_extraction(incident))
    return db


@SETTINGS
@given(st.lists(_incidents(), max_size=12), _filters, st.sampled_from(list(By)), st.booleans())
def test_report_totals_equal_the_sum_of_the_listed_incidents(incidents, filters, by, include_claims):
    db = _ledger(incidents)
    listed = store.list_incidents(db, filters)
    counted = [i for i in listed if include_claims or not i["claimed_by_perpetrator"]]
    events = [i for i in counted if i["kind"] != "aggregate"]
    result = reports.report(db, by, None, filters, include_claims)
    assert sum(row["incidents"] for row in result.rows) == len(events)
    assert sorted(row["id"] for row in result.period_totals) == sorted(
        i["id"] for i in counted if i["kind"] == "aggregate"
    )
    for measure in ("killed", "wounded"):
        low, high = reports.sum_figures(events, measure)
        with_figures = [row for row in result.rows if row[f"{measure}_low"] is not None]
        assert sum(row[f"{measure}_low"] for row in with_figures) == (low or 0)
        open_ended = any(row[f"{measure}_high"] is None for row in with_figures)
        assert (None if open_ended or not with_figures else sum(row[f"{measure}_high"] for row in with_figures)) == high


# ----------------------------------------------------------------------------- filters are data


def _sqlite_upper(text: str) -> str:
    return "".join(c.upper() if c.isascii() else c for c in text)  # SQLite's upper() folds ASCII only


_hostile = st.text() | st.sampled_from(
    ["MLI' OR '1'='1", 'MLI" OR "1"="1', "%", "_LI", "M%", "'; DROP TABLE incidents; --", "Мали", "mli"]
)


@settings(max_examples=150, deadline=None)
@given(_hostile)
def test_any_country_text_matches_only_that_country(value):
    db = _LEDGER_WITH_COUNTRIES
    listed = store.list_incidents(db, Filters(country=value))
    expected = [c for c in ("MLI", "BFA", "NER") if c == _sqlite_upper(value)] if value else ["MLI", "BFA", "NER"]
    assert sorted(i["country"] for i in listed) == sorted(expected)


_LEDGER_WITH_COUNTRIES = _ledger(
    [make_incident(country=c, victim_bloc=b, killed_low=n, killed_high=n)
     for n, (c, b) in enumerate([("MLI", "russia"), ("BFA", "civilian"), ("NER", "local_state")], start=1)]
)  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=12), max_size=20).map(" ".join),
       st.dates(min_value=date(2012, 1, 1), max_value=date(2030, 12, 31)))  # fmt: skip
@example("Nine gendarmes were killed between 3 and 5 May", date(2012, 5, 3))  # found by hypothesis
def test_dates_never_after_a_publication_date_found_in_the_text(body, day):
    # No --date: the article's own "Published:" line gives the date, and nothing may come after it.
    text = f"Attack report\nPublished: {day:%d %B %Y}\n\n{body}"
    result = analyse(text, None)
    assert result.published == day
    for incident in result.incidents:
        for value in (incident.date_start, incident.date_end):
            assert value is None or value <= day.isoformat(), (value, day, incident.fields())
