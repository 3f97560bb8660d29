"""A lower-case twin finds exactly what its IGNORECASE pattern finds on ASCII text (ledger/extract/twins.py)."""

import re

import pytest

from ledger.extract import assemble, casualties, dates, numbers
from ledger.extract.twins import finditer, lower_case_twin, search

TEXTS = [
    "At least 12 SOLDIERS were killed between 3 and 5 March, More Than twenty-one wounded.",
    "Forty-Two died on Tuesday; Scores of civilians fled From 1 To 4 June 2023, said the MINISTRY.",
    "Last Year's toll: 1,200 dead in Mar. 2019, then three days later another 5-7 were found.",
    "",
    "no figure at all",
    "The Militants Said they killed 5 Soldiers in two separate attacks; the toll of the dead rose to",
    "TROOPS KILLED three villagers, the Group claimed, and No. 7 was struck on Route 9 since",
]


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("text", TEXTS)
def test_the_figure_and_date_patterns_match_the_same_through_their_twins(text):
    patterns = [*numbers._patterns()[:2], *(p for _, p in dates._COMPILED), dates._REPORTED_ON, dates._TOLL_ON,
                casualties._TOLL_BEFORE, casualties._NOT_PEOPLE_BEFORE, assemble._GROUP_PRONOUN_DID,
                assemble._AGGREGATE_WORDS, assemble._EVENT_NOUN, assemble._STATE_KILLERS]
    assert all(lower_case_twin(p) for p in patterns[:2])  # the figure patterns have twins
    for pattern in patterns:
        assert _spans(finditer(pattern, text, text.lower())) == _spans(pattern.finditer(text))
        assert (search(pattern, text, text.lower()) or "").__repr__() == (pattern.search(text) or "").__repr__()


def test_no_twin_where_lower_casing_would_change_the_meaning():
    assert lower_case_twin(re.compile(r"\S+ killed", re.I)) is None  # \S is not \s
    assert lower_case_twin(re.compile(r"\x41bc", re.I)) is None
    assert lower_case_twin(re.compile(r"(?-i:IS) fighters", re.I)) is None
    assert lower_case_twin(re.compile(r"ſ", re.I)) is None  # matches "s" under IGNORECASE
    assert lower_case_twin(re.compile(r"Killed")) is None  # not IGNORECASE: case matters
    twin = lower_case_twin(re.compile(r"(?P<n>\d+) (?:Killed|DEAD)(?P=n)?", re.I))
    assert twin is not None and twin.pattern == r"(?P<n>\d+) (?:killed|dead)(?P=n)?"


def test_without_a_lowered_text_it_is_the_pattern_itself():
    pattern = re.compile(r"killed", re.I)
    text = "Kılled, KILLED"  # not ASCII: the twin is not used
    assert _spans(finditer(pattern, text, None)) == _spans(pattern.finditer(text))
