"""WordMatcher finds what the regex alternation it replaced found (names.py place/country tables)."""

import re

import pytest

from ledger.extract.names import find_names
from ledger.extract.wordmatch import WordMatcher, words_of

NAMES = ["Gao", "Gao Region", "Ber", "Kidal", "Ansongo", "Bourem-Inaly", "Saint Louis", "N'Djamena", "Tessit"]
TEXTS = [
    "Fighting near Gao Region and in Gao itself.",
    "Gaoville is not Gao, nor is pre-Gao or Gao-based.",
    "Ber, Kidal's outskirts, and Bourem-Inaly; Bourem alone is not listed.",
    "Saint Louisiana is not Saint Louis. N'Djamena and N'Djamenas.",
    "Tessit Tessit Gao Region Gao Regions",
    "",
    "no capitals at all",
    "GaoGao Gao_Gao 9Gao Gao9 Gao",  # a first word inside a longer word is no start
    "pre-Gao Region-Gao Gao Region-based Gao Region",
    "Gaoé Gao, éGao Gao Region; Kidal—Gao Region…Gao",  # not ASCII: \w is Unicode's
    "Tessit",
]


def _regex(names: list[str], stop: str, flags: int = 0) -> re.Pattern:
    alternation = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?!{stop})", flags)


@pytest.mark.parametrize("stop", [r"[\w-]", r"\w"])
@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_the_alternation(text, stop):
    expected = [(m.start(), m.end(), m.group(0)) for m in _regex(NAMES, stop).finditer(text)]
    got = [(m.start(), m.end(), m.group(0)) for m in WordMatcher(NAMES, stop).finditer(text)]
    assert got == expected


@pytest.mark.parametrize("text", [*TEXTS, "GAO region and gao REGION-based; kidal's KIDALS, n'djamena, saint LOUIS"])
def test_ignoring_case_matches_the_ignorecase_alternation_on_ascii_text(text):
    expected = [(m.start(), m.end(), m.group(0)) for m in _regex(NAMES, r"\w", re.IGNORECASE).finditer(text)]
    got = [(m.start(), m.end(), m.group(0)) for m in WordMatcher(NAMES, r"\w", ignore_case=True).finditer(text)]
    assert got == expected


def test_longest_name_wins_and_the_scan_goes_on_after_it():
    matches = list(WordMatcher(NAMES).finditer("Gao Region, Gao."))
    assert [m.group(0) for m in matches] == ["Gao Region", "Gao"]
    assert (matches[0].start(), matches[0].end()) == (0, 10)


def test_a_hyphen_after_the_name_stops_a_place_but_not_a_country():
    assert [m.group() for m in WordMatcher(["Mali"], r"[\w-]").finditer("Mali-based")] == []
    assert [m.group() for m in WordMatcher(["Mali"], r"\w").finditer("Mali-based")] == ["Mali"]


def test_names_must_start_with_a_word_character():
    with pytest.raises(ValueError):
        WordMatcher(["-Gao"])


def test_find_names_uses_it_for_places_and_countries():
    kinds = {(n.text, n.kind) for n in find_names("Gunmen attacked Ansongo, in Mali, near the Nigerien border.")}
    assert ("Ansongo", "place") in kinds and ("Mali", "country") in kinds


@pytest.mark.parametrize(
    "text", [*TEXTS, "tab\tand\x1fcontrol_chars 1,200 don't", "accents é and ünder_scores", "a—b", "x\u00a0y"]
)
def test_words_of_is_what_the_word_regex_finds(text):
    assert words_of(text) == re.findall(r"\w+", text)


def test_names_differing_only_in_case_are_one_name_when_ignoring_case():
    names = ["Gao", "GAO", "gao region", "Gao Region", "Kidal"]
    text = "gao Region-based units left GAO REGION for Kidal and gao."
    expected = [(m.start(), m.end(), m.group(0)) for m in _regex(names, r"\w", re.IGNORECASE).finditer(text)]
    got = [(m.start(), m.end(), m.group(0)) for m in WordMatcher(names, r"\w", ignore_case=True).finditer(text)]
    assert got == expected == [(0, 10, "gao Region"), (28, 38, "GAO REGION"), (43, 48, "Kidal"), (53, 56, "gao")]
