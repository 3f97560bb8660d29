"""`make bench`: how fast ledger is on this machine, every figure of the scale targets.

Every timing but extraction runs `ledger` as a separate process and measures its whole wall time
(startup included), as a user would see it. Ledgers of 100k articles / 1M incidents are built with
`ledger import` of generated incident records (bench/corpus.py), not by extracting that many
articles, to keep the run in minutes. Prints a table on stderr-free stdout and writes
bench/results.json. `--quick` runs smaller sizes (about a minute).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from ledger import bulk, store  # noqa: E402
from ledger.extract import analyse  # noqa: E402
from ledger.ingest import read_input  # noqa: E402

LEDGER = str(Path(sys.executable).parent / "ledger")
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
# The floor: the one regex a minimal casualty extractor could not do without.
CASUALTY = re.compile(r"\b(\d+|[a-z]+)\s+(?:\w+\s+){0,3}?(?:were\s+|have\s+been\s+)?(?:killed|dead|died|wounded)\b")

FULL = dict(extract=600, ingest=1000, small=1000, grown=100_000, report=1_000_000, rss=[1000, 3000], big_mb=[1, 4])
QUICK = dict(extract=150, ingest=300, small=1000, grown=20_000, report=200_000, rss=[300, 900], big_mb=[0.5, 1])


def run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the largest of the process and its workers) of one command."""
    timed = run_timed(args)
    return timed["wall_s"], timed["peak_rss_mb"]


