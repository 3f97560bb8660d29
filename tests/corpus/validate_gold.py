#!/usr/bin/env python3
"""Validate the gold files of an evaluation corpus (format of /work/shared/eval/SCHEMA.md).

Usage: python3 tests/corpus/validate_gold.py [CORPUS_DIR]      (default: the folder of this script)

Checks: every .txt has a .json and vice versa; valid JSON; exact top-level and incident keys;
blocs, kinds and precisions in their vocabularies; ISO 3166 alpha-3 shape for codes; ISO dates;
date_start <= date_end <= published; month/year/unknown precisions consistent with the dates;
integer counts with low <= high and at least one figure; affiliation null for non-state,
civilian and unknown victims; no duplicate (event_id, victim_bloc, victim_affiliation) in one file;
date_in_text articles show the publication year near the top.
Prints a summary (incidents, aggregates, blocs, event_ids shared across files) and exits 1 on error.
"""
import calendar
import collections
import datetime as dt
import json
import pathlib
import re
import sys

TOP = ["published", "date_in_text", "source_url", "incidents"]
FIELDS = ["event_id", "kind", "victim", "victim_bloc", "victim_affiliation", "perpetrator",
          "perpetrator_bloc", "country", "location", "date_start", "date_end", "date_precision",
          "killed_low", "killed_high", "wounded_low", "wounded_high", "claimed_by_perpetrator"]
BLOCS = {"russia", "west", "local_state", "non_state", "civilian", "unknown"}
KINDS = {"incident", "aggregate"}
PRECISIONS = {"day", "month", "year", "period", "unknown"}
ISO3 = re.compile(r"^[A-Z]{3}$")
EVENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


