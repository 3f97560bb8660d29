"""roles.refine_people: who the generic 'people' of a toll were, from an apposition after it."""

import pytest

from ledger.extract.roles import Group, refine_people

PEOPLE = Group("people", "civilian", None, True)


@pytest.mark.parametrize(
    "after, expected",
    [
        (", most of them police officers.", Group("police officers", "local_state", "MLI")),
        (", most of them POLICE OFFICERS.", Group("police officers", "local_state", "MLI")),
        (", most of them herders.", Group("civilians", "civilian", None)),
        (", most of them soldiers’ wives.", Group("soldiers", "local_state", "MLI")),  # not ASCII: still read
        (", most of them strangers.", PEOPLE),  # no noun of the lexicon
        (", most of them policemen's relatives.", Group("policemen", "local_state", "MLI")),
        (".", PEOPLE),
    ],
)
def test_the_apposition_names_the_people(after, expected):
    sentence = "Gunmen killed 70 people" + after
    assert refine_people(PEOPLE, sentence, len("Gunmen killed 70 people"), "", "MLI") == expected


def test_a_group_that_is_not_generic_people_stays():
    soldiers = Group("soldiers", "local_state", "MLI", True)
    assert refine_people(soldiers, "Gunmen killed 70 soldiers, most of them herders.", 24, "", "MLI") == soldiers