def run_timed(args: list[str]) -> dict:
    """Wall seconds, peak RSS in MB of the largest of the process and its workers, and CPU seconds
    (user + system) of the process and every worker it waited for: on a shared machine the CPU a
    command needs varies less than its wall time.

    GNU time measures the RSS when it is there: a child forked straight from this (large) bench
    process would be charged the bench's own pages until its exec."""
    with tempfile.NamedTemporaryFile("r") as peak:
        timed = [GNU_TIME, "-f", "%M", "-o", peak.name, *args] if GNU_TIME else args
        start = time.perf_counter()
        proc = subprocess.Popen(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
        kb = int(peak.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return {"wall_s": wall, "peak_rss_mb": kb / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}


def extraction(folder: Path) -> dict:
    files = sorted(folder.glob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    analyse(read_input(str(files[0])).text)  # build the lexicon tables outside the timing
    start = time.perf_counter()
    for f in files:
        analyse(read_input(str(f)).text)
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        hits = 0
        for f in files:
            hits += sum(1 for _ in CASUALTY.finditer(f.read_text(encoding="utf-8")))
    floor_s = (time.perf_counter() - start) / 5
    return {
        "articles": len(files), "mb": size / 1e6, "extract_mb_s": size / 1e6 / extract_s,
        "extract_articles_s": len(files) / extract_s, "floor_mb_s": size / 1e6 / floor_s,
        "ratio_to_floor": extract_s / floor_s,
    }  # fmt: skip


def import_file(path: Path, count: int, seed: int, per_article: int = 2, **dates) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for line in corpus.incident_records(count, seed, per_article, **dates):
            out.write(line + "\n")
    return path


def ingest(db: Path, folder: Path, jobs: int) -> dict:
    n = len(list(folder.glob("*.txt")))
    timed = run_timed([LEDGER, "ingest", "--db", str(db), "--jobs", str(jobs), str(folder)])
    return {"articles": n, "jobs": jobs, **timed, "articles_s": n / timed["wall_s"],
            "cpu_ms_per_article": 1000 * timed["cpu_s"] / n}  # fmt: skip


def json_floor(path: Path) -> dict:
    """Floors for the import and export of `path` (JSON lines), on one core: Python's json.loads
    of each line and json.dumps of each record, nothing else, and SQLite's parse of each line
    (json_valid; the import parses in SQLite). No loader that parses every record once with
    either can be faster on one core; the import and export targets are measured against them."""
    count, loads_s, dumps_s, sqlite_s = 0, 0.0, 0.0, 0.0
    sqlite = sqlite3.connect(":memory:")
    sqlite.execute("CREATE TABLE lines (line TEXT)")
    gc.disable()  # parsed JSON holds no cycles: the collector would only add its own time to the floor
    with open(path, encoding="utf-8") as f:
        while lines := list(itertools.islice(f, 1_000)):  # a chunk at a time: the records stay few in memory
            start = time.process_time()
            records = [json.loads(line) for line in lines]
            middle = time.process_time()
            for record in records:
                json.dumps(record, ensure_ascii=False)
            loads_s, dumps_s = loads_s + middle - start, dumps_s + time.process_time() - middle
            sqlite.execute("DELETE FROM lines")
            sqlite.executemany("INSERT INTO lines VALUES (?)", ((line,) for line in lines))
            start = time.process_time()
            sqlite.execute("SELECT count(*) FROM lines WHERE json_valid(line)").fetchone()
            sqlite_s += time.process_time() - start
            count += len(records)
    gc.enable()
    return {"records": count, "loads_per_s": count / loads_s, "dumps_per_s": count / dumps_s,
            "sqlite_parse_per_s": count / sqlite_s}  # fmt: skip


def write_floor(imported: Path, target: Path) -> dict:
    """The import's other floor, on one core: SQLite alone copying the rows of an imported ledger
    (articles, incidents, their sources) into an empty one the way the import writes them (the
    incident indexes built once at the end, the report summaries and counts rebuilt once), with
    nothing to parse or convert. No import of those records into this schema can be faster."""
    db = store.open_ledger(target)
    db.conn.execute("ATTACH DATABASE ? AS imported", [str(imported)])
    start = time.process_time()
    with store.write_transaction(db):
        restore = bulk._drop(db, "index", ("incidents",)) + bulk._drop(db, "trigger", ("incidents", "incident_sources"))
        for table in ("articles", "incidents", "incident_sources"):
            db.conn.execute(f"INSERT INTO main.{table} SELECT * FROM imported.{table}")
        store.rebuild_derived(db, sources_counted=True)
        for sql in restore:
            db.conn.execute(sql)
    cpu_s = time.process_time() - start
    [count] = db.conn.execute("SELECT count(*) FROM main.incidents").fetchone()
    db.conn.execute("DETACH DATABASE imported")
    db.close()
    return {"incidents": count, "cpu_s": cpu_s, "incidents_s": count / cpu_s}


def big_file(path: Path, mb: float) -> Path:
    """Generated articles one after another in one file of `mb` megabytes."""
    with open(path, "w", encoding="utf-8") as out:
        written = 0
        for _, text in corpus.articles(10**7, seed=6):
            out.write(text + "\n")
            written += len(text) + 1
            if written >= mb * 1e6:
                return path
    return path


def median_wall(args: list[str], times: int = 3) -> float:
    return statistics.median(run(args)[0] for _ in range(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    opts = parser.parse_args()
    size = QUICK if opts.quick else FULL
    cores = os.cpu_count() or 1
    # Every process is timed as an installed ledger runs: with its modules' bytecode cached (an
    # editable install under PYTHONDONTWRITEBYTECODE would compile them again in every process).
    import ledger

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(ledger.__file__).parent)], check=True)
    results: dict = {"cores": cores, "python": platform.python_version(), "quick": opts.quick,
                     "machine": platform.machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        tmp = Path(tmp)
        step("startup")
        results["startup_s"] = median_wall([LEDGER, "--version"], 5)

        step(f"extraction over {size['extract']} articles")
        results["extraction"] = extraction(corpus.write_corpus(tmp / "extract", size["extract"], seed=1))

        # This year's copy (2025), into ledgers that hold the years before (2019-2024).
        fresh = corpus.write_corpus(tmp / "fresh", size["ingest"], seed=2, first=date(2025, 1, 1), days=364)
        step(f"ingest {size['ingest']} articles into an empty ledger")
        results["ingest_empty"] = ingest(tmp / "empty.db", fresh, cores)
        results["ingest_empty_1job"] = ingest(tmp / "empty1.db", fresh, 1)

        step(f"ledger of {size['small']:,} articles (import), then ingest {size['ingest']} more")
        small = import_file(tmp / "small.jsonl", size["small"] * 2, seed=3)
        run([LEDGER, "import", "--db", str(tmp / "small.db"), str(small)])
        results["ingest_small"] = {"ledger_articles": size["small"], **ingest(tmp / "small.db", fresh, cores)}

        step(f"ledger of {size['grown']:,} articles (import), then ingest {size['ingest']} more")
        records = import_file(tmp / "grown.jsonl", size["grown"] * 2, seed=3)
        wall, rss = run([LEDGER, "import", "--db", str(tmp / "grown.db"), str(records)])
        results["import"] = {"incidents": size["grown"] * 2, "wall_s": wall, "incidents_s": size["grown"] * 2 / wall,
                             "peak_rss_mb": rss}  # fmt: skip
        results["ingest_grown"] = {"ledger_articles": size["grown"], **ingest(tmp / "grown.db", fresh, cores)}
        results["json_floor"] = json_floor(records)
        results["write_floor"] = write_floor(tmp / "grown.db", tmp / "copy.db")

        # The same size, all of it before this year: what the size of a ledger costs by itself. In
        # the ledger above, a seventh of the incidents fall in 2025 beside the new articles, and
        # reconcile must look at each that could be the same event (docs/scale.md).
        step(f"ledger of {size['grown']:,} articles of 2019-2024 (import), then ingest the 2025 ones")
        older = import_file(tmp / "older.jsonl", size["grown"] * 2, seed=3, first=date(2019, 1, 1), days=6 * 365 - 2)
        run([LEDGER, "import", "--db", str(tmp / "older.db"), str(older)])
        results["ingest_older"] = {"ledger_articles": size["grown"], **ingest(tmp / "older.db", fresh, cores)}
        for fmt in ("jsonl", "json"):
            wall, rss = run([LEDGER, "export", "--db", str(tmp / "grown.db"), "-f", fmt])
            n = size["grown"] * 2 + size["ingest"]  # roughly: the ingested articles add about one each
            results[f"export_{fmt}"] = {"wall_s": wall, "incidents_s": n / wall, "peak_rss_mb": rss}

        step(f"report over {size['report']:,} incidents (bulk-loaded in process)")
        million = store.open_ledger(tmp / "million.db")
        records = (json.loads(line) for line in corpus.incident_records(size["report"], seed=4, per_article=4))
        bulk.import_records(million, records)
        million.close()
        report = [LEDGER, "report", "--db", str(tmp / "million.db"), "--by", "bloc", "--per", "year"]
        results["report"] = {"incidents": size["report"], "wall_s": median_wall(report)}
        filtered = [LEDGER, "list", "--db", str(tmp / "million.db"), "--victim-bloc", "west", "--country", "MLI",
                    "--since", "2024-06-01", "--until", "2024-06-30"]  # fmt: skip
        results["list_filtered"] = {"incidents": size["report"], "wall_s": median_wall(filtered)}

        step("peak RSS as the batch grows")
        results["rss"] = []
        for n in size["rss"]:
            folder = corpus.write_corpus(tmp / f"rss{n}", n, seed=5)
            results["rss"].append(ingest(tmp / f"rss{n}.db", folder, cores))

        results["big_file"] = []
        # The full run also takes a 50 MB dump (the scale target), at the default --max-bytes.
        for mb in size["big_mb"] + ([] if opts.quick else [50]):
            step(f"one {mb} MB file: extract, then ingest")
            big = big_file(tmp / f"big{mb}.txt", mb)
            wall, rss = run([LEDGER, "extract", "--date", "2024-11-22", str(big)])
            entry = {"mb": big.stat().st_size / 1e6, "extract_wall_s": wall, "extract_peak_rss_mb": rss}
            # One article of thousands of incidents: placing them takes minutes at 50 MB (docs/scale.md
            # gives a measured figure), so the run times the ingest of the smallest file only.
            if mb == min(size["big_mb"]):
                wall, rss = run([LEDGER, "ingest", "--db", str(tmp / f"big{mb}.db"), "--date", "2024-11-22", str(big)])
                entry |= {"ingest_wall_s": wall, "ingest_peak_rss_mb": rss}
            results["big_file"].append(entry)

    opts.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(json.dumps(results))


def step(text: str) -> None:
    print(f"bench: {text}...", file=sys.stderr, flush=True)


def table(r: dict) -> str:
    e = r["extraction"]
    rows = [
        ("cores", f"{r['cores']}", ""),
        ("startup (ledger --version)", f"{r['startup_s']:.2f} s", "whole process"),
        ("extraction", f"{e['extract_mb_s']:.2f} MB/s", f"{e['extract_articles_s']:.0f} articles/s, one core"),
        ("regex floor", f"{e['floor_mb_s']:.1f} MB/s", f"extraction is {e['ratio_to_floor']:.0f}x slower"),
        ("ingest, empty ledger", f"{r['ingest_empty']['articles_s']:.0f} articles/s",
         f"{r['ingest_empty']['articles']} articles, --jobs {r['ingest_empty']['jobs']}, "
         f"{r['ingest_empty']['cpu_ms_per_article']:.1f} ms CPU an article"),
        ("ingest, empty, --jobs 1", f"{r['ingest_empty_1job']['articles_s']:.0f} articles/s",
         f"{r['ingest_empty_1job']['cpu_ms_per_article']:.1f} ms CPU an article, all processes"),
        (f"ingest, {r['ingest_small']['ledger_articles']:,} articles in", f"{r['ingest_small']['articles_s']:.0f} articles/s",
         f"--jobs {r['ingest_small']['jobs']}, {r['ingest_small']['cpu_ms_per_article']:.1f} ms CPU an article"),
        (f"ingest, {r['ingest_grown']['ledger_articles']:,} articles in", f"{r['ingest_grown']['articles_s']:.0f} articles/s",
         f"--jobs {r['ingest_grown']['jobs']}, {r['ingest_grown']['cpu_ms_per_article']:.1f} ms CPU an article"),
        (f"ingest, {r['ingest_older']['ledger_articles']:,} older in", f"{r['ingest_older']['articles_s']:.0f} articles/s",
         f"--jobs {r['ingest_older']['jobs']}, {r['ingest_older']['cpu_ms_per_article']:.1f} ms CPU an article; ledger of 2019-2024"),
        ("import", f"{r['import']['incidents_s']:,.0f} incidents/s", f"{r['import']['incidents']:,} incidents"),
        ("SQLite write floor", f"{r['write_floor']['incidents_s']:,.0f} incidents/s",
         "one core, the same rows copied from ledger to ledger, nothing parsed"),
        ("json.loads floor", f"{r['json_floor']['loads_per_s']:,.0f} records/s",
         "one core, Python parsing the import's lines, nothing else"),
        ("SQLite parse floor", f"{r['json_floor']['sqlite_parse_per_s']:,.0f} records/s",
         f"one core, json_valid of each line; import is {r['json_floor']['sqlite_parse_per_s'] / r['import']['incidents_s']:.0f}x slower"),
        ("export jsonl", f"{r['export_jsonl']['incidents_s']:,.0f} incidents/s", f"{r['export_jsonl']['peak_rss_mb']:.0f} MB peak"),
        ("json.dumps floor", f"{r['json_floor']['dumps_per_s']:,.0f} records/s",
         "one core writing the same records, nothing else"),
        ("export json", f"{r['export_json']['incidents_s']:,.0f} incidents/s", f"{r['export_json']['peak_rss_mb']:.0f} MB peak"),
        ("report --by bloc --per year", f"{r['report']['wall_s']:.2f} s", f"{r['report']['incidents']:,} incidents"),
        ("list, 4 filters", f"{r['list_filtered']['wall_s']:.2f} s", f"{r['list_filtered']['incidents']:,} incidents"),
        *[(f"peak RSS ingesting {x['articles']}", f"{x['peak_rss_mb']:.0f} MB", f"{x['articles_s']:.0f} articles/s")
          for x in r["rss"]],
        *[(f"one {b['mb']:.1f} MB file, extract", f"{b['extract_peak_rss_mb']:.0f} MB peak", f"{b['extract_wall_s']:.0f} s")
          for b in r["big_file"]],
        *[(f"one {b['mb']:.1f} MB file, ingest", f"{b['ingest_peak_rss_mb']:.0f} MB peak", f"{b['ingest_wall_s']:.0f} s")
          for b in r["big_file"] if "ingest_wall_s" in b],
    ]  # fmt: skip
    width = max(len(a) for a, _, _ in rows)
    return "\n".join(f"{a:<{width}}  {b:>22}  {c}" for a, b, c in rows)


if __name__ == "__main__":
    main()
