# make install | test | demo | bench | eval. `test` and `demo` install first, so each works on a fresh clone.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED := data/d00-seed-mali-russian-losses.txt

.PHONY: install test demo bench eval docs

install: $(STAMP)

# The stamp makes `make test` fast when nothing changed; editing pyproject.toml reinstalls.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

test: install
	$(BIN)/pytest -q

# The seed article has no date in its text: it needs --date (it was published on 2024-11-22).
# The other articles carry a dateline; the second ingest skips the seed, already in the ledger.
demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/ledger ingest --db demo.db --date 2024-11-22 $(SEED)
	$(BIN)/ledger ingest --db demo.db data/
	$(BIN)/ledger report --db demo.db --by bloc --per year --victim-bloc russia --victim-bloc west

bench: install
	@if [ -f bench/run.py ]; then $(BIN)/python bench/run.py; else echo "bench/run.py does not exist yet"; fi

eval: install
	python3 ../shared/eval/score.py ../shared/eval/dev --ledger $(BIN)/ledger

# docs/cli.md, the command reference, from every command's --help (tests/test_docs_cli.py checks it).
docs: install
	$(BIN)/python -m ledger.docs
