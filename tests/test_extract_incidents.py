"""extract(): whole articles (written for these tests) to incidents, with blocs, claims, dates and evidence."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract import extract

PUB = date(2025, 11, 20)  # a Thursday; "on Tuesday" is 2025-11-18


def article(*sentences: str, title: str = "Violence in the Sahel") -> str:
    return title + "\n\n" + " ".join(sentences) + "\n"


def run(*sentences: str, pub: date | None = PUB):
    text = article(*sentences)
    return text, extract(text, pub)


def single(*sentences: str, pub: date | None = PUB):
    text, incidents = run(*sentences, pub=pub)
    assert len(incidents) == 1, [i.fields() for i in incidents]
    return text, incidents[0]


def check_evidence(text, incident):
    assert incident.evidence
    for ev in incident.evidence:
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.text
        assert ev.sentence in text


def test_killed_and_wounded_same_group():
    text, i = single("Seven soldiers were killed and four were wounded when their truck hit a mine in Mali on Tuesday.")
    assert (i.killed_low, i.killed_high, i.wounded_low, i.wounded_high) == (7, 7, 4, 4)
    assert i.country == "MLI"
    assert (i.date_start, i.date_end, i.date_precision) == ("2025-11-18", "2025-11-18", "day")
    assert i.kind == "incident"
    check_evidence(text, i)


def test_captured_figure_not_counted():
    _, i = single("Five Malian soldiers were killed and nine were captured near Gao on Tuesday.")
    assert (i.killed_low, i.killed_high) == (5, 5)
    assert i.wounded_low is None and i.wounded_high is None


@pytest.mark.parametrize(
    "sentence",
    [
        "About 30 soldiers were killed or wounded in the attack near Gao on Tuesday.",
        "No casualties were reported after the blast near Gao on Tuesday.",
        "The rocket killed no one when it hit the airport in Gao on Tuesday.",
        "Officials fear the new mines could kill hundreds of people in Mali.",
        "A 25-year-old herder was arrested near Gao on Tuesday.",
        "The European Union pledged $110 million to Mali on Tuesday.",
        "About 800 troops are deployed in northern Mali.",
        "The convoy left Gao on route 16 on Tuesday and reached Kidal two days later.",
        "Twenty gunmen on 15 motorbikes surrounded the village of Boni on Tuesday.",
    ],
)
def test_no_incident(sentence):
    _, incidents = run(sentence)
    assert incidents == [], [i.fields() for i in incidents]


def test_death_toll_rose_to():
    _, i = single("A suicide bomber struck a market in Gao on Tuesday.", "The death toll rose to 31 on Wednesday.")
    assert (i.killed_low, i.killed_high) == (31, 31)


def test_n_dead():
    _, i = single("Clashes between militias in the Mopti region on Tuesday left 31 dead.")
    assert i.killed_low == 31


def test_claimed_the_lives_of():
    _, i = single("An ambush near Gao claimed the lives of 12 Malian soldiers on Tuesday.")
    assert (i.killed_low, i.victim_bloc, i.victim_affiliation) == (12, "local_state", "MLI")


def test_passive_with_perpetrator():
    _, i = single("Fourteen Malian soldiers were killed by JNIM fighters near Mopti on Tuesday.")
    assert i.killed_low == 14
    assert i.perpetrator == "JNIM" and i.perpetrator_bloc == "non_state"
    assert i.victim_bloc == "local_state"


def test_active_with_perpetrator():
    _, i = single("JNIM fighters killed 14 Malian soldiers near Mopti on Tuesday.")
    assert i.killed_low == 14
    assert i.perpetrator == "JNIM" and i.perpetrator_bloc == "non_state"
    assert i.location == "Mopti"


def test_list_gives_two_incidents_same_event():
    _, incidents = run("Militants stormed a checkpoint in Mali on Tuesday, killing 12 soldiers and 3 civilians.")
    assert len(incidents) == 2
    by_bloc = {i.victim_bloc: i for i in incidents}
    assert by_bloc["local_state"].killed_low == 12
    assert by_bloc["civilian"].killed_low == 3
    assert {i.date_start for i in incidents} == {"2025-11-18"}


@pytest.mark.parametrize(
    "sentence, perpetrator, bloc",
    [
        ("JNIM fighters killed 10 villagers near Mopti on Tuesday.", "JNIM", "non_state"),
        ("GSIM militants killed 10 villagers near Mopti on Tuesday.", "JNIM", "non_state"),
        ("Wagner mercenaries killed 10 villagers near Mopti on Tuesday.", "Wagner Group", "russia"),
        ("Africa Corps troops killed 10 villagers near Mopti on Tuesday.", None, "russia"),
        ("FAMa soldiers killed 10 villagers near Mopti on Tuesday.", "Malian army", "local_state"),
        ("ISGS militants killed 10 villagers near Menaka on Tuesday.", None, "non_state"),
    ],
)
def test_perpetrator_alias(sentence, perpetrator, bloc):
    _, i = single(sentence)
    assert i.perpetrator is not None
    if perpetrator:
        assert i.perpetrator == perpetrator
    assert i.perpetrator_bloc == bloc
    assert i.victim_bloc == "civilian"


@pytest.mark.parametrize(
    "sentence, bloc, affiliation",
    [
        ("Seven Wagner fighters were killed near Kidal in Mali on Tuesday.", "russia", "RUS"),
        ("Two French soldiers were killed near Gao in Mali on Tuesday.", "west", "FRA"),
        ("Nine Malian soldiers were killed near Gao in Mali on Tuesday.", "local_state", "MLI"),
        ("Six civilians were killed near Gao in Mali on Tuesday.", "civilian", None),
    ],
)
def test_victim_bloc(sentence, bloc, affiliation):
    _, i = single(sentence)
    assert (i.victim_bloc, i.victim_affiliation) == (bloc, affiliation)


def test_jnim_claim():
    _, i = single("JNIM said it killed 50 soldiers in an attack on a base in Mali on Tuesday.")
    assert i.killed_low == 50
    assert i.claimed_by_perpetrator is True
    assert i.perpetrator == "JNIM"


def test_army_neutralised_claim():
    _, i = single("The Malian army said it neutralised 20 terrorists near Mopti on Tuesday.")
    assert i.killed_low == 20
    assert i.victim_bloc == "non_state"
    assert i.claimed_by_perpetrator is True


def test_third_party_report_is_not_a_claim():
    _, i = single("A local official said 20 civilians were killed near Mopti on Tuesday.")
    assert i.claimed_by_perpetrator is False


def test_period_total_is_aggregate():
    text, i = single("Since 2013, 58 French soldiers have been killed in the Sahel.")
    assert i.kind == "aggregate"
    assert i.date_precision == "period"
    assert i.date_start == "2013-01-01"
    assert i.killed_low == 58
    assert (i.victim_bloc, i.victim_affiliation) == ("west", "FRA")
    check_evidence(text, i)


def test_two_sentences_one_event_merge_figures():
    _, i = single(
        "Gunmen killed at least 20 villagers in Boni, in central Mali, on Tuesday.",
        "A local official put the number of villagers killed in the Boni attack at 26.",
    )
    assert (i.killed_low, i.killed_high) == (20, 26)


def test_two_sources_disagree():
    _, i = single(
        "Gunmen killed 6 villagers in Boni, in central Mali, on Tuesday, according to the mayor.",
        "A security source said 7 villagers were killed in the attack.",
    )
    assert (i.killed_low, i.killed_high) == (6, 7)


def test_month_date_and_country():
    _, i = single("In July, 40 civilians were killed by gunmen in the village of Diallassagou in Mali.")
    assert (i.date_start, i.date_end, i.date_precision) == ("2025-07-01", "2025-07-31", "month")


def test_no_publication_date():
    _, i = single("Nine Malian soldiers were killed near Gao on Tuesday.", pub=None)
    assert i.killed_low == 9
    assert i.date_start is None and i.date_end is None  # "on Tuesday" cannot be resolved without a date


def test_evidence_contains_figure():
    text, i = single("Militants killed 17 Burkinabe soldiers near Djibo in Burkina Faso on Tuesday.")
    assert i.country == "BFA"
    killed = [ev for ev in i.evidence if ev.field == "killed"]
    assert killed and "17" in killed[0].text
    check_evidence(text, i)


def test_dates_never_after_publication():
    _, incidents = run("On 30 December, 12 soldiers were killed near Gao in Mali.", pub=date(2025, 6, 1))
    for i in incidents:
        for d in (i.date_start, i.date_end):
            assert d is None or d <= "2025-06-01"


def test_sub_count_is_not_a_second_incident():
    _, i = single("The attack killed 14 people, including 9 soldiers, near Gao in Mali on Tuesday.")
    assert (i.killed_low, i.killed_high) == (14, 14)


def test_said_on_friday_does_not_date_the_event():
    _, i = single("The army said on Friday that 16 soldiers were killed near Gao in Mali on Tuesday.")
    assert i.date_start == "2025-11-18"
    assert i.claimed_by_perpetrator is False


def test_dead_and_wounded_after_left():
    _, i = single("An attack on Tuesday near Gao in Mali left five Malian soldiers dead and eight wounded.")
    assert (i.killed_low, i.wounded_low, i.victim_affiliation) == (5, 8, "MLI")


def test_separate_attack_in_same_sentence_keeps_its_own_place_and_date():
    _, incidents = run(
        "Gunmen killed 8 villagers near Mopti on Tuesday, while 5 soldiers were killed in a separate attack "
        "near Kidal in Mali on Wednesday."
    )
    assert len(incidents) == 2
    soldiers = next(i for i in incidents if i.killed_low == 5)
    assert (soldiers.location, soldiers.date_start) == ("Kidal", "2025-11-19")


def test_army_lost_men():
    _, i = single("The Malian army lost 11 men in an ambush near Gao on Tuesday.")
    assert i.killed_low == 11 and i.victim_bloc == "local_state"
