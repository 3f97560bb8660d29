"""The errors the library raises; cli.py turns each into one `Error: ...` line and exit status 1.

Anything that is the user's input or the ledger file being wrong is a LedgerError. A bug stays a plain
exception so that it is never mistaken for bad input.
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""


class InputError(LedgerError):
    """One input (an article file, stdin) cannot be read as an article."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(LedgerError):
    """The ledger database cannot be opened, migrated or written."""


class NotFoundError(LedgerError):
    """A record asked for by id does not exist (e.g. `ledger show 42`)."""
