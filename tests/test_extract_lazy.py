"""Later: a sentence's dates and names are worked out only when something reads them, and once."""

from __future__ import annotations

from datetime import date

from ledger.extract import analyse, assemble
from ledger.extract.lazy import Later


def counting(items: list):
    calls = []

    def make():
        calls.append(1)
        return list(items)

    return make, calls


def test_nothing_is_worked_out_until_read():
    make, calls = counting([1, 2, 3])
    later = Later(make)
    assert calls == []
    assert list(later) == [1, 2, 3]
    assert calls == [1]


def test_it_reads_as_the_list_and_works_it_out_once():
    make, calls = counting(["a", "b", "c"])
    later = Later(make)
    assert len(later) == 3
    assert later[0] == "a" and later[-1] == "c" and later[1:] == ["b", "c"]
    assert list(reversed(later)) == ["c", "b", "a"]
    assert "b" in later and bool(later)
    assert later == ["a", "b", "c"] and later == Later(lambda: ["a", "b", "c"])
    assert later.items() == ["a", "b", "c"]
    assert calls == [1]


def test_an_empty_list_is_false():
    later = Later(list)
    assert not later
    assert later == []


def test_an_article_reads_the_names_of_only_some_sentences(monkeypatch):
    text = (
        "Gunmen kill nine herders near Menaka\nPublished: 2024-03-08\n\n"
        "Gunmen killed nine herders near Menaka on Thursday, a local official said.\n\n"
        "The region has seen repeated attacks since the army took power. Markets in Gao stayed shut.\n\n"
        "Roads near Kidal are often closed in the rainy season. Aid groups say families fled to Niamey.\n\n"
        "Teachers in Ansongo said schools would reopen. Traders in Bourem asked for escorts.\n\n"
        "Farmers near Douentza planted late. Herders near Tessalit moved their cattle south."
    )
    read = []
    original = assemble.find_names

    def spy(sentence, year=None):
        read.append(sentence)
        return original(sentence, year)

    expected = analyse(text, date(2024, 3, 8))
    monkeypatch.setattr(assemble, "find_names", spy)
    assert analyse(text, date(2024, 3, 8)) == expected  # the same incidents
    sentences = [s for s in read if s != "Gunmen kill nine herders near Menaka"]
    assert "Gunmen killed nine herders near Menaka on Thursday, a local official said." in sentences
    # the first six sentences tell the article's country; those after, far from the figure, are never read
    assert len(sentences) == 6
