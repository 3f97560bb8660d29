"""Shapes of records for output: the export contract (SCHEMA.md) and the text of `ledger show`.

Kept apart from store.py (which returns rows as stored) so that the contract is visible in one place.
"""

from __future__ import annotations

from ledger import reconcile
from ledger.models import INCIDENT_FIELDS
from ledger.render import as_text, figure_range

# An exported source: its article, then every incident field as that article gave it (the scorer
# replaces the incident's fields by these when it scores one article), then the evidence.
SOURCE_EXPORT_FIELDS = ("file", *INCIDENT_FIELDS, "confidence", "sentence", "evidence")
EXPORT_COLUMNS = ["id", *INCIDENT_FIELDS, "confidence", "sources"]
CSV_EXPORT_COLUMNS = ["id", *INCIDENT_FIELDS, "confidence", "source_count", "files"]


def export_record(incident: dict) -> dict:
    """One incident as `ledger export --format json` prints it."""
    record = {name: incident[name] for name in ("id", *INCIDENT_FIELDS, "confidence")}
    record["sources"] = [
        {name: source.get(name) for name in SOURCE_EXPORT_FIELDS} for source in incident["sources"]
    ]
    return record


def csv_export_row(record: dict) -> dict:
    """CSV has no nesting: the sources become a count and their file names joined by "; "."""
    row = {name: record[name] for name in ("id", *INCIDENT_FIELDS, "confidence")}
    row["source_count"] = len(record["sources"])
    row["files"] = "; ".join(s["file"] for s in record["sources"])
    return row


def incident_text(incident: dict) -> str:
    """`ledger show ID`: every field, then each source with its figures, sentence and evidence."""
    lines = [f"Incident {incident['id']}"]
    lines += _field_lines(incident, INCIDENT_FIELDS + ("confidence", "created_at", "updated_at"))
    if incident.get("pinned"):
        lines.append(f"  {'pinned':<24}{', '.join(incident['pinned'])}")
    for name in ("note", "reviewed_at"):  # set by `ledger edit --note` and `ledger review`
        if incident.get(name):
            lines.append(f"  {name:<24}{incident[name]}")
    claimed = reconcile.claimed_figures(incident["sources"])
    if claimed:  # the perpetrator's own figures, outside the totals unless --include-claims
        lines.append(
            f"  {'claimed by perpetrator':<24}killed {_range(claimed, 'killed')}  "
            f"wounded {_range(claimed, 'wounded')}  (not in totals)"
        )
    sources = incident["sources"]
    lines.append("")
    lines.append(f"Sources ({len(sources)})")
    for number, source in enumerate(sources, 1):
        lines.append("")
        published = f", published {source['published']}" if source.get("published") else ""
        lines.append(f"[{number}] {source['file']}{published}")
        if source.get("title"):
            lines.append(f"    title: {source['title']}")
        if source.get("url"):
            lines.append(f"    url: {source['url']}")
        lines.append(
            "    killed: {}  wounded: {}  date: {}  claimed: {}".format(
                figure_range(source["killed_low"], source["killed_high"]) or "-",
                figure_range(source["wounded_low"], source["wounded_high"]) or "-",
                _date_text(source),
                as_text(source["claimed_by_perpetrator"]),
            )
        )
        differing = [f for f in INCIDENT_FIELDS if source.get(f) != incident.get(f)]
        if differing:
            lines.append("    this article differs on: " + ", ".join(differing))
        if source.get("sentence"):
            lines.append(f"    sentence: {source['sentence']}")
        for e in source.get("evidence") or []:
            lines.append(f'    - {e.get("field")}: "{e.get("text")}" ({e.get("rule")})')
    return "\n".join(lines)


def _range(figures: dict, measure: str) -> str:
    return figure_range(figures[f"{measure}_low"], figures[f"{measure}_high"]) or "-"


def _field_lines(record: dict, names) -> list[str]:
    return [f"  {name:<24}{as_text(record.get(name)) or '-'}" for name in names]


def _date_text(source: dict) -> str:
    start, end = source.get("date_start"), source.get("date_end")
    if not start:
        return "unknown"
    span = start if end in (None, start) else f"{start}..{end}"
    return f"{span} ({source.get('date_precision')})"
