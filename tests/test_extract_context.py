"""extract(): fields that come from the rest of the article, not the figure's own clause (sentences written here)."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract import extract

PUB = date(2025, 11, 20)  # a Thursday


def run(*paragraphs: str, pub: date = PUB):
    return extract("Violence in the Sahel\n\n" + "\n\n".join(paragraphs) + "\n", pub)


def by_bloc(incidents, bloc):
    found = [i for i in incidents if i.victim_bloc == bloc]
    assert len(found) == 1, [i.fields() for i in incidents]
    return found[0]


def test_first_figures_give_way_once_the_toll_is_revised():
    incidents = run(
        "The toll from Monday's shelling of the market in Kherson has risen to 14, regional officials said. "
        "Another 40 people were wounded. Early reports on Monday had spoken of 9 dead and 25 injured."
    )
    i = by_bloc(incidents, "civilian")
    assert (i.killed_low, i.killed_high, i.wounded_low, i.wounded_high) == (14, 14, 40, 40)


def test_weapon_named_for_its_owner_is_the_perpetrator_not_the_victim():
    incidents = run("The toll from Tuesday's Russian missile strike on a clinic in Kharkiv rose to 9, officials said.")
    i = by_bloc(incidents, "civilian")
    assert i.perpetrator == "Russian army"
    assert not [x for x in incidents if x.victim_bloc == "russia"]


def test_subject_with_a_participle_clause_is_the_perpetrator():
    incidents = run("Investigators found that Malian troops, acting with foreign fighters, killed 40 villagers near Djenné in May.")
    i = by_bloc(incidents, "civilian")
    assert i.perpetrator == "Malian army" and i.perpetrator_bloc == "local_state"


def test_group_that_claims_the_attack_later_in_the_story_is_the_perpetrator():
    incidents = run(
        "Gunmen stormed a police post near Djibo on Tuesday, killing 11 gendarmes. The wounded were flown to the capital. "
        "Residents said the attackers came on motorbikes.",
        "JNIM, the al-Qaeda branch in the Sahel, claimed the attack in a message on Wednesday.",
    )
    i = by_bloc(incidents, "local_state")
    assert i.perpetrator == "JNIM"


def test_claim_after_the_next_event_is_not_borrowed():
    incidents = run(
        "On 3 March 2025 a roadside bomb killed four soldiers near Ansongo.",
        "On 9 March 2025 another device killed six soldiers near Menaka, in an attack claimed by JNIM.",
    )
    first = next(i for i in incidents if i.killed_low == 4)
    assert first.perpetrator is None


def test_perpetrator_of_one_group_in_an_event_is_shared_with_the_other():
    incidents = run("JNIM fighters ambushed a convoy near Boni on Tuesday, killing nine Russian mercenaries. "
                    "Three Malian soldiers also died in the ambush.")
    assert by_bloc(incidents, "russia").perpetrator == "JNIM"
    assert by_bloc(incidents, "local_state").perpetrator == "JNIM"


def test_civilian_victims_are_stored_as_civilians_and_bare_soldiers_by_their_army():
    incidents = run("A shell killed a 9-year-old girl in Kidal on Tuesday, and a mine killed four soldiers near Tessalit in Mali.")
    assert by_bloc(incidents, "civilian").victim == "civilians"
    assert by_bloc(incidents, "local_state").victim == "Malian army"


def test_days_later_counts_from_the_previous_event():
    incidents = run(
        "On 2 March 2025, two soldiers died when a mine hit their truck near Gao in Mali.",
        "Four days later, in the Menaka region, another device killed three soldiers.",
    )
    later = next(i for i in incidents if i.killed_low == 3)
    assert (later.date_start, later.date_precision) == ("2025-03-06", "day")


def test_unit_with_an_ordinal_belongs_to_the_noun_phrase():
    incidents = run("On 4 March 2025, two soldiers of the 2nd Parachute Regiment died near Gao in Mali.")
    assert [(i.killed_low, i.date_start) for i in incidents] == [(2, "2025-03-04")]


def test_speaker_who_claims_the_deed_is_the_perpetrator():
    incidents = run("A bomb killed two soldiers near Mopti on Tuesday, and JNIM claimed that attack the next day.")
    assert by_bloc(incidents, "local_state").perpetrator == "JNIM"


def test_counter_attack_joins_the_attack_it_answers():
    incidents = run(
        "About 30 soldiers were killed in Tuesday's ambush near Djibo in Burkina Faso, a security source said.",
        "The army said 45 terrorists had been neutralised in the counter-attack.",
    )
    militants = by_bloc(incidents, "non_state")
    assert militants.date_start == "2025-11-18"
    assert militants.location == by_bloc(incidents, "local_state").location


def test_accident_has_no_perpetrator():
    incidents = run("Two transport helicopters collided at night near Gao in Mali on Tuesday while chasing "
                    "JNIM fighters, killing 9 French soldiers.")
    i = by_bloc(incidents, "west")
    assert (i.perpetrator, i.perpetrator_bloc) == (None, "unknown")


def test_period_total_without_a_named_killer_has_unknown_perpetrator():
    incidents = run("Since the insurgency began in 2012, more than 10,000 people have died in Mali, a jihadist-hit country.")
    assert [(i.kind, i.perpetrator_bloc) for i in incidents] == [("aggregate", "unknown")]


def test_ambiguous_place_is_read_in_the_country_the_sentence_names():
    incidents = run("A drone strike on a market in Tripoli on Tuesday killed six people, Libya's health ministry said.")
    assert [(i.location, i.country) for i in incidents] == [("Tripoli", "LBY")]


def test_place_missing_from_the_gazetteer_is_read_from_near():
    incidents = run("Gunmen killed 14 villagers near Kobakoro, in central Mali, on Tuesday.")
    assert [(i.location, i.country) for i in incidents] == [("Kobakoro", "MLI")]


def test_seat_of_government_is_not_where_it_happened():
    incidents = run("On Tuesday the army said it had neutralised 31 terrorists, the government in Bamako announced, "
                    "after fighting in central Mali.")
    assert [i.location for i in incidents] == [None]


def test_force_that_took_the_village_when_people_died_is_the_perpetrator():
    incidents = run("Witnesses say 60 people were killed when Burkinabe soldiers and militia auxiliaries took the "
                    "village of Karma in April.")
    assert by_bloc(incidents, "civilian").perpetrator == "Burkinabe army"


def test_the_other_n_is_part_of_a_group_already_counted():
    incidents = run("Five Chadian soldiers died in the ambush near Ngouboua on Tuesday. Two were buried in "
                    "N'Djamena and the other three were flown home to their villages.")
    assert [i.killed_low for i in incidents] == [5]


def test_soldiers_from_a_countrys_army_take_its_affiliation():
    incidents = run("Three French soldiers and four soldiers from Mali's army were killed near Gao on Tuesday.")
    assert sorted((i.victim_affiliation, i.killed_low) for i in incidents) == [("FRA", 3), ("MLI", 4)]


def test_attackers_of_the_scene_setting_sentence_are_the_perpetrators():
    incidents = run("Dozens of JNIM fighters on motorbikes attacked the army post at Diafarabé on Tuesday. "
                    "Eleven soldiers died and five were wounded.")
    assert by_bloc(incidents, "local_state").perpetrator == "JNIM"


def test_a_years_total_for_a_region_is_an_aggregate():
    incidents = run("Roughly 4,000 people were killed in the Tillaberi region in 2024, according to a monitoring group.",
                    pub=date(2025, 2, 1))
    assert [(i.kind, i.date_start) for i in incidents] == [("aggregate", "2024-01-01")]


def test_an_event_dated_only_by_its_year_stays_an_incident():
    incidents = run("It was near the same village that three Chadian soldiers were killed in 2019.", pub=date(2025, 2, 1))
    assert [i.kind for i in incidents] == ["incident"]


def test_conflict_that_began_in_a_year_is_counted_since_then():
    incidents = run("The insurgency, which began in 2017, has killed more than 5,000 people in the province.",
                    pub=date(2025, 2, 1))
    assert [(i.kind, i.date_start, i.date_end) for i in incidents] == [("aggregate", "2017-01-01", "2025-02-01")]


def test_named_attackers_before_a_figure_are_not_its_victims():
    incidents = run("Suspected Boko Haram militants killed at least 20 farm workers near Konduga on Tuesday.")
    i = by_bloc(incidents, "civilian")
    assert i.perpetrator == "Boko Haram"


def test_each_clause_keeps_its_own_date():
    incidents = run("The toll from the raid on herders near Inates on 3 March has been raised to 31, and on 9 March "
                    "about 40 villagers died in Anderamboukane.", pub=date(2025, 3, 20))
    dates = sorted((i.killed_low, i.date_start) for i in incidents)
    assert dates == [(31, "2025-03-03"), (40, "2025-03-09")]


def test_group_suspected_of_being_behind_the_attack_is_the_perpetrator():
    incidents = run("Gunmen killed 37 villagers in Tillia on Tuesday, the governor said.",
                    "Security sources suspect the Islamic State in the Greater Sahara of being behind the massacre.")
    assert by_bloc(incidents, "civilian").perpetrator == "Islamic State in the Greater Sahara"


def test_claim_two_paragraphs_on_still_belongs_to_the_event():
    incidents = run("A car bomb killed at least 25 people at a checkpoint in Mogadishu on Tuesday.",
                    "Ambulances took the wounded to Medina hospital.",
                    "Al-Shabaab claimed responsibility for the bombing.")
    assert by_bloc(incidents, "civilian").perpetrator == "al-Shabaab"


def test_toll_since_a_recent_weekday_is_one_event_not_a_period_total():
    incidents = run("Fighters have killed more than 60 people in the camp since Monday, aid workers said.")
    assert [(i.kind, i.date_start, i.date_end, i.date_precision) for i in incidents] == [
        ("incident", "2025-11-17", "2025-11-20", "day")
    ]


def test_capital_that_speaks_is_not_the_place_of_the_event():
    incidents = run("A Ukrainian missile strike on barracks in Svatove on Tuesday killed 30 Russian soldiers, "
                    "Moscow said. Kyiv has said that up to 120 Russian soldiers were killed in the strike.")
    i = by_bloc(incidents, "russia")
    assert (i.killed_low, i.killed_high, i.location) == (30, 120, "Svatove")


def test_date_of_two_scene_setting_sentences_back():
    incidents = run("Between 4 and 6 March 2025, an army convoy was ambushed twice on the road to Léré. "
                    "Each side tells a different story. The army says it lost nine soldiers.")
    assert [(i.date_start, i.date_end) for i in incidents] == [("2025-03-04", "2025-03-06")]


def test_the_rebels_own_losses_are_those_of_the_group_the_story_is_about():
    incidents = run(
        "The Azawad Liberation Front (FLA) said it killed 30 Malian soldiers near Tinzaouaten on Tuesday.",
        "The FLA, a coalition of Tuareg movements, said the army fled. JNIM was not involved.",
        "The rebels put their own losses at four fighters killed.",
    )
    rebels = by_bloc(incidents, "non_state")
    assert rebels.victim == "CSP"  # the lexicon files the FLA under the CSP
    assert rebels.perpetrator == "Malian army"


def test_acronym_in_brackets_that_speaks_is_the_source_not_the_killer():
    incidents = run("The Coalition of Patriots for Change (CPC) said 12 civilians were killed in a drone strike near "
                    "Ndele on Tuesday. The rebels blamed the Central African army.")
    assert by_bloc(incidents, "civilian").perpetrator == "Central African army"


def test_since_the_coup_counts_from_the_date_given_before():
    incidents = run("The generals seized power in July 2023. At least 1,800 people have been killed in Niger since "
                    "the coup, a monitoring group says.")
    assert [(i.kind, i.date_start) for i in incidents] == [("aggregate", "2023-07-01")]


def test_toll_of_attacks_on_two_days_is_an_aggregate_but_one_day_is_not():
    two_days = run("More than 60 soldiers died in two separate jihadist attacks in Tillaberi on 3 March and "
                   "5 March, officials said.", pub=date(2025, 3, 20))
    one_day = run("Twelve civilians and 4 soldiers were killed on Tuesday in two attacks in northern Mali.")
    assert [i.kind for i in two_days] == ["aggregate"]
    assert {i.kind for i in one_day} == {"incident"}


def test_days_after_dates_the_later_event_not_the_one_it_names():
    incidents = run("The blast came three days after two Chadian soldiers were killed on Sunday near Bol.")
    assert [i.date_start for i in incidents] == ["2025-11-16"]


def test_troops_that_travel_with_the_victims_are_not_the_attackers():
    incidents = run("Four French soldiers were killed in an ambush near Gao on Tuesday after they left the base with "
                    "some 40 Malian troops.")
    assert by_bloc(incidents, "west").perpetrator is None


def test_the_previous_day_counts_from_the_statement():
    incidents = run("Officials said on Wednesday that 27 herders were killed near Damasak the previous day.")
    assert [i.date_start for i in incidents] == ["2025-11-18"]


def test_bodies_counted_are_deaths():
    incidents = run("Gunmen attacked Kukawa on Tuesday. Rescuers had recovered 19 bodies by nightfall.")
    assert [i.killed_low for i in incidents] == [19]


def test_people_killed_in_fighting_between_armed_groups_are_of_unknown_side():
    incidents = run("The toll from fighting between two rival militias in Zawiya rose to 23 on Tuesday, with "
                    "70 people wounded. It was unclear how many of the dead were fighters and how many were civilians.")
    assert [(i.victim, i.victim_bloc) for i in incidents] == [("people", "unknown")]


def test_a_second_date_word_like_overnight_does_not_outrank_a_month():
    incidents = run("In March, gunmen killed 14 passengers of a bus that had been stranded overnight near Kaya.")
    assert [i.date_precision for i in incidents] == ["month"]


def test_group_that_burned_the_village_is_not_its_victim():
    incidents = run("In March, Boko Haram fighters burned homes in Kaleri, killing 16 travellers.")
    assert [(i.victim_bloc, i.perpetrator) for i in incidents] == [("civilian", "Boko Haram")]


def test_a_nationality_alone_counts_one_person_of_it():
    incidents = run("A mine killed an American and a British service member near Deir ez-Zor on Tuesday.")
    assert sorted((i.victim_affiliation, i.killed_low) for i in incidents) == [("GBR", 1), ("USA", 1)]


def test_a_nationality_before_a_noun_is_an_adjective_not_a_person():
    incidents = run("A Russian missile hit a school in Sumy on Tuesday, killing 6 people, a Ukrainian official said.")
    assert [i.killed_low for i in incidents] == [6]


def test_men_of_a_named_force_are_that_force():
    incidents = run("Islamic State fighters ambushed a patrol near Mocimboa on Tuesday and killed four Wagner men.")
    assert [(i.victim, i.victim_bloc) for i in incidents] == [("Wagner Group", "russia")]


def test_bare_soldiers_in_a_story_about_one_foreign_force_are_of_that_force():
    incidents = run("Since 2013, 41 French soldiers have died in the Sahel.",
                    "On 4 March 2025, two soldiers of the 1st Hussar Regiment died near Gao.")
    later = next(i for i in incidents if i.killed_low == 2)
    assert (later.victim, later.victim_affiliation) == ("French army", "FRA")


def test_date_of_a_statement_is_not_the_date_of_the_deaths():
    incidents = run("On Tuesday fighting broke out around Ber in Mali.",
                    "The army said in a second statement on Thursday that nine soldiers had died.")
    assert [i.date_start for i in incidents] == ["2025-11-18"]


def test_both_sides_of_a_battle_are_each_others_perpetrators():
    incidents = run(
        "The Azawad Liberation Front (FLA) and the Malian army fought near Anefis on Tuesday.",
        "The army said 12 soldiers were killed. Russian bloggers said 8 Wagner fighters died.",
        "The FLA put its own losses at five fighters.",
    )
    assert by_bloc(incidents, "local_state").perpetrator == "CSP"
    assert by_bloc(incidents, "russia").perpetrator == "CSP"
    assert by_bloc(incidents, "non_state").perpetrator == "Malian army"


def test_weapons_named_inside_a_reported_clause_make_the_speaker_the_claimant():
    incidents = run("Russia's defence ministry said on Tuesday that its Iskander missiles had hit a command post in "
                    "Kramatorsk, killing 40 Ukrainian soldiers.")
    i = by_bloc(incidents, "local_state")
    assert (i.perpetrator, i.claimed_by_perpetrator) == ("Russian army", True)


def test_attack_attributed_to_the_same_group_is_that_groups():
    incidents = run("JNIM has besieged Léré for weeks.",
                    "On Tuesday a rocket fired at the market in an attack attributed to the same group killed 3 traders.")
    assert by_bloc(incidents, "civilian").perpetrator == "JNIM"


def test_a_later_sentence_gives_the_days_within_the_month():
    incidents = run("Soldiers executed about 40 herders near Djibo in late June, witnesses said.",
                    "The killings took place between 26 and 28 June, according to the witnesses.",
                    pub=date(2025, 7, 10))
    assert [(i.date_start, i.date_end, i.date_precision) for i in incidents] == [("2025-06-26", "2025-06-28", "day")]


def test_statement_dated_in_a_prepositional_phrase_does_not_date_the_deaths():
    incidents = run("On Tuesday fighting raged near Boni in Mali. In a statement on Thursday, the army said 14 "
                    "terrorists had been neutralised.")
    assert [i.date_start for i in incidents] == ["2025-11-18"]


def test_no_claim_but_a_stronghold_is_no_perpetrator():
    incidents = run("Gunmen killed 30 soldiers at a post near Banibangou on Tuesday. No group claimed the attack, "
                    "but the area is a stronghold of the Islamic State in the Greater Sahara.")
    assert by_bloc(incidents, "local_state").perpetrator is None


def test_no_claim_but_blamed_or_believed_behind_is_a_perpetrator():
    incidents = run("A truck bomb killed 80 people in Mogadishu on Tuesday. Al-Shabaab never claimed it, but the "
                    "authorities blamed the group.")
    assert by_bloc(incidents, "civilian").perpetrator == "al-Shabaab"


def test_since_a_month_when_names_the_date_of_the_event():
    incidents = run("Tension has risen since October, when a drone strike near Erbil killed a U.S. contractor.")
    assert [(i.kind, i.date_precision) for i in incidents] == [("incident", "month")]


def test_singular_noun_after_several_modifiers():
    incidents = run("In June, a U.S. special operations soldier was killed near Kismayo in Somalia.")
    assert [(i.killed_low, i.victim_affiliation) for i in incidents] == [(1, "USA")]


def test_a_speaker_followed_by_a_comma_clause_is_not_in_a_list_of_figures():
    incidents = run("A police officer, reached by telephone from Garissa, said that a dozen were wounded on Tuesday.")
    assert [(i.wounded_low, i.wounded_high) for i in incidents] == [(12, None)]


def test_a_person_among_the_dead_is_one_of_those_counted():
    incidents = run("A missile struck a cafe in Hroza on Tuesday, killing at least 40 people. A 7-year-old girl was "
                    "among the dead.")
    assert [(i.killed_low, i.killed_high) for i in incidents] == [(40, None)]


def test_people_named_after_their_number_are_who_they_were():
    incidents = run("A drone strike in Kherson on Tuesday killed two people, a woman and her grandson.")
    assert [(i.killed_low, i.killed_high) for i in incidents] == [(2, 2)]


def test_one_in_six_is_a_ratio():
    incidents = run("A strike on Tuesday killed 40 people in Hroza, meaning the strike killed roughly one in six "
                    "of the villagers.")
    assert [(i.killed_low, i.killed_high) for i in incidents] == [(40, 40)]


def test_the_founding_date_of_a_group_does_not_date_its_attack():
    incidents = run("Saturday's ambush near Anefis shocked Bamako.",
                    "The FLA, formed in November from older movements, said it killed 12 Malian soldiers.",
                    pub=date(2025, 2, 10))
    assert [i.date_start for i in incidents] == ["2025-02-08"]


def test_a_first_count_reported_before_the_rise_is_stale():
    incidents = run("The number of people killed in Friday's bombing of the market in Maiduguri rose to 52 on Tuesday, "
                    "officials said, after they had reported 38 dead a day earlier.")
    i = by_bloc(incidents, "civilian")
    assert (i.killed_low, i.killed_high, i.date_start) == (52, 52, "2025-11-14")


def test_weapon_of_a_state_named_in_the_scene_setting_sentence_is_the_perpetrator():
    incidents = run("Rescuers in Odesa ended their search on Tuesday, four days after the block was hit by a Russian "
                    "missile. Twenty-one residents were killed.")
    assert by_bloc(incidents, "civilian").perpetrator == "Russian army"


def test_since_a_month_last_year_when_is_a_date_not_a_period():
    incidents = run("It was the worst strike since April last year, when a missile hit the station in Kramatorsk, "
                    "claiming the lives of 50 people.", pub=date(2023, 1, 20))
    assert [(i.kind, i.date_start) for i in incidents] == [("incident", "2022-04-01")]


def test_figure_before_a_verb_with_a_full_stop_is_read():
    incidents = run("JNIM overran a checkpoint near Boni on Tuesday. Local officials said half a dozen Russians died.")
    assert [(i.victim_bloc, i.killed_low) for i in incidents] == [("russia", 6)]


def test_a_man_wounded_is_one_person():
    incidents = run("In Kharkiv, a 52-year-old man was wounded by falling debris on Tuesday, the governor said.")
    assert [(i.wounded_low, i.wounded_high) for i in incidents] == [(1, 1)]


def test_participle_phrase_between_the_group_and_its_verb():
    incidents = run("In May 2024, four aid workers delivering food to the camp were ambushed and shot dead near Zalingei.",
                    pub=date(2025, 1, 10))
    assert [(i.victim_bloc, i.killed_low, i.date_precision) for i in incidents] == [("civilian", 4, "month")]


def test_a_communique_counts_its_own_side():
    incidents = run("On Tuesday a convoy of the army was ambushed near Anefis in Mali.",
                    "- friendly side: 4 dead and 9 wounded;",
                    "- enemy side: 27 terrorists neutralised.")
    assert (by_bloc(incidents, "local_state").killed_low, by_bloc(incidents, "local_state").wounded_low) == (4, 9)


def test_people_aboard_an_aircraft_were_killed():
    crash = run("A Russian transport plane crashed near Hmeimim in Syria on Tuesday, killing all 12 servicemen on board.")
    aboard = run("On Tuesday, 15 crew members aboard the patrol boat were killed when a mine exploded off Odesa.")
    assert [(i.killed_low, i.victim) for i in crash] == [(12, "Russian army")]
    assert [i.killed_low for i in aboard] == [15]


def test_a_running_total_in_a_trailing_clause_does_not_make_the_new_death_a_total():
    incidents = run("A French soldier was killed in Mali on Tuesday, bringing to 53 the number of French soldiers "
                    "killed in the Sahel since 2013.")
    assert sorted((i.kind, i.killed_low) for i in incidents) == [("aggregate", 53), ("incident", 1)]


def test_a_group_that_claimed_the_attack_did_not_give_the_figure():
    incidents = run("In May, 28 soldiers died in an ambush near Tillia that the Islamic State also claimed.",
                    pub=date(2025, 11, 20))
    i = by_bloc(incidents, "local_state")
    assert (i.perpetrator, i.claimed_by_perpetrator) == ("Islamic State", False)


def test_a_group_that_claims_an_attack_saying_it_killed_gives_a_claimed_figure():
    for text in (
        "Ansarul Islam claimed responsibility for Sunday's raid near Djibo, saying it had killed 17 soldiers.",
        "On Sunday JNIM claimed the ambush near Boni, saying its fighters killed 11 soldiers.",
    ):
        i = by_bloc(run(text), "local_state")
        assert (i.killed_low, i.claimed_by_perpetrator) == ((17 if "Djibo" in text else 11), True), text


def test_a_statement_saying_it_is_investigating_is_no_claim():
    i = by_bloc(run("Nine civilians were killed near Kidal on Monday; the army issued a statement saying it was "
                    "investigating."), "civilian")
    assert i.claimed_by_perpetrator is False


def test_several_of_the_dead_is_a_part_of_a_count_not_a_count():
    incidents = run("Officials said 9 Russian citizens may have been killed near Deir ez-Zor in Syria last week. "
                    "Relatives identified several of the dead as Wagner contractors.", pub=date(2018, 2, 16))
    assert [(i.killed_low, i.killed_high) for i in incidents] == [(9, 9)]


def test_a_country_that_owns_the_aircraft_is_not_where_it_happened():
    incidents = run("About 40 pro-government fighters were killed in Syria on 7 February when U.S. aircraft struck "
                    "their column.", pub=date(2018, 2, 16))
    assert [i.country for i in incidents] == ["SYR"]


def test_a_later_day_narrows_last_week():
    incidents = run("Five Russian citizens were killed in Syria last week, the ministry said. U.S. aircraft killed "
                    "about 100 pro-government fighters and several Russians on the night of 7 February.",
                    pub=date(2018, 2, 16))
    russians = by_bloc(incidents, "russia")
    assert (russians.date_start, russians.date_end) == ("2018-02-07", "2018-02-07")
    assert russians.perpetrator == "U.S. military"


def test_a_new_attack_told_the_next_day_is_not_merged_with_the_one_before():
    incidents = run("JNIM said it seized a base in central Mali on Sunday, in an attack that killed 30 soldiers.",
                    "On Monday, JNIM fighters attacked military positions in Gao.",
                    "The army said it had repelled the assault, killing 14 assailants.",
                    pub=date(2025, 6, 2))
    militants = by_bloc(incidents, "non_state")
    assert (militants.date_start, militants.location) == ("2025-06-02", "Gao")
    assert by_bloc(incidents, "local_state").location is None


def test_the_town_named_right_after_the_first_figure_is_where_it_happened():
    incidents = run("An al-Qaeda-linked group said it seized a military base in central Mali on Sunday, in an attack "
                    "that killed over 30 soldiers. JNIM said its fighters had taken the base at Boulkessi.",
                    pub=date(2025, 6, 2))
    assert [i.location for i in incidents] == ["Boulkessi"]


def test_the_paramilitary_force_is_the_group_named_before():
    incidents = run("The Rapid Support Forces (RSF) stormed a camp near El Fasher on Saturday.",
                    "The paramilitary force also shelled Tawila on Sunday, killing at least 9 people.")
    assert [i.perpetrator for i in incidents] == ["Rapid Support Forces"]


def test_soldiers_who_killed_villagers_are_the_countrys_army():
    incidents = run("On 20 April 2023, soldiers killed villagers in Karma, in Burkina Faso, according to survivors; "
                    "a prosecutor later gave a toll of about 60.", pub=date(2024, 1, 10))
    assert by_bloc(incidents, "civilian").perpetrator == "Burkinabe army"


def test_soldiers_who_were_killed_are_not_killers():
    incidents = run("Twelve civilians and 5 soldiers were killed in Mali on Tuesday in an attack claimed by JNIM.")
    assert {i.perpetrator for i in incidents} == {"JNIM"}


def test_a_countrys_capital_is_its_capital_city():
    incidents = run("Fighting between two armed groups in Libya's capital killed 23 people on Tuesday.")
    assert [(i.location, i.country) for i in incidents] == [("Tripoli", "LBY")]


def test_the_wounded_taken_towards_the_capital_do_not_place_the_attack_there():
    incidents = run("Gunmen attacked a base in Somalia on Tuesday. An officer said 11 soldiers were wounded and "
                    "evacuated towards the capital.")
    assert [i.location for i in incidents] == [None]


# Relative days told in a sentence without a figure (2025-11-17 is a Monday).
def test_the_day_after_an_aftermath_is_not_the_next_figures_date():
    incidents = run(
        "Eleven soldiers died when jihadists overran a post near Tillia on Monday. Shops in the town stayed "
        "shut the following day.",
        "Fifteen gendarmes were also missing near Ayorou. Jihadists later said they had killed 40 soldiers.",
    )
    assert all(i.date_start in ("2025-11-17", None) for i in incidents), [i.fields() for i in incidents]


@pytest.mark.parametrize(
    "scene, expected",
    [
        ("The next day, jihadists attacked a village near Ayorou. At least 14 villagers were killed.", "2025-11-18"),
        ("The next day, jihadists raided a village near Ayorou. At least 14 villagers were killed.", "2025-11-18"),
        ("Two days later, at least 14 villagers were killed near Ayorou.", "2025-11-19"),
    ],
)
def test_a_relative_day_counts_from_a_day_told_without_a_figure(scene, expected):
    incidents = run("Gunmen burned the market in Tillia on Monday. " + scene)
    assert [(i.killed_low, i.date_start) for i in incidents] == [(14, expected)]


def test_a_name_right_after_said_begins_what_was_said():
    i = by_bloc(run("Kyiv said Russian glide bombs on Sumy killed 6 people on Monday."), "civilian")
    assert (i.perpetrator, i.perpetrator_bloc, i.claimed_by_perpetrator) == ("Russian army", "russia", False)


def test_a_name_after_its_words_and_said_is_the_speaker_not_the_doer():
    i = by_bloc(run("Six people were killed in Sumy on Monday, said the Russian army."), "civilian")
    assert i.perpetrator is None


def test_one_peacekeeper_is_a_peacekeeper_not_the_host_army():
    i = by_bloc(run("A UN peacekeeper was killed in a mine blast near Tessalit on Sunday."), "west")
    assert (i.victim, i.killed_low) == ("UN peacekeepers", 1)


@pytest.mark.parametrize(
    "text, bloc, killed",
    [
        ("Ansarul Islam claimed the killing of 14 Burkinabe soldiers near Djibo on Sunday.", "local_state", 14),
        ("The death of a French soldier near Menaka was announced by Paris.", "west", 1),
        ("A Houthi drone hit a tanker in the Red Sea on Sunday, killing two crew members.", "civilian", 2),
    ],
)
def test_the_killing_or_death_of_n_is_a_figure(text, bloc, killed):
    assert by_bloc(run(text), bloc).killed_low == killed


def test_a_toll_that_rose_replaces_the_figure_told_before_it():
    i = by_bloc(run("A drone struck a bus near Kherson on Tuesday, killing six people and wounding 20.",
                    "On Wednesday the death toll rose to 8."), "civilian")
    assert (i.killed_low, i.killed_high, i.wounded_low) == (8, 8, 20)


def test_a_named_forces_contractors_are_that_force():
    i = by_bloc(run("Five Wagner contractors were killed by a mine near Bria on Sunday."), "russia")
    assert (i.victim, i.killed_low) == ("Wagner Group", 5)


@pytest.mark.parametrize(
    "text, bloc, victim, killed",
    [
        ("The army said 15 of its soldiers were killed near Tessit on Monday.", "local_state", "Malian army", 15),
        ("JNIM said four of its fighters died in clashes near Boni on Monday.", "non_state", "JNIM", 4),
        ("Wagner said six of its men were killed near Kidal on Monday.", "russia", "Wagner Group", 6),
    ],
)
def test_n_of_its_men_are_the_speakers_own(text, bloc, victim, killed):
    i = by_bloc(run(text), bloc)
    assert (i.victim, i.killed_low) == (victim, killed)


@pytest.mark.parametrize(
    "text, killed",
    [
        ("The bodies of 17 herders were found near Djibo on Sunday.", 17),
        ("Gunmen shot dead an imam in Tillia on Sunday.", 1),
        ("Jihadists killed 12 fishermen on the river near Ayorou on Sunday.", 12),
    ],
)
def test_found_bodies_and_civilians_by_trade_are_counted(text, killed):
    assert by_bloc(run(text), "civilian").killed_low == killed


def test_hacked_accounts_are_not_casualties():
    assert run("Hackers hacked 23 accounts of the ministry on Sunday.") == []
