"""A lower-case twin finds exactly what its IGNORECASE pattern finds on ASCII text (ledger/extract/twins.py)."""

import re

import pytest

from ledger.extract import assemble, casualties, context, dates, numbers, places, roles
from ledger.extract.twins import finditer, lower_case_twin, search

TEXTS = [
    "At least 12 SOLDIERS were killed between 3 and 5 March, More Than twenty-one wounded.",
    "Forty-Two died on Tuesday; Scores of civilians fled From 1 To 4 June 2023, said the MINISTRY.",
    "Last Year's toll: 1,200 dead in Mar. 2019, then three days later another 5-7 were found.",
    "",
    "no figure at all",
    "The Militants Said they killed 5 Soldiers in two separate attacks; the toll of the dead rose to",
    "TROOPS KILLED three villagers, the Group claimed, and No. 7 was struck on Route 9 since",
    "The Toll Rose to 40, Up From an Earlier Toll of 31 and Had Reported; Officials Initially said ",
    "The army Admitted To losses And Had Killed many, Raising An Earlier Toll Of ",
    "Fighting BETWEEN the two Armed Groups near the Border With the ",
    "The wounded were Taken To a clinic in the town; the Junta In ",
    "It was Claimed By the Jihadists, according to the ",
    "Their CLASHES WITH the ",
    "No group has CLAIMED the attack, which was Blamed On the ",
    "The same Attack, a separate Collision, our Losses were light since the",
    "Militants Said it had killed them, the Army Said on Friday; formed in",
]


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("text", TEXTS)
def test_the_figure_and_date_patterns_match_the_same_through_their_twins(text):
    patterns = [*numbers._patterns()[:2], *(p for _, p in dates._COMPILED), dates._REPORTED_ON, dates._TOLL_ON,
                casualties._TOLL_BEFORE, casualties._NOT_PEOPLE_BEFORE, assemble._GROUP_PRONOUN_DID,
                assemble._AGGREGATE_WORDS, assemble._EVENT_NOUN, assemble._STATE_KILLERS]
    # searched through twins since: a mention's toll words, the words around names, the event's words
    later = [casualties._OWN_CUE, casualties._NEXT_VERB, casualties._INITIAL, casualties._REVISED,
             casualties._LOCAL_INITIAL, casualties._ROSE, casualties._UPDATES_BEFORE, casualties._UPDATES_AFTER,
             places.BORDER, places.ELSEWHERE, roles._SPEAKER_BEFORE, roles._PERP_BEFORE, roles._GENERIC_ATTACKERS,
             roles._SPEAKER_GENERIC, roles._CLAIM_WORDS, assemble._NOT_EVENT_DATE, assemble._SINCE_OR_BEGAN,
             assemble._OUR_SIDE, assemble._SINCE_THE, assemble._ANAPHORA, assemble._SEPARATE,
             assemble._BETWEEN_SIDES, context.ACCIDENT, context._CLAIMED_BY, context._NO_CLAIM,
             context._NAMED_OUTRIGHT]
    assert all(lower_case_twin(p) for p in later)  # each has a twin, or the search would not be faster
    patterns += later
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
