"""User settings: the default ledger file and the default output format, in a small TOML file.

The file is `config.toml` in the user's config directory (`typer.get_app_dir("ledger")`:
`$XDG_CONFIG_HOME/ledger` or `~/.config/ledger` on Linux, `~/Library/Application Support/ledger` on
macOS, `%APPDATA%\\ledger` on Windows), for example:

    db = "~/research/sahel.db"
    format = "markdown"

Precedence, highest first: a command-line option (`--db`, `--format`), the environment
(`LEDGER_DB`, `LEDGER_FORMAT`), this file, the built-in default. The file's values reach the commands
as Click's `default_map`, which sits exactly between the environment and the defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from ledger.errors import LedgerError
from ledger.render import Format

# setting -> (environment variable, command parameter it sets, built-in default as shown)
SETTINGS = {
    "db": ("LEDGER_DB", "db", "ledger.db"),
    "format": ("LEDGER_FORMAT", "fmt", "table on a terminal, tsv when piped"),
}
COLUMNS = ["setting", "value", "source"]
_ALL_FORMATS = {f.value for f in Format}


class SettingsError(LedgerError):
    """The settings file cannot be read, or a value is not valid."""


def config_path() -> Path:
    return Path(typer.get_app_dir("ledger")) / "config.toml"


def read() -> dict[str, str]:
    """The settings in the file ({} when there is none); an unreadable file is an error naming it."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsError(f"settings file {path}: {e}") from None
    import tomllib  # only when there is a file: ~10 ms of every command's start otherwise

    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"settings file {path}: {e}") from None
    for key, value in values.items():
        check(key, value, f"settings file {path}: ")
    return values


def check_key(key: str, where: str = "") -> str:
    if key not in SETTINGS:
        raise SettingsError(f"{where}unknown setting {key!r} (known: {', '.join(SETTINGS)})")
    return key


def check(key: str, value, where: str = "") -> str:
    """`value` if it is valid for setting `key`, else a SettingsError (prefixed by `where`)."""
    check_key(key, where)
    if not isinstance(value, str) or not value:
        raise SettingsError(f"{where}{key} must be a non-empty string")
    if key == "format" and value not in {f.value for f in Format}:
        raise SettingsError(
            f"{where}format must be one of {', '.join(f.value for f in Format)}; got {value!r}"
        )
    return value


def write(values: dict[str, str]) -> Path:
    """Save `values` as the settings file (created with its folder when missing)."""
    path = config_path()
    # TOML basic strings accept JSON's escapes, so json.dumps quotes each value correctly.
    text = "".join(f"{key} = {json.dumps(values[key])}\n" for key in SETTINGS if key in values)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise SettingsError(f"settings file {path}: {(e.strerror or str(e)).lower()}") from None
    return path


def effective() -> list[dict]:
    """Each setting, the value the commands use (when no option is given) and where it comes from."""
    in_file = read()
    rows = []
    for key, (env, _, default) in SETTINGS.items():
        if os.environ.get(env):
            rows.append({"setting": key, "value": os.environ[env], "source": f"environment ({env})"})
        elif key in in_file:
            rows.append({"setting": key, "value": in_file[key], "source": "settings file"})
        else:
            rows.append({"setting": key, "value": default, "source": "default"})
    return rows


def default_map(group: typer.core.TyperGroup) -> dict[str, dict]:
    """Click's default_map for every command of `group` that takes a setting's parameter; the format
    goes only to commands with the common --format (not to export or show, which have their own)."""
    values = read()
    defaults: dict[str, dict] = {}
    for name, command in group.commands.items():
        for key, value in values.items():
            param = next((p for p in command.params if p.name == SETTINGS[key][1]), None)
            choices = _choices(param) if param else None
            if param and (choices is None or _ALL_FORMATS <= {str(c) for c in choices}):
                defaults.setdefault(name, {})[param.name] = (
                    os.path.expanduser(value) if key == "db" else value
                )
    return defaults


def _choices(param) -> tuple | None:
    """The values a parameter accepts, or None for free text (Click keeps them on `type`, the Click
    that Typer 0.29 bundles on `type_descriptor`)."""
    for holder in (getattr(param, "type", None), getattr(param, "type_descriptor", None)):
        if getattr(holder, "choices", None):
            return tuple(holder.choices)
    return None
