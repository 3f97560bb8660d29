"""Properties of extract() on arbitrary and semi-structured text (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.extract import extract

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_FRAGMENTS = [
    "Seven soldiers were killed", "at least 12 civilians died", "JNIM said it killed 50 soldiers",
    "on Tuesday", "in July", "last month", "since 2013", "between 25 and 27 July", "on Nov. 21",
    "Wagner fighters", "near Gao", "in Mali", "wounding 30", "up to 80 people were killed",
    "70 to 80 villagers were killed", "killing 12 soldiers and 3 civilians", "no one was killed",
    "the death toll rose to 31", "dozens were wounded", "French soldiers", "the army neutralised 20 terrorists",
    "BAMAKO, Dec. 30 (Reuters) -", "Published: 31 December 2024", "\n\n", ".", ",", " and ", "2024",
]  # fmt: skip
semi_text = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=20), max_size=25).map(" ".join)
any_text = st.text() | semi_text
pub_dates = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


def _check(text: str, published: date | None) -> None:
    incidents = extract(text, published)
    for i in incidents:
        for ev in i.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
        if i.killed_low is not None and i.killed_high is not None:
            assert i.killed_low <= i.killed_high
        if i.wounded_low is not None and i.wounded_high is not None:
            assert i.wounded_low <= i.wounded_high


@SETTINGS
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    extract(text, None)


@SETTINGS
@given(any_text, pub_dates)
def test_evidence_spans_and_bounds(text, published):
    _check(text, published)


@SETTINGS
@given(semi_text, st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_never_after_publication(body, published):
    # the publication date is given and the text carries no header date of its own
    text = "Title\n\n" + body.replace("Published:", "").replace("BAMAKO,", "")
    for i in extract(text, published):
        for d in (i.date_start, i.date_end):
            assert d is None or d <= published.isoformat(), (d, published, i.fields())
