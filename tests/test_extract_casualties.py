"""find_mentions: figures bound to killed/wounded cues, and figures that must not be read as casualties."""

from __future__ import annotations

import re

import pytest

from ledger import lexicon
from ledger.extract import casualties
from ledger.extract.casualties import find_mentions


def mentions(sentence: str):
    return [(m.measure, m.quantity.low, m.quantity.high) for m in find_mentions(sentence, [])]


def test_killed_wounded_and_captured_in_one_sentence():
    s = "Eight soldiers were killed, five were wounded and three were captured in the ambush."
    assert mentions(s) == [("killed", 8, 8), ("wounded", 5, 5)]


def test_missing_is_not_a_casualty():
    s = "Four guards were killed and six others remain missing after the raid."
    assert mentions(s) == [("killed", 4, 4)]


def test_abducted_only_is_nothing():
    assert mentions("The gunmen abducted 17 passengers from the bus.") == []


def test_killed_or_wounded_combined_is_not_counted():
    assert mentions("Around 40 soldiers were killed or wounded in the fighting.") == []


def test_passive_voice():
    ms = find_mentions("Nine herders were killed by unidentified gunmen.", [])
    assert [(m.measure, m.quantity.value) for m in ms] == [("killed", 9)]
    assert "herders" in ms[0].np.text


def test_active_voice():
    ms = find_mentions("Unidentified gunmen killed nine herders at a water point.", [])
    assert [(m.measure, m.quantity.value) for m in ms] == [("killed", 9)]
    assert "herders" in ms[0].np.text


def test_active_voice_killing_and_wounding():
    s = "The drone strike hit a wedding, killing 11 guests and wounding 23 others."
    assert mentions(s) == [("killed", 11, 11), ("wounded", 23, 23)]


def test_death_toll_rose_to():
    ms = find_mentions("The death toll from the blast rose to 31 overnight.", [])
    assert [(m.measure, m.quantity.value) for m in ms] == [("killed", 31)]
    assert ms[0].revised


def test_n_dead():
    assert mentions("The clashes left 31 dead in the market town.") == [("killed", 31, 31)]


def test_claimed_the_lives_of():
    assert mentions("The bombing claimed the lives of 12 worshippers.") == [("killed", 12, 12)]


def test_injured_is_wounded():
    assert mentions("At least 16 people were injured when the bus struck a mine.") == [("wounded", 16, None)]


def test_list_of_victims_gives_two_mentions():
    ms = find_mentions("The raiders fled after killing 12 soldiers and 3 civilians.", [])
    assert [(m.measure, m.quantity.value) for m in ms] == [("killed", 12), ("killed", 3)]
    assert "soldiers" in ms[0].np.text and "civilians" in ms[1].np.text


def test_hedged_figure_keeps_its_bounds():
    assert mentions("More than 60 villagers were killed in the massacre.") == [("killed", 60, None)]
    assert mentions("Up to 80 villagers were killed in the massacre.") == [("killed", None, 80)]
    assert mentions("Between 70 and 80 villagers were killed in the massacre.") == [("killed", 70, 80)]


def test_neutralised_is_marked():
    ms = find_mentions("Troops neutralised 14 terrorists during the sweep.", [])
    assert len(ms) == 1 and ms[0].neutralised and ms[0].measure == "killed"


@pytest.mark.parametrize(
    "sentence",
    [
        "No casualties were reported after the blast at the depot.",
        "The mortar round killed no one, officials said.",
        "Nobody was killed when the shell landed near the school.",
        "Analysts warned the new explosives could kill hundreds.",
        "The group threatened to kill 20 hostages.",
        "A 25-year-old shepherd was killed near the well.",
        "The government pledged $110 million to families of those killed.",
        "About 800 troops are deployed in the region where soldiers were killed.",
        "The convoy was attacked on route 16, where fighting killed people before.",
        "The strike was the deadliest since 2019, when soldiers were killed.",
        "Four vehicles were destroyed and 30 kilometres of road were mined.",
    ],
)
def test_no_casualty_figure(sentence):
    ms = find_mentions(sentence, [])
    assert ms == [], [(m.measure, m.quantity.text, m.np.text) for m in ms]


def test_age_next_to_real_figure():
    ms = find_mentions("Three soldiers, one of them a 19-year-old recruit, were killed.", [])
    assert [m.quantity.value for m in ms if m.measure == "killed"] == [3]


def test_masked_span_is_ignored():
    s = "Officials said 12 soldiers were killed."
    assert mentions(s) == [("killed", 12, 12)]
    start = s.index("12")
    assert find_mentions(s, [(start, start + 2)]) == []


