"""One event, many reports: decide whether an extracted incident is one the ledger already holds, and
compute an incident's reconciled fields from all the articles (sources) that report it.

Everything here but `find_match` is pure and works on plain mappings of the SCHEMA.md fields, so the
same rules serve ingest now and `merge`/`split`/`reextract` later. The rules, in short:

- match: same kind and victim bloc; compatible country, victim affiliation, perpetrator (bloc and
  name; "unknown"/null is compatible with anything, and a group with its own branch: "Islamic
  State" with "Islamic State in the Greater Sahara"), place (a town and its region; two different
  towns only for reports dated to the day that name the same perpetrator and give overlapping
  figures); date ranges that overlap once a day-precision date is given 2 days of slack (late or
  re-dated reports; a day inside a month or a year, or just outside it). An undated incident is a
  recent one (articles date older events): it matches a dated one from the 120 days before its
  article's publication only when their figures overlap and they name the same country, place or
  perpetrator; two undated incidents never match. Period totals (aggregates) match only when they
  start on the same day and their figures overlap (58 French deaths since 2013 is not 41).
- best match wins: among compatible candidates, the one that agrees on more named specifics, then
  whose dates lie closest (overlapping ranges are 0 days apart), then whose figures overlap, then
  the one more articles report; the incidents of one article never merge with
  each other, and a candidate goes to the article's incident that fits it best.
- reconcile: figures from the independent sources when there are any (a perpetrator's claim is
  kept only when nothing else gives a figure, and otherwise shown apart by `claimed_figures`);
  one source keeps its own low/high; several give low = the smallest figure, high = the largest
  (dev/INDEX.md convention 1), left open only when no source gives an upper bound; the most
  precise date; the most often reported name or place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import cache, lru_cache

from ledger import lexicon
from ledger.lexicon import fold
from ledger.models import INCIDENT_FIELDS, Incident

DAY_SLACK = timedelta(days=2)
# An article that gives no date for an event reports a recent one: older events come with a date
# ("in March 2022"). Undated incidents match only dated ones this close before publication.
UNDATED_WINDOW = timedelta(days=120)

# Most precise first: a source dated to the day beats one dated to the month.
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "period": 3, "unknown": 4}


def find_match(
    db,
    incident: Incident | Mapping,
    article_id: int | None = None,
    rivals: Sequence = (),
    article_incidents: Collection[int] | None = None,
) -> int | None:
    """The id of the ledger incident that `incident` reports again, or None for a new event.

    Incidents that already have a source in `article_id` are never candidates: an article does not
    report one event twice (the extractor already merged its own mentions). `rivals` are the
    article's incidents still to be placed: a candidate that one of them matches better is left to
    it, so that the best pair wins rather than the incident that happens to come first. A caller
    that knows which incidents `article_id` reports passes them as `article_incidents`, which
    spares the ledger that question (for a text of thousands of incidents it was the slowest part).
    """
    from ledger import store  # store imports this module; importing here avoids the cycle

    published = store.article_published(db, article_id) if article_id is not None else None
    fields = _match_fields(incident, published)
    window = _candidate_window(fields)
    if window is None:
        return None  # undated, with no publication date to bound it: it cannot match anything
    figures = (_interval(fields, "killed"), _interval(fields, "wounded"))
    # An undated incident, or a period total, matches only what its figures overlap.
    figures_everywhere = fields["kind"] == "aggregate" or _date_range(fields) is None
    if figures_everywhere and figures == (None, None):
        return None
    candidates = store.match_candidates(
        db, fields["victim_bloc"], fields["kind"], article_id if article_incidents is None else None, window,
        country=fields.get("country"), perpetrator_bloc=fields.get("perpetrator_bloc"),
        undated=_undated_window(fields), figures=figures, figures_everywhere=figures_everywhere,
        perpetrator=fields.get("perpetrator"), location=fields.get("location"),
        story_day=bool(fields.get("perpetrator")) and fields.get("date_precision") == "day",
    )  # fmt: skip
    if article_incidents:
        candidates = [c for c in candidates if c["id"] not in article_incidents]
    scored = [(_match_score(fields, c), -c["id"], c) for c in candidates if is_compatible(fields, c)]
    if not scored:
        return None
    others = [_match_fields(r, published) for r in rivals]
    pairs = [(key, cid, 0, c["id"]) for key, cid, c in scored]
    for n, other in enumerate(others, 1):
        pairs += [
            (_match_score(other, c), cid, n, c["id"]) for _, cid, c in scored if is_compatible(other, c)
        ]
    taken, placed = set(), set()
    for key, _, who, candidate_id in sorted(pairs, key=lambda p: (p[0], p[1], -p[2]), reverse=True):
        if who in placed or candidate_id in taken:
            continue
        if who == 0:
            return candidate_id
        placed.add(who)
        taken.add(candidate_id)
    return None


def _candidate_window(fields: Mapping) -> tuple[str, str] | None:
    """The days (ISO first, last) that a dated candidate's range must overlap to be worth a look."""
    span = _date_range(fields)
    if span is not None:
        return ((span[0] - DAY_SLACK).isoformat(), (span[1] + DAY_SLACK).isoformat())
    published = _parse(fields.get("published"))
    if published is None:
        return None
    return ((published - UNDATED_WINDOW).isoformat(), published.isoformat())


