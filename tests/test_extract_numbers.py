"""find_quantities: digits, words, hedges, ranges and vague quantities (SCHEMA.md counting conventions)."""

from __future__ import annotations

import pytest

from ledger.extract.numbers import find_quantities


def only(sentence: str):
    qs = find_quantities(sentence)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    "sentence, low, high",
    [
        ("Gunmen shot 14 herders near the well.", 14, 14),
        ("The blast killed 1,250 people in the market.", 1250, 1250),
        ("Officials counted seven bodies at the scene.", 7, 7),
        ("Witnesses saw forty-two graves behind the school.", 42, 42),
        ("Medics treated twenty three patients overnight.", 23, 23),
        ("They buried two hundred and five villagers.", 205, 205),
    ],
)
def test_plain_figures(sentence, low, high):
    q = only(sentence)
    assert (q.low, q.high) == (low, high)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("At least 9 guards died in the raid.", 9),
        ("More than 200 families fled the district.", 200),
        ("Over 30 recruits were missing after the attack.", 30),
        ("at least eleven drivers were stopped.", 11),
    ],
)
def test_low_hedges_give_low_only(sentence, value):
    q = only(sentence)
    assert (q.low, q.high, q.value) == (value, None, value)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Up to 80 villagers may have died there.", 80),
        ("As many as 15 traders were taken away.", 15),
        ("Nearly 40 pupils escaped the fire.", 40),
    ],
)
def test_high_hedges_give_high_only(sentence, value):
    q = only(sentence)
    assert (q.low, q.high, q.value) == (None, value, value)


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("About 60 soldiers returned to the camp.", 60),
        ("Some 25 gunmen rode in on motorbikes.", 25),
        ("Around 300 people gathered at the mosque.", 300),
    ],
)
def test_approximate_hedges_are_exact(sentence, value):
    q = only(sentence)
    assert (q.low, q.high) == (value, value)


@pytest.mark.parametrize(
    "sentence, low, high",
    [
        ("Between 70 and 80 fighters crossed the river.", 70, 80),
        ("The militia lost 70 to 80 men that week.", 70, 80),
        ("between 20 and 30 herders were seized.", 20, 30),
        ("Some reports spoke of 20-30 casualties.", 20, 30),
        ("Villagers said twelve to fifteen bodies lay on the road.", 12, 15),
    ],
)
def test_ranges(sentence, low, high):
    q = only(sentence)
    assert (q.low, q.high) == (low, high)
    assert q.is_range


def test_between_and_without_between_is_not_a_range():
    qs = find_quantities("5 soldiers and 9 civilians died.")
    assert [(q.low, q.high) for q in qs] == [(5, 5), (9, 9)]


def test_date_range_is_not_a_figure_range():
    qs = find_quantities("Fighting raged between 25 and 27 July near the border.")
    assert not any(q.is_range for q in qs)


@pytest.mark.parametrize(
    "sentence, low",
    [
        ("A dozen gunmen stormed the post.", 12),
        ("Half a dozen drivers were abducted.", 6),
        ("Dozens of villagers fled.", 24),
        ("Scores of fighters died in the strikes.", 40),
        ("Hundreds of families were displaced.", 200),
        ("Several soldiers were hurt.", 3),
        ("A few guards ran off.", 2),
        ("Two dozen herders were abducted.", 24),
        ("Three dozen shops burned.", 36),
    ],
)
def test_vague_quantities_are_low_only(sentence, low):
    q = only(sentence)
    assert (q.low, q.high) == (low, None)


@pytest.mark.parametrize(
    "sentence, value", [("A dozen gunmen stormed the post.", 12), ("Half a dozen drivers were abducted.", 6)]
)
def test_dozen_values(sentence, value):
    q = only(sentence)
    assert q.value == value and q.low == value


def test_years_are_not_figures():
    assert find_quantities("The mission ended in 2022.") == []


def test_spans_point_into_the_sentence():
    s = "Officials said at least 17 miners were trapped."
    q = only(s)
    assert s[q.start : q.end] == q.text
    assert "17" in q.text
    assert s[q.number_start :].startswith("17")


def test_several_figures_in_order():
    qs = find_quantities("Three soldiers died and 12 were wounded, while dozens fled.")
    assert [q.value for q in qs] == [3, 12, 24]