def test_mention_spans_lie_in_the_sentence():
    s = "Gunmen killed at least 7 traders and wounded 2 others near the market."
    for m in find_mentions(s, []):
        assert 0 <= m.quantity.start <= m.quantity.end <= len(s)
        assert s[m.quantity.start : m.quantity.end] == m.quantity.text


# Sentences that reach each way a first figure is bound (a cue of the lexicon after or before it, a
# toll, own losses, counted bodies), the dropped measures, and sentences with figures but no cue.
GATE_SENTENCES = [
    "Rescuers recovered 12 bodies from the rubble of the market.",
    "The army put its own losses at five.",
    "The number of civilians who died rose to 30, the governor said.",
    "The TOLL stood at 14 by Sunday evening.",
    "Gunmen ELIMINATED nine guards and left two others wounded.",
    "Seven fishermen were kidnapped near the lake and four are missing.",
    "About 40 soldiers were killed or wounded in the fighting.",
    "The convoy carried 40 passengers and 12 trucks of grain.",
    "Twelve villagers, among them three children, were killed.",
    "Ils ont tué 12 soldats près de la frontière, à l'aube.",
    'Officials said "dozens" were slain near the well.',
]


def test_the_cue_gate_only_rules_out_sentences_without_mentions(monkeypatch):
    gated = [find_mentions(s, []) for s in GATE_SENTENCES]
    assert sum(bool(ms) for ms in gated) >= 6
    monkeypatch.setattr(casualties, "_cue_words", lambda: ())  # no gate: every sentence is read in full
    assert [find_mentions(s, []) for s in GATE_SENTENCES] == gated


def test_every_cue_that_counts_passes_the_gate():
    for phrase, measure, _ in lexicon.cues():
        sentence = f"Nine herders were {phrase.upper()} at a water point."
        if measure not in ("captured", "missing", "combined"):
            assert casualties.may_hold_a_mention(sentence), phrase


def test_the_gate_rules_out_ascii_sentences_without_a_cue_word():
    assert not casualties.may_hold_a_mention("The gunmen abducted 17 passengers from the bus.")
    assert not casualties.may_hold_a_mention("Aid convoys carried 40 tonnes of grain to the camp.")
    assert casualties.may_hold_a_mention("Aid convoys carried 40 tonnes of grain to the camp, and 3 died.")
    assert casualties.may_hold_a_mention("Les convois ont apporté 40 tonnes de grain.")  # not ASCII: read in full


def test_the_gate_keeps_a_cue_that_the_window_before_a_figure_cuts_out_of_a_word():
    # _cue_before reads the 60 characters before a figure: a cue at their start may be the end of a
    # longer word ("overkill"), so the gate looks for cue words as substrings, not as whole words.
    sentence = "Troops saw an overkill" + " " * 56 + "12 men."
    assert casualties.may_hold_a_mention(sentence)
    assert [m.cue for m in find_mentions(sentence, [])] == ["kill"]


@pytest.mark.parametrize(
    "between, cue",
    [
        (" and ", "killed"),
        (", ", "wounded"),
        (" were killed and ", "killed"),
        (" who were later KILLED, ", "killed"),
        (" had been wounded together with ", "wounded"),
        (" were killed as well as", "killed"),
        (" were wounded and ", "killed"),  # another cue: not joined
        (" killed in Gao and ", "killed"),
        (" were killed ", "killed"),  # no joining word
        (" reportedly quickly killed , ", "killed"),
        (" wére killed and ", "killed"),  # not ASCII: the pattern itself decides
        (" were kiled and ", "kiled"),
        ("", "killed"),
    ],
)
def test_coordinated_says_what_the_pattern_with_the_cue_says(between, cue):
    pattern = rf"\s*(?:{casualties._AUX}{re.escape(cue)}\s+)?{casualties._JOINER}"
    assert casualties.coordinated(between, cue) == (re.fullmatch(pattern, between, re.IGNORECASE) is not None)


def test_a_second_figure_joined_to_the_first_takes_its_cue():
    [first, second] = find_mentions("Gunmen killed 12 soldiers and 3 civilians near the town.", [])
    assert (first.measure, second.measure, second.rule) == ("killed", "killed", "coordinated")


def test_the_attackers_strength_before_a_cue_that_precedes_its_own_figure_is_not_counted():
    found = find_mentions("The raid, which involved some 300 gunmen, killed 19 villagers near Tera.", [])
    assert [(m.quantity.value, m.np.text) for m in found] == [(19, "villagers")]


def test_figures_listed_before_their_shared_cue_still_count():
    found = find_mentions("Twelve villagers, four gendarmes and two soldiers were killed near Tera.", [])
    assert [m.quantity.value for m in found] == [12, 4, 2]
