"""Option values turned into Python values without importing pydantic.

Typer (0.2x) coerces every value of a command's options through a pydantic TypeAdapter, built for
each option as the command runs, so every command that takes an option imported pydantic: ~0.2 s
of start-up, more than a report over a million incidents spends on its sums. The options ledger
declares are of a few plain kinds (text, a path, a choice, a whole number, a value with its own
parser, lists of these); for them `light_params` gives each option a coercion that does what the
TypeAdapter would do, calling the same Typer helpers. Anything else, and any value such a coercion
does not take, goes to Typer's own coercion, so results and error messages stay Typer's. With a
Typer that has no such machinery this changes nothing.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
except ImportError:  # another Typer: its own coercion runs
    RuntimeParam = None  # type: ignore[assignment,misc]

_WHOLE = re.compile(r"[0-9]+")


def light_params(command, ctx) -> None:
    """Give each option of `command` (a Click command Typer built, run under `ctx` or a child of
    it) a coercion without pydantic when its type allows; the others keep Typer's. Its help option
    too, which Click makes once (its names are the context's, a child context inherits them)."""
    if RuntimeParam is None or command is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # not a Typer parameter, or its coercion is already built
        if descriptor.file_annotation is None and _leaf(descriptor) is not None:
            param._runtime_param = _LightParam(descriptor.parameter_info, descriptor.annotation)


def _optional(annotation: Any) -> Any:
    """X for `X | None` (an option that may be left out), else the annotation as it is."""
    if get_origin(annotation) in (Union, UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        if len(kinds) == 1:
            return kinds[0]
    return annotation


def _leaf(descriptor) -> Any:
    """The item type of a list option, or the option's type; None when it is a kind left to Typer."""
    annotation = _optional(descriptor.annotation)
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    info = descriptor.parameter_info
    if info.parser is not None:
        return annotation
    if get_origin(annotation) is not None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    if annotation in (str, bool):
        return annotation
    if annotation is int and not info.clamp:  # bounds are checked; a value outside is Typer's to refuse
        return annotation
    if routes_to_path(annotation, info):
        return annotation
    return None


if RuntimeParam is not None:

    class _LightParam(RuntimeParam):
        def _coerce_value(self, value: Any, param, ctx) -> Any:
            annotation = _optional(self.annotation)
            try:
                if value is None and annotation is not self.annotation:
                    return None  # an optional option left out
                if get_origin(annotation) is list:
                    (item,) = get_args(annotation)
                    values = value if isinstance(value, list | tuple) else [value]
                    return [self._leaf(v, item, param, ctx) for v in values]
                return self._leaf(value, annotation, param, ctx)
            except Exception:
                pass  # Typer's own coercion decides: the same value, or its error message
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

        def _leaf(self, value: Any, annotation: Any, param, ctx) -> Any:
            info = self.parameter_info
            if info.parser is not None:
                return info.parser(value)
            if isinstance(annotation, type) and issubclass(annotation, Enum):
                return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
            if annotation is str or annotation is bool:
                if isinstance(value, annotation):
                    return value  # a flag's True or False, or text as given
            elif annotation is int:
                number = None
                if isinstance(value, int) and not isinstance(value, bool):
                    number = value
                elif isinstance(value, str) and _WHOLE.fullmatch(value):
                    number = int(value)
                low, high = info.min, info.max
                if number is not None and (low is None or number >= low) and (high is None or number <= high):
                    return number
            else:
                path_type = info.path_type or annotation
                if isinstance(value, str) and isinstance(path_type, type) and issubclass(path_type, Path):
                    value = path_type(value)  # what pydantic makes of a str for a Path
                return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
            raise ValueError("left to Typer")
