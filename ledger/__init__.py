"""ledger: a command-line casualty ledger."""

__version__ = "0.1.0"
