"""Limits on inputs, in a module of their own so that the CLI can show them as option defaults
without importing the ingest machinery (extraction, dates) at every start."""

# The default --max-bytes: far above any news article (a long feature is ~100 kB), far below what
# would strain memory while one file is decoded and extracted.
MAX_BYTES = 20_000_000
