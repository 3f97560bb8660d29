"""Error classes found on the held-out corpus articles c41-c55, each pinned on sentences written here."""

from __future__ import annotations

from datetime import date

from ledger.extract import extract
from ledger.extract.casualties import find_mentions


def mentions(sentence: str):
    return [(m.measure, m.quantity.low, m.quantity.high) for m in find_mentions(sentence, [])]


def incidents(*sentences: str, pub: date = date(2025, 11, 20)):
    return extract("Violence report\n\n" + " ".join(sentences) + "\n", pub)


# Scare quotes around a claimed figure or around the cue do not cut the figure from its cue.
def test_quoted_figure_after_cue():
    assert mentions('The gendarmerie said its men had killed "dozens" of raiders in the hills.') == [("killed", 24, None)]


def test_quoted_figure_with_noun_inside_quotes():
    assert mentions('A helicopter raid on the camp killed "more than 40 rebels", the army said.') == [("killed", 40, None)]


def test_quoted_cue_word():
    assert mentions('The navy said it had \u201cneutralised\u201d 12 pirates off the coast.') == [("killed", 12, 12)]


def test_quoted_hundreds():
    assert mentions('Its drones had killed "hundreds" of fighters, the ministry claimed.') == [("killed", 200, None)]


# A number that counts the people who speak is not a casualty figure.
def test_sources_are_not_victims():
    s = "Raiders killed at least 17 guards at the depot, two police officers said."
    assert mentions(s) == [("killed", 17, None)]


def test_sources_joined_by_and():
    s = "The blast wounded six others near the market, three witnesses and a nurse said."
    assert mentions(s) == [("wounded", 6, 6)]


# "lost" marks the speaker's own dead only up to the next verb of the sentence.
def test_own_losses_stop_at_next_verb():
    ms = find_mentions("The navy said it had lost two sailors and had neutralised 14 pirates.", [])
    assert [(m.quantity.value, m.own_side, m.neutralised) for m in ms] == [(2, True, False), (14, False, True)]


# A toll given with the one it replaces keeps the new one only.
def test_raising_an_earlier_toll():
    ms = find_mentions("The shelling killed 31 people, the governor said, raising an earlier toll of 20.", [])
    assert [(m.quantity.value, m.revised, m.initial) for m in ms] == [(31, True, False), (20, False, True)]
    (i,) = incidents("Shelling of the town of Kherson in Ukraine on Tuesday killed 31 civilians, the governor said, "
                     "raising an earlier toll of 20.")
    assert (i.killed_low, i.killed_high) == (31, 31)


def test_up_from():
    ms = find_mentions("The toll from the flood of fire at the depot rose to 40, up from 25 on Monday.", [])
    assert [(m.quantity.value, m.initial) for m in ms] == [(40, False), (25, True)]


# "the army said it had lost five men": the army is the loser even when it is not named.
def test_generic_army_lost_men():
    (i, j) = incidents("The army said it had lost five men and had neutralised 30 assailants near Gao in Mali on Sunday.")
    by_bloc = {x.victim_bloc: x for x in (i, j)}
    assert by_bloc["local_state"].victim_affiliation == "MLI"
    assert by_bloc["local_state"].killed_low == 5
    assert by_bloc["non_state"].claimed_by_perpetrator is True
