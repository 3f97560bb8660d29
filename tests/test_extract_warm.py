"""warm_up(): what a forking process builds once so that its extracting workers do not each build it."""

import subprocess
import sys

from ledger.extract import analyse
from ledger.extract.warm import SAMPLE

# In a fresh interpreter: how many pattern twins and compiled patterns analysing ARTICLE adds, after warm_up()
# or after analysing one short sentence (what the batch warm-up did before).
PROBE = """
import re, sys
from ledger.extract import analyse, twins
if sys.argv[1] == "warm":
    from ledger.extract.warm import warm_up
    warm_up()
else:
    analyse("Two soldiers were killed in Gao, Mali, on Monday.")
before = (len(twins._TWINS), len(re._cache))
analyse(sys.argv[2])
print(len(twins._TWINS) - before[0], len(re._cache) - before[1])
"""
ARTICLE = """Gunmen kill 9 in central Mali
Published: 2 May 2024

Gunmen killed at least nine villagers and wounded 14 others near Djenné, Mali, on Tuesday, a local official
said. The toll rose to 11 on Wednesday. JNIM claimed the attack, which the army blamed on jihadists.
"""


def added(how: str) -> tuple[int, int]:
    proc = subprocess.run([sys.executable, "-c", PROBE, how, ARTICLE], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    twins, patterns = proc.stdout.split()
    return int(twins), int(patterns)


def test_after_warm_up_an_article_compiles_next_to_nothing():
    assert added("warm") == (0, 0)
    twins, patterns = added("sentence")
    assert twins > 10 and patterns > 20  # what each worker compiled for itself before


def test_the_sample_goes_through_tolls_claims_and_wounded():
    incidents = analyse(SAMPLE).incidents
    assert len(incidents) >= 5
    assert any(i.perpetrator == "JNIM" for i in incidents)
    assert any(i.wounded_low for i in incidents)
