"""Limits on inputs, in a module of their own so that the CLI can show them as option defaults
without importing the ingest machinery (extraction, dates) at every start."""

# The default --max-bytes: a 50 MB dump of articles is taken (a text over 256 kB is extracted in
# pieces, ledger/extract/chunks.py: ingesting 50 MB peaks at ~240 MB, when SQLite writes the article
# row; 64 MB would come near 300 MB); a larger file is refused with a message naming --max-bytes, so
# that a stray log file or disk image is not read whole by mistake.
MAX_BYTES = 64_000_000
