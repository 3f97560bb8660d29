"""Regression floor on the shared dev corpus: the scorer ingests every dev article into a fresh ledger
through the real `ledger` command. Skipped where ../shared/eval is absent (it sits beside the checkout in CI)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT.parent / "shared" / "eval" / "dev"
LEDGER = Path(sys.executable).parent / "ledger"


@pytest.mark.skipif(not SCORER.is_file() or not LEDGER.is_file(), reason="no shared eval kit or ledger command")
def test_dev_corpus_scores_above_floor():
    result = subprocess.run(
        [sys.executable, str(SCORER), str(DEV), "--ledger", str(LEDGER), "--json"],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    metrics = json.loads(result.stdout)
    assert metrics["errors"] == 0
    assert metrics["f1"] >= 0.95, metrics["f1"]
    assert metrics["exact"] >= 0.84, metrics["exact"]
    assert metrics["fields"]["killed"] >= 0.97
    assert metrics["fields"]["date"] >= 0.95
    assert metrics["fields"]["perpetrator"] >= 0.92
    # One event, many reports: at most 1.10 ledger incidents per event that 2+ articles report, and
    # never two events in one incident.
    assert metrics["dedup_ratio"] <= 1.10, metrics["dedup_ratio"]
    assert metrics["overmerged"] == 0
    seed = next(a for a in metrics["per_article"] if a["article"].startswith("d00-"))
    assert seed["matched"] == seed["gold"] == seed["exact"] == 5
