"""One event, many reports: decide whether an extracted incident is one the ledger already holds, and
compute an incident's reconciled fields from all the articles (sources) that report it.

Everything here but `find_match` is pure and works on plain mappings of the SCHEMA.md fields, so the
same rules serve ingest now and `merge`/`split`/`reextract` later. The rules, in short:

- match: same kind and victim bloc; compatible country, victim affiliation, perpetrator (bloc and
  name; "unknown"/null is compatible with anything); dates that overlap (day precision, 2 days of
  slack for late or re-dated reports) or where one range contains the other (month/year precision).
  An undated incident is never merged automatically. Period totals (aggregates) match only when
  they start on the same day and their figures overlap (58 French deaths since 2013 is not 41).
- reconcile: figures from the independent sources when there are any (a perpetrator's claim is
  kept only when nothing else gives a figure); one source keeps its own low/high; several give
  low = the smallest figure, high = the largest (dev/INDEX.md convention 1), left open only when no
  source gives an upper bound; the most precise date; the most often reported name or place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from ledger.models import INCIDENT_FIELDS, Incident

DAY_SLACK = timedelta(days=2)

# Most precise first: a source dated to the day beats one dated to the month.
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "period": 3, "unknown": 4}


def find_match(db, incident: Incident | Mapping, article_id: int | None = None) -> int | None:
    """The id of the ledger incident that `incident` reports again, or None for a new event.

    Incidents that already have a source in `article_id` are never candidates: an article does not
    report one event twice (the extractor already merged its own mentions).
    """
    from ledger import store  # store imports this module; importing here avoids the cycle

    fields = incident.fields() if isinstance(incident, Incident) else incident
    candidates = store.match_candidates(db, fields["victim_bloc"], fields["kind"], article_id)
    best = None
    for candidate in candidates:
        if not is_compatible(fields, candidate):
            continue
        key = (_match_score(fields, candidate), -candidate["id"])
        if best is None or key > best[0]:
            best = (key, candidate["id"])
    return best[1] if best else None


def is_compatible(a: Mapping, b: Mapping) -> bool:
    """Whether two incident records can be the same event for the same victim group."""
    if a["kind"] != b["kind"] or a["victim_bloc"] != b["victim_bloc"]:
        return False
    if not all(_same_or_missing(a.get(f), b.get(f)) for f in ("country", "victim_affiliation")):
        return False
    if not _same_or_missing(a.get("perpetrator"), b.get("perpetrator")):
        return False
    if not _same_or_missing(a.get("perpetrator_bloc"), b.get("perpetrator_bloc"), "unknown"):
        return False
    if a["kind"] == "aggregate":
        return (
            a.get("date_start") is not None
            and a.get("date_start") == b.get("date_start")
            and _figures_overlap(a, b)
        )
    return dates_compatible(a, b)


def dates_compatible(a: Mapping, b: Mapping) -> bool:
    ra, rb = _date_range(a), _date_range(b)
    if ra is None or rb is None:
        return False
    if a.get("date_precision") == "day" and b.get("date_precision") == "day":
        return ra[0] <= rb[1] + DAY_SLACK and rb[0] <= ra[1] + DAY_SLACK
    return _contains(ra, rb) or _contains(rb, ra)


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


def _figures(sources: Sequence[Mapping]) -> dict:
    with_figures = [s for s in sources if _has_figure(s)]
    independent = [s for s in with_figures if not s.get("claimed_by_perpetrator")]
    basis = independent or with_figures
    killed = combine_figures([(s.get("killed_low"), s.get("killed_high")) for s in basis])
    wounded = combine_figures([(s.get("wounded_low"), s.get("wounded_high")) for s in basis])
    if with_figures:
        claimed = not independent
    else:
        claimed = all(s.get("claimed_by_perpetrator") for s in sources)
    return {
        "killed_low": killed[0],
        "killed_high": killed[1],
        "wounded_low": wounded[0],
        "wounded_high": wounded[1],
        "claimed_by_perpetrator": bool(claimed),
    }


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
    """Prefer the candidate that agrees on more specifics, then the closest date."""
    agree = sum(
        1
        for f in ("location", "perpetrator", "country", "victim")
        if a.get(f) and b.get(f) and str(a[f]).casefold() == str(b[f]).casefold()
    )
    ra, rb = _date_range(a), _date_range(b)
    distance = abs((ra[0] - rb[0]).days) if ra and rb else 10**6
    return (agree, -distance)


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


def _same_or_missing(a, b, missing=None) -> bool:
    if a is None or b is None or a == missing or b == missing:
        return True
    return str(a).casefold() == str(b).casefold()


def _date_range(s: Mapping) -> tuple[date, date] | None:
    start, end = _parse(s.get("date_start")), _parse(s.get("date_end"))
    if start is None and end is None:
        return None
    return (start or end, end or start)


def _contains(outer: tuple[date, date], inner: tuple[date, date]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _parse(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
