"""ledger: a command-line casualty ledger."""

import sys

__version__ = "0.1.0"


def _import_sqlite_utils_lean() -> None:
    """sqlite-utils imports pandas and numpy whenever they are installed, only to map their number
    types in inserts, which ledger never makes; that alone took ~0.5 s of every command's start.
    Import it with both hidden; later imports of them (by a plot, say) work as usual."""
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_import_sqlite_utils_lean()