def parse_date(s):
    return dt.date.fromisoformat(s) if isinstance(s, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else None


def check_file(path, errors):
    def err(msg):
        errors.append(f"{path.name}: {msg}")

    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        err(f"invalid JSON: {e}")
        return None
    if list(gold) != TOP and set(gold) != set(TOP):
        err(f"top-level keys {list(gold)} != {TOP}")
        return None
    pub = parse_date(gold["published"])
    if pub is None:
        err(f"published not ISO: {gold['published']!r}")
        return None
    if not isinstance(gold["date_in_text"], bool):
        err("date_in_text not a bool")
    if gold["source_url"] is not None and not isinstance(gold["source_url"], str):
        err("source_url must be null or a string")
    if not isinstance(gold["incidents"], list) or not gold["incidents"]:
        err("incidents must be a non-empty list")
        return gold
    txt = path.with_suffix(".txt")
    if gold["date_in_text"] and txt.exists():
        head = "\n".join(txt.read_text(encoding="utf-8").splitlines()[:6])
        if str(pub.year) not in head and pub.strftime("%b") not in head and pub.strftime("%B") not in head:
            err("date_in_text is true but no trace of the publication date in the first lines")
    seen = collections.Counter()
    for n, inc in enumerate(gold["incidents"], 1):
        where = f"incident {n} ({inc.get('event_id')})"
        if set(inc) != set(FIELDS):
            err(f"{where}: fields differ: missing {set(FIELDS) - set(inc)}, extra {set(inc) - set(FIELDS)}")
            continue
        if not isinstance(inc["event_id"], str) or not EVENT_ID.match(inc["event_id"]):
            err(f"{where}: bad event_id")
        if inc["kind"] not in KINDS:
            err(f"{where}: bad kind {inc['kind']!r}")
        for k in ("victim", "perpetrator"):
            v = inc[k]
            if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                err(f"{where}: {k} must be a list of non-empty strings")
        if not inc["victim"]:
            err(f"{where}: victim list is empty")
        for k in ("victim_bloc", "perpetrator_bloc"):
            if inc[k] not in BLOCS:
                err(f"{where}: {k} {inc[k]!r} not in {sorted(BLOCS)}")
        aff = inc["victim_affiliation"]
        if aff is not None and not (isinstance(aff, str) and ISO3.match(aff)):
            err(f"{where}: victim_affiliation {aff!r} not ISO alpha-3")
        if inc["victim_bloc"] in ("non_state", "civilian") and aff is not None:
            err(f"{where}: victim_affiliation must be null for {inc['victim_bloc']} victims")
        c = inc["country"]
        if c is not None and not (isinstance(c, str) and ISO3.match(c)):
            err(f"{where}: country {c!r} not ISO alpha-3")
        if inc["location"] is not None and not (isinstance(inc["location"], str) and inc["location"].strip()):
            err(f"{where}: location must be null or a non-empty string")
        # dates
        prec = inc["date_precision"]
        if prec not in PRECISIONS:
            err(f"{where}: bad date_precision {prec!r}")
        ds, de = inc["date_start"], inc["date_end"]
        if prec == "unknown":
            if ds is not None or de is not None:
                err(f"{where}: precision unknown but dates set")
        else:
            a, b = parse_date(ds), parse_date(de)
            if a is None or b is None:
                err(f"{where}: dates not ISO: {ds!r} {de!r}")
            else:
                if not a <= b <= pub:
                    err(f"{where}: need date_start <= date_end <= published ({ds} {de} {pub})")
                if prec == "month":
                    last = calendar.monthrange(a.year, a.month)[1]
                    if a.day != 1 or (a.year, a.month) != (b.year, b.month) or b.day not in (last, pub.day):
                        err(f"{where}: month precision but dates {ds}..{de}")
                    if b.day != last and b != pub:
                        err(f"{where}: partial month must end on the publication date")
                if prec == "year" and (a != dt.date(a.year, 1, 1) or b != dt.date(a.year, 12, 31)):
                    err(f"{where}: year precision but dates {ds}..{de}")
        if (inc["kind"] == "aggregate") != (prec == "period"):
            err(f"{where}: kind {inc['kind']} with precision {prec}")
        # counts
        for m in ("killed", "wounded"):
            lo, hi = inc[f"{m}_low"], inc[f"{m}_high"]
            for v in (lo, hi):
                if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                    err(f"{where}: {m} count {v!r} not a non-negative integer")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                err(f"{where}: {m}_low {lo} > {m}_high {hi}")
        if all(inc[k] is None for k in ("killed_low", "killed_high", "wounded_low", "wounded_high")):
            err(f"{where}: no figure at all")
        if not isinstance(inc["claimed_by_perpetrator"], bool):
            err(f"{where}: claimed_by_perpetrator not a bool")
        seen[(inc["event_id"], inc["victim_bloc"], inc["victim_affiliation"])] += 1
    for key, k in seen.items():
        if k > 1:
            err(f"duplicate victim group {key} x{k}")
    return gold


def main():
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent
    errors = []
    txts = {p.stem for p in root.glob("*.txt")}
    jsons = {p.stem for p in root.glob("*.json")}
    for s in sorted(txts ^ jsons):
        errors.append(f"{s}: missing {'.json' if s in txts else '.txt'}")
    by_event = collections.defaultdict(set)
    kinds = collections.Counter()
    vblocs = collections.Counter()
    n_in_text = n_claimed = n_inc = 0
    event_kind = {}
    for p in sorted(root.glob("*.json")):
        gold = check_file(p, errors)
        if not gold or not isinstance(gold.get("incidents"), list):
            continue
        n_in_text += bool(gold.get("date_in_text"))
        for inc in gold["incidents"]:
            if not isinstance(inc, dict) or "event_id" not in inc:
                continue
            n_inc += 1
            by_event[inc["event_id"]].add(p.stem[:3])
            kinds[inc.get("kind")] += 1
            vblocs[inc.get("victim_bloc")] += 1
            n_claimed += inc.get("claimed_by_perpetrator") is True
            prev = event_kind.setdefault(inc["event_id"], inc.get("kind"))
            if prev != inc.get("kind"):
                errors.append(f"{p.name}: event {inc['event_id']} has kind {inc.get('kind')} here, {prev} elsewhere")
    print(f"articles: {len(jsons)}  (date in text: {n_in_text})")
    print(f"incidents: {n_inc}  {dict(kinds)}  claimed_by_perpetrator: {n_claimed}")
    print(f"victim blocs: {dict(vblocs.most_common())}")
    shared = {e: sorted(a) for e, a in by_event.items() if len(a) > 1}
    print(f"distinct event_ids: {len(by_event)}; in 2+ articles: {len(shared)}")
    for e, a in sorted(shared.items()):
        print(f"  {e}: {', '.join(a)}")
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nOK: all gold files valid")


if __name__ == "__main__":
    main()
