"""The command line's values, converted without pydantic when the conversion is plain.

typer 0.2x converts each parameter's value with a pydantic ``TypeAdapter`` it builds on first
use, the ``--help`` flag's ``None`` included: every command but ``--help`` imported pydantic
(about 0.1 s of CPU, half of ``list`` and more than a warm re-run's own start-up). Our
parameters are strings, lists of strings, flags and one bounded integer, whose conversion is
plain: ``None`` stays ``None`` (``()`` for a list), a string is itself, strings given for a
list become a list, a decimal string within the bounds becomes its integer -- what typer's
adapter gives them. Any other value (``-j 0``, ``-j x``, a value of another type) goes to
typer's own conversion, built then, so its answer and its error message are typer's.

The conversion sits in the slot where typer keeps the one it builds lazily (``_runtime_param``);
a typer without that slot (before 0.2x it converted with click's types, without pydantic) is
left as it is.
"""

from __future__ import annotations

from typing import Any, Iterable, get_args, get_origin

import typer.core

NOT_PLAIN = object()


def plain_value(annotation: Any, value: Any, multiple: bool, low: Any = None, high: Any = None) -> Any:
    """``value`` converted to ``annotation`` as typer converts it, or NOT_PLAIN when the
    conversion is not one of the plain ones (then typer must answer)."""
    if value is None:
        return () if multiple else None
    if multiple:
        if get_origin(annotation) is list and get_args(annotation) == (str,):
            if isinstance(value, (list, tuple)) and all(type(item) is str for item in value):
                return list(value)
        return NOT_PLAIN
    if (annotation is str and type(value) is str) or (annotation is bool and type(value) is bool):
        return value
    if annotation is int:
        number = _decimal(value)
        if number is not None and (low is None or number >= low) and (high is None or number <= high):
            return number
    return NOT_PLAIN


def _decimal(value: Any) -> int | None:
    """An int, or the ASCII decimal digits of one written without sign, space or leading zero."""
    if type(value) is int:
        return value
    if type(value) is str and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
        if value == "0" or not value.startswith("0"):
            return int(value)
    return None


class _PlainConversion:
    """What typer asks of a parameter's conversion: ``coerce(value, param=, ctx=)``."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        multiple = bool(param.multiple or param.nargs == -1)
        converted = plain_value(descriptor.annotation, value, multiple, info.min, info.max)
        if converted is not NOT_PLAIN:
            return converted
        param._runtime_param = None  # typer builds its own now, and keeps it
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


_PLAIN = _PlainConversion()
_PLAIN_TYPES = (str, int, bool)


def convert_plainly(params: Iterable[Any]) -> None:
    """Give each parameter that typer has not converted yet the plain conversion: those of a
    plain type, with neither a parser of their own nor a file to open."""
    for param in params:
        if getattr(param, "_runtime_param", NOT_PLAIN) is not None or not hasattr(param, "get_runtime_param"):
            continue  # another typer, or a conversion typer built already
        try:
            descriptor = param.type_descriptor
            info = descriptor.parameter_info
            if descriptor.file_annotation is not None or info.parser is not None:
                continue
            annotation, _bounds = descriptor.annotation, (info.min, info.max)
        except AttributeError:
            continue  # a typer whose parameters are shaped otherwise: its own conversion
        if annotation in _PLAIN_TYPES or (get_origin(annotation) is list and get_args(annotation) == (str,)):
            param._runtime_param = _PLAIN


class PlainValuesGroup(typer.core.TyperGroup):
    """The command group, whose options (``--help``) convert plainly."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_plainly(self.get_params(ctx))
        return super().parse_args(ctx, args)


class PlainValuesCommand(typer.core.TyperCommand):
    """A command whose plain parameters convert without pydantic."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        convert_plainly(self.get_params(ctx))
        return super().parse_args(ctx, args)
