"""The command line's plain conversion of values (tool/cli_values.py) gives what typer's own
conversion gives, for every parameter of every command and the help options, on plain values
and on values it must leave to typer (a bad `-j`, a number out of bounds, other types)."""

from __future__ import annotations

import pytest
import typer

from flask_codemod.cli import app
from flask_codemod.cli_values import NOT_PLAIN, convert_plainly, plain_value

coercion = pytest.importorskip("typer._coercion", reason="a typer that converts values without pydantic")

VALUES = [
    None, "", "x", "a,b", "0", "1", "2", "12", "007", "-1", "+3", " 3", "3 ", "3.0", "1_000", "٣",
    "9" * 30, True, False, 0, 4, ("a", "b"), ["a"], (), ("a", 1),
]


def outcome(convert, value):
    try:
        result = convert(value)
    except Exception as error:  # noqa: BLE001 (the error is what is compared)
        return ("error", type(error).__name__, str(error))
    return ("value", type(result), result)


def parameters():
    group = typer.main.get_command(app)
    found = [(group, param) for param in group.get_params(typer.Context(group))]
    for command in group.commands.values():
        found += [(command, param) for param in command.get_params(typer.Context(command))]
    return found


def test_every_plain_parameter_takes_the_plain_conversion() -> None:
    for command, param in parameters():
        param._runtime_param = None
        convert_plainly([param])
        assert param._runtime_param is not None, f"{command.name} {param.name}: typer would import pydantic"


@pytest.mark.parametrize("command, param", parameters(), ids=lambda p: getattr(p, "name", None) or "group")
def test_the_plain_conversion_gives_what_typer_gives(command, param) -> None:
    ctx = typer.Context(command)
    for value in VALUES:
        if (param.multiple or param.nargs == -1) and isinstance(value, str):
            continue  # the parser never gives a list parameter one string (typer refuses it)
        theirs = coercion.build_runtime_param(param.type_descriptor)
        expected = outcome(lambda v: theirs.coerce(v, param=param, ctx=ctx), value)
        param._runtime_param = None
        convert_plainly([param])
        got = outcome(lambda v: param.get_runtime_param().coerce(v, param=param, ctx=ctx), value)
        assert got == expected, f"{command.name} {param.name} {value!r}"


@pytest.mark.parametrize(
    "annotation, value, multiple, low, high, expected",
    [
        (int, "3", False, 1, None, 3),
        (int, "0", False, 1, None, NOT_PLAIN),  # below the bound: typer says why
        (int, "9", False, 1, 8, NOT_PLAIN),
        (int, "007", False, None, None, NOT_PLAIN),
        (int, "x", False, None, None, NOT_PLAIN),
        (str, "x", False, None, None, "x"),
        (str, 3, False, None, None, NOT_PLAIN),
        (list[str], ("a", "b"), True, None, None, ["a", "b"]),
        (list[str], None, True, None, None, ()),
        (list[int], ("1",), True, None, None, NOT_PLAIN),
        (float, "1.5", False, None, None, NOT_PLAIN),
    ],
)
def test_plain_values(annotation, value, multiple, low, high, expected) -> None:
    assert plain_value(annotation, value, multiple, low, high) == expected


def test_a_parameter_shaped_otherwise_keeps_typers_conversion() -> None:
    """A typer whose parameters lack the attributes read here is left to convert its own way,
    instead of the command line failing on every run."""

    class Shaped:
        _runtime_param = None

        def get_runtime_param(self):  # pragma: no cover - never called here
            raise AssertionError

        type_descriptor = object()  # no parameter_info, annotation, file_annotation

    param = Shaped()
    convert_plainly([param])
    assert param._runtime_param is None
