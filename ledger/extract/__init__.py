"""Extraction: a pure function from article text (and its publication date) to incident records.

No database, no printing, no I/O. `extract()` is the public entry; `analyse()` also reports the title,
the publication date it used (and where it found it) and any warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.models import Incident


@dataclass
class Extraction:
    title: str | None
    published: date | None
    published_from: str  # "dateline", "published-line", "option" or "none"
    incidents: list[Incident] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def analyse(text: str, published: date | None = None, extra_actors: tuple = ()) -> Extraction:
    """Read one article: title, publication date, incidents with evidence, warnings.
    `extra_actors` (lexicon.Actor records, e.g. the ledger's user actors) extend the lexicon."""
    from ledger.extract.assemble import analyse_article
    from ledger.extract.names import using_actors

    with using_actors(extra_actors):
        return analyse_article(text, published)


def extract(text: str, published: date | None = None, extra_actors: tuple = ()) -> list[Incident]:
    """The incidents that `text` reports, each with the evidence behind its fields."""
    return analyse(text, published, extra_actors).incidents
