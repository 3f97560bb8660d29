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


# "Friday prayers" names a prayer, not the day of the event.
def test_friday_prayers_is_not_a_date():
    (i,) = incidents("On 3 October, gunmen attacked a mosque in Tillaberi, Niger, during Friday prayers, killing 12 worshippers.")
    assert str(i.date_start) == "2025-10-03"


# "Turkish-backed", "Britain-based": the named state is neither the victim's group nor the event's country.
def test_state_backed_compound_is_not_a_country():
    (i,) = incidents("A mortar round killed three civilians in a village near Afrin in Syria on Tuesday, "
                     "a Britain-based monitor said.")
    assert i.country == "SYR"


def test_capital_speaking_for_its_government_is_not_the_place():
    (i,) = incidents("A drone killed two civilians near Kobani in Syria on Tuesday. Ankara denies targeting civilians.")
    assert i.country == "SYR" and i.location != "Ankara"


# The speaker's own forces did the killing: the figure is the perpetrator's claim.
def test_military_said_its_aircraft_killed():
    (i,) = incidents("Chad's military said on Monday that its aircraft had killed 40 militants near Lake Chad on Sunday.")
    assert i.victim_bloc == "non_state" and i.killed_low == 40
    assert i.perpetrator_bloc == "local_state" and i.claimed_by_perpetrator is True


def test_air_force_said_is_a_state_claim():
    (i,) = incidents("A strike on a camp near Gusau in Nigeria on Monday killed 35 militants, the air force said.")
    assert i.claimed_by_perpetrator is True and i.perpetrator_bloc == "local_state"


# A daily "lost N" figure that the sentence says counts the killed and the wounded together is not a toll.
def test_losses_that_include_wounded_are_combined():
    s = "Over the past day the enemy lost 640 servicemen, a figure that includes both killed and wounded."
    assert mentions(s) == []


def test_lost_men_without_note_is_killed():
    assert mentions("The garrison lost nine men in the night assault.") == [("killed", 9, 9)]


# Communiqué jargon: "eliminated" / "liquidated" is the killer's own tally, like "neutralised".
def test_eliminated_is_a_neutralised_claim():
    ms = find_mentions("According to preliminary data, up to 25 enemy soldiers were eliminated.", [])
    assert [(m.measure, m.quantity.low, m.quantity.high, m.neutralised) for m in ms] == [("killed", None, 25, True)]


def test_liquidated_before_figure():
    ms = find_mentions("The special forces liquidated 11 saboteurs near the border.", [])
    assert [(m.quantity.value, m.neutralised) for m in ms] == [(11, True)]


# Communiqué verbs of attack: "delivered a strike", "conducted", "dropped", "pounded".
def test_delivered_a_strike_names_the_perpetrator():
    (i,) = incidents("The Russian Armed Forces delivered a missile strike on a training ground near Pokrovske in Ukraine "
                     "on Tuesday, killing up to 70 Ukrainian servicemen, the Russian Defence Ministry said.")
    assert i.victim_bloc == "local_state" and i.perpetrator_bloc == "russia"
    assert (i.killed_low, i.killed_high, i.claimed_by_perpetrator) == (None, 70, True)


# Unnamed attackers: "jihadists" make them an armed group, "gunmen" / "armed men" do not say who they were.
def test_gunmen_are_unknown():
    (i,) = incidents("Unidentified armed men killed four farmers in a village near Segou in Mali on Tuesday.")
    assert i.perpetrator is None and i.perpetrator_bloc == "unknown"


def test_jihadists_are_non_state():
    (i,) = incidents("Suspected jihadists killed four farmers in a village near Segou in Mali on Tuesday.")
    assert i.perpetrator_bloc == "non_state"
