"""extract(): sentence patterns of real reporting that the rules once got wrong (sentences written for
these tests), each checked on the incident it must give."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract import extract

PUB = date(2025, 11, 20)  # a Thursday; "on Tuesday" is 2025-11-18


def incidents(*sentences: str, pub: date | None = PUB):
    return extract("Violence in the Sahel\n\n" + " ".join(sentences) + "\n", pub)


def single(*sentences: str):
    found = incidents(*sentences)
    assert len(found) == 1, [i.fields() for i in found]
    return found[0]


def figures(i):
    return i.killed_low, i.killed_high, i.wounded_low, i.wounded_high


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("One soldier was killed and another was injured in an ambush near Gao on Tuesday.", (1, 1, 1, 1)),
        ("Two Malian soldiers died and another wounded when their truck hit a mine near Gao on Tuesday.", (2, 2, 1, 1)),
        ("A French soldier was killed in Mali on Tuesday and a second was seriously wounded.", (1, 1, 1, 1)),
        ("Gunmen shot dead one gendarme and wounded another at a checkpoint near Gao on Tuesday.", (1, 1, 1, 1)),
        # the same verb for both: one more of the same group
        ("Three soldiers were killed near Gao on Tuesday and another died of his wounds later.", (4, 4, None, None)),
    ],
)
def test_another_after_a_figure_is_one_more_of_that_group(sentence, expected):
    i = single(sentence)
    assert figures(i) == expected
    assert i.victim_bloc != "civilian"


@pytest.mark.parametrize(
    "sentence",
    [
        "Four soldiers were killed near Gao on Tuesday, and another attack hit Kidal on Wednesday.",
        "Four soldiers were killed near Gao on Tuesday; another 12 were wounded.",
        "Four soldiers were killed near Gao on Tuesday, a second such loss in a week.",
        "On Tuesday near Gao, militants killed four soldiers, another sign of their reach.",
        "Militants killed four soldiers, a second blow to the army near Gao on Tuesday.",
    ],
)
def test_another_that_is_not_a_person_adds_nothing(sentence):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (4, 4)
    assert i.wounded_low in (None, 12)


@pytest.mark.parametrize(
    "sentence, killed",
    [
        ("15 soldiers and five VDP auxiliaries were killed in an attack near Djibo on Tuesday.", 20),
        ("Jihadists killed 12 soldiers and three gendarmes near Djibo in Burkina Faso on Tuesday.", 15),
        ("Two soldiers and a gendarme were shot dead at a checkpoint near Djibo in Burkina Faso on Tuesday.", 3),
        ("The ambush near Djibo in Burkina Faso on Tuesday left 15 soldiers and five VDP auxiliaries dead.", 20),
        ("Fifteen soldiers were killed near Djibo in Burkina Faso on Tuesday, as were five gendarmes.", 20),
        ("Between 15 and 20 soldiers and five gendarmes were killed near Djibo in Burkina Faso on Tuesday.", (20, 25)),
    ],
)
def test_a_list_of_one_victim_group_adds_up(sentence, killed):
    i = single(sentence)
    low, high = killed if isinstance(killed, tuple) else (killed, killed)
    assert (i.killed_low, i.killed_high, i.victim_bloc) == (low, high, "local_state")


def test_a_claimed_list_adds_up_and_stays_a_claim():
    i = single("JNIM said it killed 15 soldiers and five VDP auxiliaries near Djibo in Burkina Faso on Tuesday.")
    assert (i.killed_low, i.killed_high) == (20, 20)
    assert i.claimed_by_perpetrator is True
    assert i.perpetrator == "JNIM"
    assert [e.text for e in i.evidence] == ["15 soldiers", "five VDP auxiliaries"]


def test_a_breakdown_or_an_apposition_is_not_added():
    found = incidents("Jihadists killed 20 people, 12 soldiers and eight civilians, near Djibo in Burkina Faso on Tuesday.")
    civilians = next(i for i in found if i.victim_bloc == "civilian")
    assert civilians.killed_high == 20  # not 28: the 20 is the total the list breaks down
    i = single("Captain Paul Martin, a helicopter pilot, was killed near Gao in Mali on Tuesday.")
    assert (i.killed_low, i.killed_high) == (1, 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "A Malian army helicopter crashed near Gao on Tuesday, killing its four crew.",
        "A Malian air force plane was shot down near Gao on Tuesday, killing all four of its crew members.",
        "A Malian army helicopter crashed near Gao on Tuesday, killing their four crewmen.",
        "A Malian army helicopter crashed near Gao on Tuesday, killing the four pilots and gunners.",
        "A Malian army helicopter crashed near Gao on Tuesday, killing the helicopter's four crew members.",
    ],
)
def test_a_possessive_before_the_figure_still_gives_it(sentence):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (4, 4)
    assert (i.victim_bloc, i.victim_affiliation) == ("local_state", "MLI")  # a military aircraft's crew


@pytest.mark.parametrize(
    "sentence",
    [
        "The army lost 12 men in the attack on Tuesday, officials said.",
        "Government forces lost 12 soldiers in the fighting on Tuesday.",
        "The military said it had lost 12 men when its convoy was ambushed on Tuesday.",
        "The army suffered heavy losses in an ambush on Tuesday, losing 12 soldiers.",
    ],
)
def test_the_army_that_lost_men_is_the_victim_even_unnamed(sentence):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (12, 12)
    assert i.victim_bloc == "local_state"


def test_the_country_that_lost_men_is_the_victim():
    i = single("France lost 13 soldiers when two of its helicopters collided over Mali on Tuesday.")
    assert (i.victim, i.victim_affiliation, i.killed_low) == ("French army", "FRA", 13)


@pytest.mark.parametrize(
    "sentence, victim, killed",
    [
        ("France has 5,100 troops in the Sahel, 58 of whom have died since 2013.", "French army", (58, 58)),
        ("Wagner had some 1,500 fighters in Mali, at least 80 of whom have been killed since 2021.", "Wagner Group",
         (80, None)),
        ("The convoy carried 40 Malian soldiers, 12 of whom were killed in the ambush near Gao on Tuesday.",
         "Malian army", (12, 12)),
        ("Gunmen stopped a bus carrying 30 passengers near Gao on Tuesday, 12 of whom were shot dead.", "civilians",
         (12, 12)),
    ],
)
def test_n_of_whom_counts_the_people_of_the_strength_figure_before(sentence, victim, killed):
    i = single(sentence)  # the strength figure itself (5,100, 1,500, 40, 30) is no casualty
    assert (i.victim, (i.killed_low, i.killed_high)) == (victim, killed)


def test_n_more_takes_the_verb_before_it_and_its_own_day():
    found = incidents("Eight villagers were killed on Sunday and 12 more on Tuesday in raids on hamlets near Gao.")
    assert sorted((i.date_start, i.killed_low, i.killed_high) for i in found) == [
        ("2025-11-16", 8, 8), ("2025-11-18", 12, 12)]  # fmt: skip
    assert {i.victim for i in found} == {"civilians"}


def test_n_more_in_the_same_attack_adds_up_and_elsewhere_is_another():
    i = single("Eight soldiers were killed in the morning and 12 more in the afternoon near Gao in Mali on Tuesday.")
    assert (i.killed_low, i.killed_high) == (20, 20)
    found = incidents("Eight soldiers were killed near Gao in Mali on Tuesday and 12 more near Kidal.")
    assert sorted((i.location, i.killed_low) for i in found) == [("Gao", 8), ("Kidal", 12)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Eight soldiers were killed near Gao in Mali on Tuesday and 12 more fled into the bush.",
        "Eight soldiers were killed near Gao in Mali on Tuesday and 12 more were captured.",
    ],
)
def test_n_more_with_a_verb_of_its_own_is_not_elliptic(sentence):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (8, 8)


@pytest.mark.parametrize(
    "sentence",
    [
        "Two Americans were among the seven killed in the attack near Ayorou in Niger on Tuesday.",
        "Two Americans, both aid workers, were among the seven people killed near Ayorou in Niger on Tuesday.",
        "Two Nigerien guards and an American contractor were among the seven killed near Ayorou in Niger on Tuesday.",
    ],
)
def test_the_nationality_of_victims_is_not_the_perpetrator(sentence):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (7, 7)
    assert i.perpetrator != "U.S. military" and i.perpetrator_bloc != "west"
    assert i.victim_bloc != "west" and i.victim_affiliation != "USA"


def test_a_force_that_did_the_killing_is_still_the_perpetrator():
    i = single("American troops killed seven militants near Ayorou in Niger on Tuesday.")
    assert (i.perpetrator, i.victim_bloc) == ("U.S. military", "non_state")


@pytest.mark.parametrize(
    "sentence, days",
    [
        ("One soldier was killed near Gao in Mali on Monday and another on Tuesday.", ["2025-11-17", "2025-11-18"]),
        ("Eight villagers were killed near Gao in Mali on Monday, 12 more on Tuesday.", ["2025-11-17", "2025-11-18"]),
    ],
)
def test_another_day_told_after_an_elided_verb_is_another_incident(sentence, days):
    found = incidents(sentence)
    assert sorted(i.date_start for i in found) == days
    assert all(i.killed_low == i.killed_high for i in found)


def test_and_n_others_ends_a_list_that_adds_up():
    i = single("The attack killed 15 soldiers and five others near Gao in Mali on Tuesday.")
    assert (i.killed_low, i.killed_high) == (20, 20)


@pytest.mark.parametrize(
    "sentence, victim",
    [
        ("France, which has 5,100 troops in the region, has lost 58 of them since 2013.", "French army"),
        ("Of the 5,100 troops France deployed to the Sahel, 58 have died since 2013.", "French army"),
        ("During clashes with JNIM near Gao in Mali on Tuesday, the army lost 12 men.", "Malian army"),
    ],
)
def test_whose_men_were_lost(sentence, victim):
    i = single(sentence)
    assert i.victim == victim
    assert i.killed_low in (58, 12)


@pytest.mark.parametrize(
    "sentence",
    [
        "Two soldiers were killed near Gao in Mali on Tuesday and another succumbed to his wounds in hospital.",
        "Gunmen murdered two villagers near Gao in Mali on Tuesday.",
        "Two villagers were gunned down near Gao in Mali on Tuesday.",
        "Two villagers were hacked to death near Gao in Mali on Tuesday.",
    ],
)
def test_more_verbs_of_killing(sentence):
    i = single(sentence)
    assert i.killed_low == (3 if "another" in sentence else 2)


@pytest.mark.parametrize(
    "second, expected",
    [
        ("Another died in hospital on Wednesday.", (3, 3, None, None)),
        ("Another, a lieutenant, was seriously wounded.", (2, 2, 1, 1)),
        ("Another attack hit a convoy near Kidal.", (2, 2, None, None)),
    ],
)
def test_another_in_the_next_sentence_adds_to_the_figure_before(second, expected):
    i = single("Two soldiers were killed near Gao in Mali on Tuesday.", second)
    assert figures(i) == expected


@pytest.mark.parametrize(
    "sentence", ["The national team lost 2 to 1 in Bamako on Tuesday.",
                 "The loss of 12 helicopters since 2020 has hurt the Malian air force."],
)
def test_lost_without_people_is_no_casualty(sentence):
    assert incidents(sentence) == []


@pytest.mark.parametrize(
    "sentence, killed",
    [
        ("A Malian army helicopter crashed near Gao on Tuesday, killing both pilots.", 2),
        ("Both soldiers were killed when their truck hit a mine near Gao in Mali on Tuesday.", 2),
        ("Both sides lost ground near Gao in Mali on Tuesday, where three soldiers were killed.", 3),
    ],
)
def test_both_people_are_two(sentence, killed):
    i = single(sentence)
    assert (i.killed_low, i.killed_high) == (killed, killed)


def test_a_period_between_two_years_is_an_aggregate_in_the_region_named():
    i = single("France once had 5,100 troops in the Sahel, 58 of whom died between 2013 and 2022.")
    assert (i.kind, i.date_start, i.date_end, i.date_precision) == ("aggregate", "2013-01-01", "2022-12-31", "period")
    assert (i.victim, i.country, i.location) == ("French army", None, "Sahel")  # France owns the troops


def test_the_country_that_lost_the_men_is_not_where_they_died():
    i = single("France lost 13 soldiers when two of its helicopters collided over Mali on Tuesday.")
    assert (i.victim, i.country) == ("French army", "MLI")


def test_victims_among_a_figure_give_it_neither_their_group_nor_the_one_told_before():
    found = incidents(
        "Since 2013, 58 French soldiers have been killed in the Sahel.",
        "Two Americans were among the seven killed in a hotel attack in Ouagadougou in 2016.",
    )
    hotel = next(i for i in found if i.kind == "incident")
    assert (hotel.killed_low, hotel.killed_high, hotel.victim_bloc) == (7, 7, "civilian")
    assert hotel.perpetrator_bloc != "west"


def test_a_fourth_after_three_is_one_more():
    i = single("Mali's army said three of its soldiers were killed and a fourth was wounded near Gao on Tuesday.")
    assert figures(i) == (3, 3, 1, 1)


def test_people_described_by_a_participle_who_also_died():
    found = incidents(
        "Twelve soldiers were killed when their convoy hit a mine near Gao in Mali on Tuesday.",
        "Two civilians riding with the convoy also died.",
    )
    assert sorted((i.victim_bloc, i.killed_low) for i in found) == [("civilian", 2), ("local_state", 12)]


def test_who_lost_men_is_named_in_the_same_clause():
    found = incidents("Wagner lost at least 20 men near Tinzaouaten in Mali on Tuesday, according to a rebel spokesman, "
                      "who said his movement lost seven fighters.")  # fmt: skip
    assert sorted((i.victim_bloc, i.killed_low) for i in found) == [("non_state", 7), ("russia", 20)]


def test_every_figure_of_a_sentence_dated_days_after_an_event_is_counted_from_that_event():
    found = incidents(
        "A roadside bomb killed three soldiers near Gao in Mali on Sunday.",
        "Three days later, a similar device killed two gendarmes and wounded a third near Kidal.",
    )
    later = next(i for i in found if i.location == "Kidal")
    assert (later.date_start, figures(later)) == ("2025-11-19", (2, 2, 1, 1))


def test_an_acronym_in_brackets_between_the_people_and_their_verb():
    i = single("Five soldiers of the Malian Armed Forces (FAMa) were killed near Gao on Tuesday.")
    assert (i.killed_low, i.victim) == (5, "Malian army")


def test_two_armed_groups_are_two_victims_and_each_other_s_perpetrators():
    found = incidents(
        "A drone strike killed four SDF fighters near the Tishrin Dam in Syria on Tuesday, the SDF said.",
        "The SDF said its fighters had killed 23 members of the Syrian National Army in the fighting.",
    )
    by_victim = {i.victim: i for i in found}
    assert (by_victim["Syrian Democratic Forces"].killed_high, by_victim["Syrian National Army"].killed_low) == (4, 23)
    assert by_victim["Syrian National Army"].perpetrator == "Syrian Democratic Forces"
    i = single("JNIM fighters killed 20 Islamic State militants near Menaka in Mali on Tuesday.")
    assert (i.victim, i.perpetrator) == ("Islamic State", "JNIM")


def test_dozens_of_a_nationality():
    i = single('JNIM said it had killed "dozens" of Russians near Gao in Mali on Tuesday.')
    assert (i.victim_bloc, i.killed_low, i.perpetrator) == ("russia", 24, "JNIM")


def test_a_toll_raised_replaces_the_one_given_before():
    i = single("Rescuers pulled more bodies from the rubble in Gao in Mali on Tuesday, raising the death toll from the "
               "blast to 40.", "On Monday evening officials had given a toll of 30.")  # fmt: skip
    assert (i.killed_low, i.killed_high) == (40, 40)


def test_a_total_broken_down_after_a_colon_gives_its_parts_only():
    found = incidents("The strike near Gao in Mali on Tuesday killed 22 people in all: 19 civilians and three armed men.")
    assert sorted((i.victim_bloc, i.killed_low, i.killed_high) for i in found) == [
        ("civilian", 19, 19), ("non_state", 3, 3)]  # fmt: skip


def test_a_figure_of_speakers_is_no_casualty():
    i = single("Militants attacked a post near Gao in Mali on Tuesday, killing 11 soldiers and wounding half a dozen "
               "others, two security sources said.")  # fmt: skip
    assert figures(i) == (11, 11, 6, None)


def test_fell_as_martyrs():
    i = single('An officer said "at least twenty of our soldiers fell as martyrs" near Gao in Mali on Tuesday.')
    assert (i.killed_low, i.killed_high, i.victim_bloc) == (20, None, "local_state")


def test_a_day_counted_back_from_the_figure_before():
    found = incidents("On Saturday, a bomb destroyed a French armoured vehicle near Menaka in Mali and killed two of its "
                      "crew, five days after three soldiers died in a similar blast near Hombori.")  # fmt: skip
    assert sorted((i.date_start, i.killed_low, i.victim) for i in found) == [
        ("2025-11-10", 3, "French army"), ("2025-11-15", 2, "French army")]  # fmt: skip


def test_an_attack_claimed_by_the_group_named_before():
    found = incidents("Islamic State was declared defeated in Iraq in 2017, but the group's cells still attack.",
                      "In January, two suicide bombers killed 32 people at a market in Baghdad, an attack claimed by "
                      "the group.")  # fmt: skip
    assert [(i.killed_low, i.perpetrator) for i in found] == [(32, "Islamic State")]


@pytest.mark.parametrize(
    "sentences, perpetrator",
    [
        (("Al-Shabaab is based in Somalia.", "It is stronger than ever.", "In 2019, the group's assault on a hotel in Nairobi killed 21 "
          "people."), "al-Shabaab"),
        (("Two Russian instructors were killed in 2023 when their vehicle hit a landmine near Bossangoa, a channel "
          "close to Wagner said, which blamed CPC rebels.",), "CPC"),
    ],
)
def test_more_ways_of_naming_the_perpetrator(sentences, perpetrator):
    assert single(*sentences).perpetrator == perpetrator


@pytest.mark.parametrize(
    "people",
    ["at least 14 members of a state-backed civilian defense militia", "14 pro-government militiamen",
     "14 army auxiliaries"],
)
def test_the_state_s_auxiliaries_are_its_own_side(people):
    i = single(f"Jihadists killed {people} near Djibo in Burkina Faso on Tuesday.")
    assert (i.killed_low, i.victim_bloc, i.victim_affiliation) == (14, "local_state", "BFA")


def test_militiamen_of_no_side_stay_an_armed_group():
    i = single("Jihadists killed 14 militiamen near Djibo in Burkina Faso on Tuesday.")
    assert (i.killed_low, i.victim_bloc) == (14, "non_state")


def test_a_claim_made_in_a_month_is_dated_to_that_month():
    found = incidents("Wagner lost about 80 men near Tinzaouaten in Mali in July 2024.",
                      'JNIM said in May 2025 that it had killed "dozens" of Russians in the Segou region.')
    claim = next(i for i in found if i.perpetrator == "JNIM")
    assert (claim.killed_low, claim.date_start, claim.date_precision, claim.claimed_by_perpetrator) == (
        24, "2025-05-01", "month", True)  # fmt: skip


def test_a_model_number_in_what_the_people_were_aboard():
    i = single("Russia's defence ministry said all 15 servicemen aboard an Il-20 reconnaissance aircraft were killed "
               "when it was shot down off Latakia in Syria on Tuesday.")  # fmt: skip
    assert (i.killed_low, i.victim_bloc) == (15, "russia")


def test_a_period_begun_when_a_campaign_began_and_a_year_s_toll():
    i = single("Since March 15, when the U.S. began its campaign against the rebels in Yemen, strikes have killed more "
               "than 200 civilians.")  # fmt: skip
    assert (i.kind, i.date_start) == ("aggregate", "2025-03-15")
    found = incidents("In November, an attack on the village of Zaongo in Burkina Faso killed about 70 people.",
                      "More than 8,000 people were killed in Burkina Faso in 2023, the most since the war began.")
    total = next(i for i in found if i.kind == "aggregate")
    assert (total.date_start, total.date_end) == ("2023-01-01", "2023-12-31")


def test_soldiers_killed_in_a_country_named_are_its_army_not_the_one_told_before():
    found = incidents("A Malian army helicopter was shot down near Menaka on Tuesday, killing its four crew.",
                      "15 soldiers and five VDP auxiliaries were killed near Djibo in Burkina Faso on Sunday.")
    assert sorted((i.victim_affiliation, i.killed_low, i.killed_high) for i in found) == [
        ("BFA", 20, 20), ("MLI", 4, 4)]  # fmt: skip


@pytest.mark.parametrize("verb", ["claimed 12 lives", "cost at least 12 lives", "took the 12 lives"])
def test_lives_claimed_are_killed(verb):
    i = single(f"An explosion near Gao in Mali on Tuesday {verb}, officials said.")
    assert i.killed_low == 12


def test_a_bare_total_broken_down_after_a_dash():
    found = incidents("The attack near Gao in Mali on Tuesday killed 12 - eight soldiers and four civilians.")
    assert sorted((i.victim_bloc, i.killed_low, i.killed_high) for i in found) == [
        ("civilian", 4, 4), ("local_state", 8, 8)]  # fmt: skip


def test_one_person():
    i = single("One person was killed and 10 others were injured in a blast near Gao in Mali on Tuesday.")
    assert figures(i) == (1, 1, 10, 10)


@pytest.mark.parametrize(
    "running", ["bringing to 40 the number of troops killed this month", "bringing the number of soldiers killed "
                "this month to 40"],
)
def test_a_running_total_of_a_period_is_an_aggregate_of_its_own(running):
    found = incidents(f"The attack near Gao in Mali on Tuesday killed 12 soldiers, {running}.")
    assert sorted((i.kind, i.killed_low, i.killed_high) for i in found) == [("aggregate", 40, 40), ("incident", 12, 12)]


def test_a_group_held_responsible_for_vague_numbers_of_deaths_is_no_event():
    assert incidents("France holds the group responsible for the deaths of dozens of civilians and soldiers in the "
                     "border region of Mali.") == []  # fmt: skip
    i = single("Militants blamed for the deaths of 12 soldiers near Gao in Mali on Tuesday were arrested.")
    assert i.killed_low == 12


def test_a_second_soldier_adds_to_the_first_or_stands_alone():
    i = single("One soldier was killed near Gao in Mali on Tuesday.", "A second soldier died of his wounds in hospital.")
    assert (i.killed_low, i.killed_high) == (2, 2)
    assert (single("Another soldier was killed near Gao in Mali on Tuesday.").killed_low) == 1
    assert incidents("Another was killed near Gao in Mali on Tuesday.") == []  # one more than nothing told


def test_the_day_named_within_last_week_dates_the_event():
    i = single("Last week's assault on the army base at Mansila in Burkina Faso, on November 11, was one of the "
               "heaviest blows to the army.", "About 100 soldiers were killed, two officials said.")  # fmt: skip
    assert (i.date_start, i.date_end, i.killed_low) == ("2025-11-11", "2025-11-11", 100)


def test_a_regional_total_after_a_death_in_one_country_has_no_country():
    found = incidents("A French soldier was killed in Mali on Tuesday, bringing to 52 the number of French soldiers "
                      "killed in the Sahel since 2013.")  # fmt: skip
    total = next(i for i in found if i.kind == "aggregate")
    assert (total.killed_low, total.country, total.location) == (52, None, "Sahel")


def test_since_the_start_of_the_year():
    i = single("More than 300 civilians have been killed in Niger since the start of the year.")
    assert (i.kind, i.date_start, i.date_end) == ("aggregate", "2025-01-01", "2025-11-20")


@pytest.mark.parametrize(
    "sentence",
    ["The army affirmed to have killed more than 100 militants near Hawadley in Somalia on Tuesday.",
     "The ministry assured that the army had killed more than 100 terrorists near Hawadley in Somalia on Tuesday."],
)
def test_claims_in_translated_wording(sentence):
    i = single(sentence)
    assert (i.killed_low, i.claimed_by_perpetrator, i.perpetrator_bloc) == (100, True, "local_state")


def test_for_the_loss_of_their_own_men():
    found = incidents("On Tuesday near Bohoma in Chad, Chadian forces killed 100 militants, for the loss of 12 of their "
                      "own men.")  # fmt: skip
    own = next(i for i in found if i.victim_bloc == "local_state")
    assert (own.victim, own.killed_low, own.killed_high) == ("Chadian army", 12, 12)


@pytest.mark.parametrize(
    "sentence, civilians",
    [
        ("A bomb in Manbij in Syria on Tuesday killed two U.S. soldiers, a civilian employee of the Defense "
         "Department and a contractor working for the U.S. military.", 2),
        ("Militants killed two soldiers in Gao and three civilians in Kidal in Mali on Tuesday.", 3),
        ("Militants killed two soldiers in Gao in Mali on Tuesday and 300 villagers fled.", None),
    ],
)
def test_a_list_goes_on_past_the_words_that_end_a_member(sentence, civilians):
    found = incidents(sentence)
    assert next((i.killed_low for i in found if i.victim_bloc == "civilian"), None) == civilians


def test_who_neutralised_is_the_force_that_carried_out_the_operation():
    i = single("On Tuesday near Boulikessi in Mali, the Barkhane force carried out an operation against a column of "
               "motorcycles.", "The operation made it possible to neutralise more than 50 jihadists.")  # fmt: skip
    assert (i.perpetrator, i.claimed_by_perpetrator, i.killed_low) == ("French army", True, 50)
