"""The Dask recipe of the README: dask.bag maps bulk.extract_file over the files on a local
cluster, writes JSON lines, and `ledger import` loads them (dask is in the dev extra)."""

import json

import pytest
from cli_helpers import GAO, VILLAGE, invoke

from ledger.bulk import extract_file

dask_bag = pytest.importorskip("dask.bag", reason="pip install -e '.[dask]'")
distributed = pytest.importorskip("distributed")

ARTICLES = {
    "gao.txt": GAO,
    "village.txt": VILLAGE,
    "menaka.txt": "Convoy hit near Menaka\nEight soldiers were killed on Tuesday when a convoy hit a mine near Menaka, Mali.\n",
    "djibo.txt": "Raid on a market\nGunmen killed 14 traders on Friday in a raid on a market near Djibo, Burkina Faso.\n",
}


def test_dask_maps_extract_and_ledger_import_loads_the_result(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text.replace("\n", "\nPublished: 2024-11-22\n\n", 1), encoding="utf-8")
    paths = sorted(str(p) for p in corpus.glob("*.txt"))

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            bag = dask_bag.from_sequence(paths, npartitions=2).map(extract_file).flatten().map(json.dumps)
            parts = bag.to_textfiles(str(tmp_path / "out" / "part-*.jsonl"))

    assert len(parts) == 2
    result = invoke(runner, "import", *sorted(parts))
    assert result.exit_code == 0, result.output
    assert "imported 4 incidents, 4 sources, 4 new articles" in result.stderr
    exported = json.loads(invoke(runner, "export").stdout)
    assert sorted(i["killed_low"] for i in exported) == [8, 12, 14, 30]
    assert sorted(i["sources"][0]["file"] for i in exported) == sorted(ARTICLES)
    # The map is the same as `ledger extract`: the records are equal, field for field.
    records = [json.loads(line) for part in sorted(parts) for line in open(part, encoding="utf-8")]
    assert records == [
        json.loads(line) for line in invoke(runner, "extract", *paths).stdout.splitlines()
    ]
