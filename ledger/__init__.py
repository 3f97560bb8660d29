"""ledger: a command-line casualty ledger."""

import sys

__version__ = "0.1.0"


class _LeanSqliteUtils:
    """sqlite-utils imports pandas and numpy whenever they are installed, only to map their number
    types in inserts, which ledger never makes; that alone took ~0.5 s of every command's start.
    This finder runs the first import of sqlite_utils, whoever makes it, with both hidden; later
    imports of them (by a plot, say) work as usual. sqlite-utils itself is imported only by the
    commands that need it (store.open_ledger's connection creates its Database on first use)."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "sqlite_utils":
            return None
        import importlib.util

        sys.meta_path.remove(cls)  # the real finders find it; this one is done
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _HidingLoader(spec.loader)
        return spec


class _HidingLoader:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                del sys.modules[name]

    def __getattr__(self, name):
        return getattr(self.loader, name)


if "sqlite_utils" not in sys.modules:
    sys.meta_path.insert(0, _LeanSqliteUtils)