def _undated_window(fields: Mapping) -> tuple[str, str] | None:
    """The days (ISO first, last) within which an undated candidate must have been first reported
    to be worth a look: its article may date this event up to UNDATED_WINDOW after it (see
    dates_compatible). None for an undated incident: two undated ones never match."""
    span = _date_range(fields)
    if span is None:
        return None
    return (span[0].isoformat(), (span[1] + UNDATED_WINDOW).isoformat())


def _match_fields(incident: Incident | Mapping, published: str | None) -> dict:
    fields = incident.fields() if isinstance(incident, Incident) else dict(incident)
    if not fields.get("published"):
        fields["published"] = published
    return fields


def is_compatible(a: Mapping, b: Mapping) -> bool:
    """Whether two incident records can be the same event for the same victim group."""
    # Every test must pass, so their order changes no answer: the cheap ones that most candidates
    # of a dense ledger fail (another place, another group) come before the dates, which are parsed.
    if a["kind"] != b["kind"] or a["victim_bloc"] != b["victim_bloc"]:
        return False
    if not (_same_or_missing(a.get("country"), b.get("country"))
            and _same_or_missing(a.get("victim_affiliation"), b.get("victim_affiliation"))
            and _same_or_missing(a.get("perpetrator_bloc"), b.get("perpetrator_bloc"), "unknown")
            and names_compatible(a.get("perpetrator"), b.get("perpetrator"))):  # fmt: skip
        return False
    if not (places_compatible(a.get("location"), b.get("location")) or _same_day_same_story(a, b)):
        return False
    if a["kind"] == "aggregate":
        return a.get("date_start") is not None and a.get("date_start") == b.get("date_start") and _figures_overlap(a, b)
    return dates_compatible(a, b)


def dates_compatible(a: Mapping, b: Mapping) -> bool:
    """Whether the two dates can be one event's (see the module docstring). A record's optional
    `published` (ISO date of the earliest article reporting it) bounds an undated incident."""
    ra, rb = _date_range(a), _date_range(b)
    if ra is None and rb is None:
        return False
    if ra is None or rb is None:
        undated, dated = (a, rb) if ra is None else (b, ra)
        bound = _parse(undated.get("published"))
        recent = bound is not None and bound - UNDATED_WINDOW <= dated[1] and dated[0] <= bound
        return recent and _undated_evidence(a, b)
    gap = max(ra[0], rb[0]) - min(ra[1], rb[1])  # negative or zero: the ranges overlap
    slack = DAY_SLACK if "day" in (a.get("date_precision"), b.get("date_precision")) else timedelta(0)
    return gap <= slack


