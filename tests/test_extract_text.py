"""read_article: title, publication date (header line, wire dateline, option) and sentences."""

from __future__ import annotations

from datetime import date

from ledger.extract.text import read_article


def test_published_line():
    text = "Raid on a northern market\nPublished: 12 May 2023\n\nGunmen attacked the market on Thursday.\n"
    a = read_article(text)
    assert a.title == "Raid on a northern market"
    assert a.published == date(2023, 5, 12)
    assert a.published_from == "published-line"


def test_published_line_wins_over_option():
    text = "Raid on a northern market\nPublished: 12 May 2023\n\nGunmen attacked the market.\n"
    a = read_article(text, date(2024, 1, 1))
    assert a.published == date(2023, 5, 12)


def test_bare_date_line_after_title():
    text = "Convoy hit near the border\nMarch 9, 2022\n\nA convoy was hit.\n"
    a = read_article(text)
    assert a.published == date(2022, 3, 9)
    assert a.published_from == "published-line"


def test_wire_dateline_with_year():
    text = "Blast in the east\n\nGAO, March 3, 2023 (Reuters) - A roadside bomb struck a bus on Thursday.\n"
    a = read_article(text)
    assert a.published == date(2023, 3, 3)
    assert a.published_from == "dateline"
    assert a.dateline_end > 0
    assert a.text[a.dateline_end :].startswith("A roadside bomb")


def test_wire_dateline_without_year_uses_given_date():
    text = "Blast in the east\n\nGAO, Nov. 21 (Reuters) - A roadside bomb struck a bus.\n"
    a = read_article(text, date(2024, 11, 25))
    assert a.published == date(2024, 11, 21)
    assert a.published_from == "dateline"


def test_wire_dateline_without_year_after_given_date_goes_to_last_year():
    text = "Blast in the east\n\nGAO, Dec. 28 (Reuters) - A roadside bomb struck a bus.\n"
    a = read_article(text, date(2024, 1, 5))
    assert a.published == date(2023, 12, 28)


def test_dateline_day_month_agency():
    text = "Blast in the east\n\nBAMAKO, 8 September 2023 (AFP) - Soldiers were killed.\n"
    a = read_article(text)
    assert a.published == date(2023, 9, 8)


def test_option_used_when_text_has_no_date():
    text = "Blast in the east\n\nA roadside bomb struck a bus on Thursday.\n"
    a = read_article(text, date(2024, 6, 6))
    assert a.published == date(2024, 6, 6)
    assert a.published_from == "option"


def test_no_date_at_all():
    text = "Blast in the east\n\nA roadside bomb struck a bus on Thursday.\n"
    a = read_article(text)
    assert a.published is None
    assert a.published_from == "none"


def test_dateline_without_date_gives_no_date():
    text = "Blast in the east\n\nDAKAR, Senegal (AP) - A roadside bomb struck a bus.\n"
    a = read_article(text)
    assert a.published is None
    assert a.published_from == "none"


def test_empty_text():
    a = read_article("")
    assert a.title is None and a.sentences == [] and a.published_from == "none"


def test_sentences_have_offsets_into_text():
    text = (
        "Title line\n\nThe U.S. embassy closed. Gen. Traore spoke on Monday! Was it safe? "
        "Nobody knew.\n\nA second paragraph here.\n"
    )
    a = read_article(text)
    assert [s.text for s in a.sentences] == [
        "The U.S. embassy closed.",
        "Gen. Traore spoke on Monday!",
        "Was it safe?",
        "Nobody knew.",
        "A second paragraph here.",
    ]
    for s in a.sentences:
        assert text[s.start : s.end] == s.text
    assert a.sentences[-1].paragraph > a.sentences[0].paragraph


def test_place_and_date_header_line_gives_the_publication_date():
    article = read_article("Communique on the ambush\n\nOuagadougou, 18 February 2023\n\nThe Government informs...\n")
    assert (article.published, article.published_from) == (date(2023, 2, 18), "published-line")


def test_sentence_boundaries_are_those_of_the_four_alternatives():
    # _BOUNDARY is written as one character class and then the rest so that re can skip to those
    # characters; it must find what the plain alternation finds.
    import itertools
    import re

    from ledger.extract.text import _BOUNDARY

    plain = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]\s)|\n")
    texts = [
        'He said "no." Then 12 died.\n\nA new paragraph.\n- a bullet\n  • another\nlast line!  (Quoted) Yes? 7 more.',
        "End.\n\n\nStart. lower case. U.S. troops.” Next!’ 9",
    ]
    texts += ["".join(chars) for chars in itertools.product(".!\n \"'(-A0x•", repeat=4)]
    for text in texts:
        assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)], repr(text)
