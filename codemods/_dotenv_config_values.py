"""How a literal travels through ``.env`` and back, for dotenv-config.

Which literal values ``.env`` can hold exactly, the ``.env`` text of a value, the expression
that reads it back with its original type, and whether a secret literal is spelled so that the
terminal diff's masking hides it (the spellings it masks: _dotenv_config_spellings.py).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from ._dotenv_config_spellings import secret_spellings


@dataclass(frozen=True)
class EnvValue:
    """A literal that can go to ``.env`` and come back with the same value and type."""

    kind: str  # "str", "bytes", "int", "float", "bool", "list", "tuple"
    text: str  # what ``.env`` holds
    node: cst.BaseExpression  # the literal in the code
    strings: tuple[str, ...]  # the strings in it (to look for credentials)
    ascii: bool = True  # bytes only: all ASCII (``.encode()``) or not (``.encode("latin-1")``)


class NotStorable(ValueError):
    """A literal whose value ``.env`` cannot hold exactly; the message says why."""


_STRING_NODES = (cst.SimpleString, cst.ConcatenatedString)


def _has_fstring(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _has_fstring(node.left) or _has_fstring(node.right)
    return False


def _is_number(node: cst.CSTNode) -> bool:
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    return (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, (cst.Minus, cst.Plus))
        and isinstance(node.expression, (cst.Integer, cst.Float))
    )


def is_literal(node: cst.CSTNode) -> bool:
    """A literal of a kind dotenv-config knows (whether or not ``.env`` can hold it)."""
    if isinstance(node, _STRING_NODES):
        return not _has_fstring(node)
    if isinstance(node, cst.Name):
        return node.value in ("True", "False")
    if _is_number(node):
        return True
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(
            isinstance(element, cst.Element) and isinstance(element.value, _STRING_NODES) and not _has_fstring(element.value)
            for element in node.elements
        )
    return False


def string_literals(node: cst.CSTNode, module: cst.Module) -> list[str]:
    """The values of every plain string literal inside ``node`` (for credential checks)."""
    found: list[str] = []

    class _Strings(cst.CSTVisitor):
        def visit_SimpleString(self, string: cst.SimpleString) -> None:
            value = string.evaluated_value
            if isinstance(value, str):
                found.append(value)

    node.visit(_Strings())
    return found


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise NotStorable("it contains a NUL character, which no environment variable can hold")
    if "\r" in text:
        raise NotStorable("it contains a carriage return, which .env files cannot keep")
    if "${" in text:
        raise NotStorable("it contains '${', which python-dotenv would expand as a variable")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise NotStorable("it is not valid Unicode text") from None


def env_value(node: cst.BaseExpression, module: cst.Module) -> EnvValue | None:
    """The EnvValue of a literal; None when ``node`` is not a literal dotenv-config knows.

    Raises NotStorable for a literal ``.env`` cannot hold exactly.
    """
    if not is_literal(node):
        return None
    try:
        value = ast.literal_eval(module.code_for_node(node).strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(value, bool):
        return EnvValue("bool", "true" if value else "false", node, ())
    if isinstance(value, int):
        try:
            text = str(value)
        except ValueError:
            raise NotStorable("the number is too long") from None
        if len(text) > 1000:
            raise NotStorable("the number is too long")
        return EnvValue("int", text, node, ())
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return EnvValue("float", repr(value), node, ())
    if isinstance(value, str):
        _check_text(value)
        return EnvValue("str", value, node, (value,))
    if isinstance(value, bytes):
        is_ascii = value.isascii()
        text = value.decode("latin-1")
        _check_text(text)
        return EnvValue("bytes", text, node, (text,), ascii=is_ascii)
    if isinstance(value, (list, tuple)):
        if not value:
            return None  # nothing to configure
        for item in value:
            if not isinstance(item, str):
                return None
            _check_text(item)
            if not item or "," in item:
                raise NotStorable("its items must be non-empty and hold no comma to be stored as a comma-separated list")
        kind = "list" if isinstance(value, list) else "tuple"
        return EnvValue(kind, ",".join(value), node, tuple(value))
    return None


# -- hiding secrets in terminal output ---------------------------------------------------------------


def spelled_maskably(node: cst.CSTNode, text: str, whole: str | None = None) -> bool:
    """Whether the source of a secret string literal (whose value is ``text``, part of the
    secret ``whole``) is hidden once the ``secret_spellings`` of ``whole`` are masked: one
    plain literal, written verbatim or escaped the way Python writes it."""
    if not isinstance(node, cst.SimpleString):
        return False
    body = node.raw_value
    if "\n" in body:  # a triple-quoted literal over several lines: its lines are masked
        return body == text and whole is None
    return body in secret_spellings(text if whole is None else whole)


# -- reading back ------------------------------------------------------------------------------


def quoted(text: str, quote: str = '"') -> str:
    """``text`` as a Python string literal with the given quote character."""
    body = repr(text)[1:-1]
    if quote == '"':
        body = body.replace("\\'", "'").replace('"', '\\"')
    return quote + body + quote


def _without_parentheses(node: cst.BaseExpression) -> cst.BaseExpression:
    if getattr(node, "lpar", None):
        return node.with_changes(lpar=[], rpar=[])
    return node


def read_back(name: str, value: EnvValue, secret: bool, module: cst.Module, quote: str = '"') -> cst.BaseExpression:
    """The expression that reads variable ``name`` and gives back ``value``'s type.

    Secrets have no default (a missing one fails at start, naming the variable); settings
    fall back to their original literal.
    """
    key = quoted(name, quote)
    if secret:
        read = f"os.environ[{key}]"
        if value.kind == "bytes":
            code = f"{read}.encode()" if value.ascii else f"{read}.encode({quoted('latin-1', quote)})"
        elif value.kind == "list":
            code = f"{read}.split({quoted(',', quote)})"
        elif value.kind == "tuple":
            code = f"tuple({read}.split({quoted(',', quote)}))"
        else:
            code = read
        return cst.parse_expression(code)
    if value.kind in ("str", "int", "float"):
        default = module.code_for_node(_without_parentheses(value.node))
        read = f"os.environ.get({key}, {default})"
        code = read if value.kind == "str" else f"{value.kind}({read})"
    elif value.kind == "bool":
        truthy = ", ".join(quoted(word, quote) for word in ("1", "true", "yes", "on"))
        code = f"os.environ.get({key}, {quoted(value.text, quote)}).lower() in ({truthy})"
    elif value.kind in ("list", "tuple"):
        code = f"os.environ.get({key}, {quoted(value.text, quote)}).split({quoted(',', quote)})"
        if value.kind == "tuple":
            code = f"tuple({code})"
    else:  # bytes settings are refused before this point
        raise ValueError(f"cannot read back a {value.kind} setting")
    return cst.parse_expression(code)