def _undated_evidence(a: Mapping, b: Mapping) -> bool:
    """Without a date to compare, figures that overlap and one named specific in common."""
    named = any(
        a.get(f) and b.get(f) and names_compatible(a[f], b[f])
        for f in ("country", "location", "perpetrator")
    )
    return named and _figures_overlap(a, b)


def reconciled_fields(sources: Sequence[Mapping], pinned: Iterable[str] = ()) -> dict:
    """An incident's fields from its sources (in ingest order); fields in `pinned` are left out
    so that the caller keeps the analyst's values."""
    if not sources:
        raise ValueError("an incident needs at least one source")
    first = sources[0]
    fields = {"kind": first["kind"], "victim_bloc": first["victim_bloc"]}
    fields.update(_figures(sources))
    fields.update(_best_dates(sources))
    for name in ("victim", "victim_affiliation", "perpetrator", "country", "location"):
        fields[name] = _most_reported(s.get(name) for s in sources)
    fields["perpetrator_bloc"] = _most_reported(
        (s.get("perpetrator_bloc") for s in sources), missing="unknown"
    )
    assert set(fields) == set(INCIDENT_FIELDS)
    return {name: value for name, value in fields.items() if name not in set(pinned)}


def combine_figures(pairs: Sequence[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    """(low, high) of one measure across sources; see the module docstring."""
    given = [(low, high) for low, high in pairs if low is not None or high is not None]
    if len(given) <= 1:
        return given[0] if given else (None, None)
    lows = [low for low, _ in given if low is not None]
    highs = [high for _, high in given if high is not None]
    low = min(lows) if lows else None
    # Every source said "at least N": nobody gave an upper bound, so none is invented.
    high = max(lows + highs) if highs else None
    return low, high


def counted_figures(sources: Sequence[Mapping], include_claims: bool = False) -> dict:
    """The figures a report adds up for an incident, and `sources`: how many articles give them.
    A perpetrator's claim counts only with `include_claims` or when nothing else gives a figure."""
    with_figures = [s for s in sources if _has_figure(s)]
    independent = [s for s in with_figures if not s.get("claimed_by_perpetrator")]
    basis = with_figures if include_claims else (independent or with_figures)
    return {**_combined(basis), "sources": len(basis)}


def claimed_figures(sources: Sequence[Mapping]) -> dict | None:
    """The figures that only the perpetrator's claims give, kept apart from an incident that
    independent sources also report; None when there are no such claims."""
    claims = [s for s in sources if s.get("claimed_by_perpetrator") and _has_figure(s)]
    if not claims or len(claims) == len([s for s in sources if _has_figure(s)]):
        return None
    return _combined(claims)


def _combined(sources: Sequence[Mapping]) -> dict:
    killed = combine_figures([(s.get("killed_low"), s.get("killed_high")) for s in sources])
    wounded = combine_figures([(s.get("wounded_low"), s.get("wounded_high")) for s in sources])
    return {
        "killed_low": killed[0],
        "killed_high": killed[1],
        "wounded_low": wounded[0],
        "wounded_high": wounded[1],
    }


def _figures(sources: Sequence[Mapping]) -> dict:
    figures = counted_figures(sources)
    del figures["sources"]
    if any(_has_figure(s) for s in sources):
        claimed = all(s.get("claimed_by_perpetrator") for s in sources if _has_figure(s))
    else:
        claimed = all(s.get("claimed_by_perpetrator") for s in sources)
    return {**figures, "claimed_by_perpetrator": bool(claimed)}


def _best_dates(sources: Sequence[Mapping]) -> dict:
    def key(indexed):
        index, s = indexed
        rank = _PRECISION_RANK.get(s.get("date_precision") or "unknown", 4)
        span = _date_range(s)
        width = (span[1] - span[0]).days if span else 10**6
        return (rank, width, index)

    _, best = min(enumerate(sources), key=key)
    return {
        "date_start": best.get("date_start"),
        "date_end": best.get("date_end"),
        "date_precision": best.get("date_precision") or "unknown",
    }


def _most_reported(values: Iterable, missing=None):
    """The value most sources give (ties: the earliest source), ignoring nulls and `missing`."""
    present = [v for v in values if v is not None and v != missing]
    if not present:
        return missing
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)


def _match_score(a: Mapping, b: Mapping) -> tuple:
    """Prefer the candidate that agrees on more specifics, then the closest dates (for an undated
    incident: the candidate closest to its publication), then figures that overlap, then the
    candidate more articles report."""
    agree = sum(
        1
        for f in ("location", "perpetrator", "country", "victim")
        if a.get(f) and b.get(f) and str(a[f]).casefold() == str(b[f]).casefold()
    )
    ra = _date_range(a) or _published_range(a)
    rb = _date_range(b) or _published_range(b)
    # Days between the ranges (0 when they overlap): how far a range starts says nothing when one holds
    # the other ("in 2017" is as close to 3 October as to 4 October).
    distance = max(0, (max(ra[0], rb[0]) - min(ra[1], rb[1])).days) if ra and rb else 10**6
    return (agree, -distance, _figures_overlap(a, b), b.get("source_count") or 0)


def _published_range(s: Mapping) -> tuple[date, date] | None:
    published = _parse(s.get("published"))
    return (published, published) if published else None


def _has_figure(s: Mapping) -> bool:
    return any(s.get(f) is not None for f in ("killed_low", "killed_high", "wounded_low", "wounded_high"))


def _figures_overlap(a: Mapping, b: Mapping) -> bool:
    for measure in ("killed", "wounded"):
        ia, ib = _interval(a, measure), _interval(b, measure)
        if ia and ib:
            return ia[0] <= ib[1] and ib[0] <= ia[1]
    return False


def _interval(s: Mapping, measure: str) -> tuple[float, float] | None:
    low, high = s.get(f"{measure}_low"), s.get(f"{measure}_high")
    if low is None and high is None:
        return None
    return (low if low is not None else 0, high if high is not None else float("inf"))


def places_compatible(a: str | None, b: str | None) -> bool:
    """Same place, one missing, one named inside the other ("Ménaka" and "Ménaka Region"), or one
    inside the other's region by the gazetteer (Douentza in the Mopti Region); two different towns
    are two places."""
    if _same_or_missing(a, b):
        return True
    fa, fb = _folded(str(a)), _folded(str(b))
    return fa in fb or fb in fa or fa in _regions_around(fb) or fb in _regions_around(fa)


@lru_cache(maxsize=4096)
def _folded(place: str) -> str:
    # The same few thousand place names come back for every candidate of every incident.
    return fold(place)


def _same_day_same_story(a: Mapping, b: Mapping) -> bool:
    """Reports of one attack sometimes name two different places (the village, the nearest town):
    they still match when both are dated to the day, name the same perpetrator and give figures
    that overlap."""
    named = a.get("perpetrator") and b.get("perpetrator")
    days = a.get("date_precision") == "day" and b.get("date_precision") == "day"
    return bool(named) and days and _figures_overlap(a, b)


def _regions_around(place: str) -> set[str]:
    regions, region_of = set(), _region_of()
    while place in region_of and region_of[place] not in regions:
        place = region_of[place]
        regions.add(place)
    return regions


@cache
def _region_of() -> dict[str, str]:
    """Folded place name or alias -> folded name of the region it lies in (places.tsv)."""
    return {
        fold(name): fold(place.region)
        for place in lexicon.places()
        if place.region
        for name in (place.name, *place.aliases)
    }


def names_compatible(a, b) -> bool:
    """Same name, one missing, or one is the other's first words: a group and its own branch."""
    if _same_or_missing(a, b):
        return True
    short, long = sorted((str(a).casefold(), str(b).casefold()), key=len)
    return long.startswith(short + " ")


def _same_or_missing(a, b, missing=None) -> bool:
    if a is None or b is None or a == missing or b == missing:
        return True
    return str(a).casefold() == str(b).casefold()


def _date_range(s: Mapping) -> tuple[date, date] | None:
    start, end = _parse(s.get("date_start")), _parse(s.get("date_end"))
    if start is None and end is None:
        return None
    return (start or end, end or start)


def _parse(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
