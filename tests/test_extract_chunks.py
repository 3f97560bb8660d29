"""A large text extracted piece by piece (ledger/extract/chunks.py): the same records as its articles
extracted alone, evidence offsets into the whole text, pieces bounded and never cut inside a sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ledger.extract import analyse, chunks
from ledger.extract.text import split_sentences

PUBLISHED = date(2024, 6, 9)
# Three articles of our own: each has its own header date (or none) and its own country, so a
# context shared across them (the first one's date, its country) would change the records.
ARTICLES = [
    "Convoy ambushed near Gao\nPublished: 2024-03-04\n\n"
    "Twelve soldiers were killed on Sunday when gunmen ambushed a convoy near Gao, Mali, the army said.\n\n"
    "Another five soldiers were wounded in the attack, a local official said.\n",
    "Village raid in Burkina Faso\nPublished: 2024-05-10\n\n"
    "Gunmen killed 30 civilians in a village near Djibo on Thursday, a local official said.\n\n"
    "The attack was the deadliest in the province this month.\n",
    "Strike hits Kharkiv\n\n"
    "A missile strike on Kharkiv killed seven people and wounded 21 on Saturday, the regional governor said.\n\n"
    "Rescuers were still searching the rubble on Sunday.\n",
]


@pytest.fixture
def chunked(monkeypatch):
    """Every text counts as large, so that small texts go through the pieces."""
    monkeypatch.setattr(chunks, "LARGE_CHARS", 0)


def alone(articles: list[str], separator: str) -> list:
    """The incidents of each article extracted alone, their offsets moved to where the article
    stands in `separator.join(articles)`."""
    out, offset = [], 0
    for text in articles:
        for incident in analyse(text, PUBLISHED).incidents:
            evidence = [replace(e, start=e.start + offset, end=e.end + offset) for e in incident.evidence]
            out.append(replace(incident, evidence=evidence))
        offset += len(text) + len(separator)
    return out


def assert_spans_point_into(text: str, incidents: list) -> None:
    assert incidents
    for incident in incidents:
        for e in incident.evidence:
            assert text[e.start : e.end] == e.text
            assert e.sentence in text


@pytest.mark.parametrize("separator", ["\n\n\n", "\n\n\n\n", "\n-----\n", "\n***\n\n", "\n\f\n", "\n==========\n"])
def test_a_dump_of_articles_gives_what_each_article_gives_alone(chunked, separator):
    text = separator.join(ARTICLES)
    got = chunks.analyse_large(text, PUBLISHED).incidents
    assert got == alone(ARTICLES, separator)
    assert_spans_point_into(text, got)
    assert {i.country for i in got} == {"MLI", "BFA", "UKR"}


def test_one_blank_line_before_a_headline_and_its_published_line_is_an_article_break(chunked):
    dated = ARTICLES[:2] * 2  # each has its own "Published:" line
    text = "\n".join(dated)  # each ends with a line end: one blank line between them
    assert [p.continued for p in chunks.pieces(text)] == [False] * 4
    assert chunks.analyse_large(text, PUBLISHED).incidents == alone(dated, "\n")


def test_extracted_whole_the_dump_would_date_every_article_by_the_first():
    # Why the pieces follow the articles: whole, "Thursday" in the second article is read against
    # the first article's publication date.
    text = "\n\n\n".join(ARTICLES)
    assert analyse(text, PUBLISHED).incidents != alone(ARTICLES, "\n\n\n")


def test_streamed_incidents_are_the_same_as_the_list(chunked):
    text = "\n\n\n".join(ARTICLES * 3)
    streamed = chunks.analyse_large(text, PUBLISHED, stream=True)
    assert not isinstance(streamed.incidents, list)
    assert list(streamed.incidents) == chunks.analyse_large(text, PUBLISHED).incidents
    assert streamed.title == "Convoy ambushed near Gao"
    assert streamed.published == date(2024, 3, 4)


def test_a_small_text_is_extracted_whole():
    text = "\n\n\n".join(ARTICLES)
    assert chunks.analyse_large(text, PUBLISHED) == analyse(text, PUBLISHED)


def paragraphs(count: int) -> str:
    """One long article: a figure in every paragraph, each with its own town and weekday."""
    towns = ["Gao", "Kidal", "Mopti", "Timbuktu", "Menaka", "Segou"]
    days = [date(2024, 1, 1) + timedelta(days=4 * n) for n in range(count)]
    body = [
        f"{n + 2} soldiers were killed on {day.day} {day:%B} 2024 in an ambush near {towns[n % 6]}, Mali, "
        f"the army said. The convoy had left the base at dawn."
        for n, day in enumerate(days)
    ]
    return "Weeks of ambushes in Mali\nPublished: 2024-06-09\n\n" + "\n\n".join(body) + "\n"


def assert_cut_between_sentences(text: str, parts: list, size: int) -> None:
    """Pieces in order, no longer than `size`, covering every sentence of the text, each cut at a
    sentence start as the extractor splits the text."""
    starts = {s.start for s in split_sentences(text)} | {len(text)}
    assert all(p.end - p.start <= size for p in parts)
    assert all(a.end <= b.start for a, b in zip(parts, parts[1:]))
    for a, b in zip(parts, parts[1:]):
        assert text[a.end : b.start].strip() == ""
        first = len(text[b.start :]) - len(text[b.start :].lstrip())
        assert b.start + first in starts
    covered = "".join(text[p.start : p.end] for p in parts)
    assert covered.split() == text.split()


def test_a_long_article_is_cut_at_paragraph_ends_and_keeps_every_figure(chunked):
    text = paragraphs(40)
    assert chunks.analyse_large(text, None) == analyse(text, None)
    parts = list(chunks.pieces(text, 1000))
    assert len(parts) > 5
    assert_cut_between_sentences(text, parts, 1000)
    assert all(text[p.end - 1] == "\n" or p.end == len(text) for p in parts[:-1])  # at blank lines
    assert [p.continued for p in parts] == [False] + [True] * (len(parts) - 1)
    got = chunks.analyse_large(text, None, size=1000)
    assert sorted(i.killed_low for i in got.incidents) == list(range(2, 42))
    assert_spans_point_into(text, got.incidents)
    assert got.published == date(2024, 6, 9)


def test_without_blank_lines_pieces_end_at_line_ends(chunked):
    text = paragraphs(40).replace("\n\n", "\n")
    parts = list(chunks.pieces(text, 700))
    assert_cut_between_sentences(text, parts, 700)
    assert all(text[p.end - 1] == "\n" for p in parts[:-1])
    got = chunks.analyse_large(text, None, size=700).incidents
    assert sorted(i.killed_low for i in got) == list(range(2, 42))
    assert_spans_point_into(text, got)


def test_one_enormous_line_is_cut_at_sentence_ends(chunked):
    body = paragraphs(40).split("\n\n", 1)[1]
    text = "Weeks of ambushes in Mali\n" + body.replace("\n\n", " ")  # a title, then one line
    assert text.count("\n") == 2
    parts = list(chunks.pieces(text, 700))
    assert len(parts) > 5
    assert_cut_between_sentences(text, parts, 700)
    got = chunks.analyse_large(text, None, size=700).incidents
    assert sorted(i.killed_low for i in got) == list(range(2, 42))
    assert_spans_point_into(text, got)


def test_a_cut_is_not_made_after_an_abbreviation():
    sentence = "Gen. Traore said 4 soldiers were killed near Gao on Monday. "
    text = sentence * 30
    parts = list(chunks.pieces(text, 200))
    assert_cut_between_sentences(text, parts, 200)
    assert all(text[p.start : p.end].startswith("Gen. Traore") for p in parts)


def test_a_sentence_longer_than_a_piece_is_cut_at_a_space():
    text = "word " * 1000
    parts = list(chunks.pieces(text, 300))
    assert all(p.end - p.start <= 300 for p in parts)
    assert "".join(text[p.start : p.end] for p in parts).split() == text.split()


def test_a_separator_cut_off_by_the_piece_end_is_not_taken_for_one():
    text = "Title\n\n" + "A line of prose here.\n" * 10 + "---- and more text after the dashes\n" * 3
    limit = text.index("---- and") + 4
    parts = list(chunks.pieces(text, limit))
    assert parts[0].end != text.index("---- and")
