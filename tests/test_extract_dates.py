"""find_dates: relative and absolute dates resolved against the publication date, never after it."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract.dates import find_dates

# 2025-11-20 is a Thursday
PUB_THU = date(2025, 11, 20)


def one(sentence: str, pub: date | None):
    found = find_dates(sentence, pub)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "weekday, expected",
    [
        ("Monday", date(2025, 11, 17)),
        ("Tuesday", date(2025, 11, 18)),
        ("Wednesday", date(2025, 11, 19)),
        ("Thursday", date(2025, 11, 20)),  # the publication day itself
        ("Friday", date(2025, 11, 14)),
        ("Saturday", date(2025, 11, 15)),
        ("Sunday", date(2025, 11, 16)),
    ],
)
def test_weekday_is_last_such_day_on_or_before_publication(weekday, expected):
    d = one(f"Gunmen raided the village on {weekday}.", PUB_THU)
    assert (d.date_start, d.date_end, d.precision) == (expected, expected, "day")
    assert not d.reporting


def test_last_thursday_is_strictly_before_a_thursday_publication():
    d = one("The convoy was hit last Thursday near the border.", PUB_THU)
    assert d.date_start == date(2025, 11, 13)
    assert d.precision == "day"


def test_last_thursday_from_a_saturday():
    d = one("The convoy was hit last Thursday near the border.", date(2025, 11, 22))
    assert d.date_start == date(2025, 11, 20)


def test_month_earlier_in_same_year():
    d = one("The camp was attacked in July.", date(2025, 11, 3))
    assert (d.date_start, d.date_end, d.precision) == (date(2025, 7, 1), date(2025, 7, 31), "month")


def test_month_later_in_year_means_last_year():
    d = one("The camp was attacked in December.", date(2025, 3, 10))
    assert (d.date_start, d.date_end, d.precision) == (date(2024, 12, 1), date(2024, 12, 31), "month")


def test_current_month_is_clipped_to_publication():
    d = one("Raids continued in November.", date(2025, 11, 10))
    assert d.date_start == date(2025, 11, 1)
    assert d.date_end <= date(2025, 11, 10)


def test_earlier_this_month():
    d = one("Earlier this month, a patrol was ambushed.", date(2025, 11, 18))
    assert d.precision == "month"
    assert d.date_start == date(2025, 11, 1)
    assert d.date_end <= date(2025, 11, 18)


def test_last_month():
    d = one("A patrol was ambushed last month.", date(2025, 3, 5))
    assert (d.date_start, d.date_end, d.precision) == (date(2025, 2, 1), date(2025, 2, 28), "month")


def test_last_month_in_january_is_december_of_last_year():
    d = one("A patrol was ambushed last month.", date(2025, 1, 9))
    assert (d.date_start, d.date_end) == (date(2024, 12, 1), date(2024, 12, 31))


def test_day_range():
    d = one("Clashes took place between 25 and 27 July in the north.", date(2025, 9, 1))
    assert (d.date_start, d.date_end, d.precision) == (date(2025, 7, 25), date(2025, 7, 27), "day")


def test_day_range_with_hyphen():
    d = one("Clashes took place on 3-5 June in the north.", date(2025, 9, 1))
    assert (d.date_start, d.date_end, d.precision) == (date(2025, 6, 3), date(2025, 6, 5), "day")


def test_on_day_month():
    d = one("The outpost fell on 4 August.", date(2025, 8, 30))
    assert (d.date_start, d.date_end, d.precision) == (date(2025, 8, 4), date(2025, 8, 4), "day")


def test_day_month_after_publication_is_last_year():
    d = one("The outpost fell on 4 August.", date(2025, 3, 1))
    assert d.date_start == date(2024, 8, 4)


def test_abbreviated_month_day():
    d = one("Troops were ambushed on Nov. 21 outside the town.", date(2025, 11, 23))
    assert (d.date_start, d.precision) == (date(2025, 11, 21), "day")


def test_explicit_full_date():
    d = one("The attack happened on 14 March 2021.", date(2025, 1, 1))
    assert d.date_start == date(2021, 3, 14)


def test_since_year():
    d = one("Since 2013, the region has seen constant fighting.", date(2025, 5, 1))
    assert d.kind == "since"
    assert d.date_start == date(2013, 1, 1)


def test_since_month_year():
    d = one("Since March 2022, the base has been besieged.", date(2025, 5, 1))
    assert d.kind == "since"
    assert d.date_start == date(2022, 3, 1)


def test_said_on_friday_is_reporting():
    found = find_dates("The ministry said on Friday that the convoy was attacked on Tuesday.", PUB_THU)
    assert len(found) == 2
    friday, tuesday = found
    assert friday.reporting and friday.date_start == date(2025, 11, 14)
    assert not tuesday.reporting and tuesday.date_start == date(2025, 11, 18)


def test_announced_yesterday_is_reporting():
    (d,) = find_dates("The army announced yesterday that it had retaken the town.", PUB_THU)
    assert d.reporting


def test_yesterday():
    d = one("Three drivers were abducted yesterday.", PUB_THU)
    assert d.date_start == date(2025, 11, 19)


def test_no_publication_date_leaves_weekday_unresolved():
    found = find_dates("Gunmen raided the village on Sunday.", None)
    assert all(d.date_start is None for d in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote is planned for next December.",
        "The vote is planned in 2031.",
        "The attack took place on 30 December.",
        "The attack took place on Dec. 30.",
        "Fighting flared in December.",
        "Clashes took place between 28 and 30 December.",
        "The mission began in 2026.",
    ],
)
def test_never_after_publication(sentence):
    pub = date(2025, 6, 15)
    for d in find_dates(sentence, pub):
        for value in (d.date_start, d.date_end):
            assert value is None or value <= pub, (sentence, d)


_FUTURE = "a date after publication must never be produced; the extractor keeps it"


@pytest.mark.parametrize(
    "sentence, pub",
    [
        ("Since 2013, fighting has continued.", date(2010, 5, 1)),
        ("Since March 2022, fighting has continued.", date(2020, 5, 1)),
        ("The attack happened on 14 March 2021.", date(2020, 5, 1)),
    ],
)  # fmt: skip
def test_explicit_dates_after_publication_are_dropped(sentence, pub):
    for d in find_dates(sentence, pub):
        for value in (d.date_start, d.date_end):
            assert value is None or value <= pub, d


def test_explicit_month_year_after_publication_is_not_reread_as_another_year():
    found = find_dates("The attack happened in March 2021.", date(2020, 5, 1))
    assert all(d.date_start is None or d.date_start.year == 2021 for d in found), found


@pytest.mark.parametrize("phrase", ["between 2013 and 2022", "from 2013 to 2022", "from 2013-2022"])
def test_a_span_of_years_is_a_period(phrase):
    d = one(f"Fifty-eight soldiers died {phrase}.", PUB_THU)
    assert (d.date_start, d.date_end, d.kind) == (date(2013, 1, 1), date(2022, 12, 31), "since")


@pytest.mark.parametrize("phrase", ["since March 15", "since 15 March", "since March 15th,"])
def test_since_a_day_named_month_first_or_day_first(phrase):
    d = one(f"Strikes have killed 200 people {phrase} in the north.", PUB_THU)
    assert (d.date_start, d.kind) == (date(2025, 3, 15), "since")


def test_a_communique_read_on_television_is_dated_when_read_not_when_it_happened():
    d = one("In a communique read on state television late on Monday, the army said it had lost five men.", PUB_THU)
    assert d.reporting
