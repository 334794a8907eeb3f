"""What the tree gate of dotenv-config asks of one config key and the value the code gives it
(the standard library's AST): whether the collector may move it or report it, each test a
necessary condition of the collector's rules (``_dotenv_config_analysis``,
``_dotenv_config_plan``), erring towards True; where the collector judges a literal
(``verdict_of``), the gate asks the same judge.
"""

from __future__ import annotations

import ast
import re

from ._dotenv_config_credential_screen import may_be_secret_name
from ._dotenv_config_secrets import (
    NOT_SECRET,
    SECRET,
    SERVICE_URL_SCHEMES,
    has_credential_shape,
    is_config_key,
    is_setting_name,
    verdict_of,
)

_SERVICE_URL_ANYWHERE = re.compile(SERVICE_URL_SCHEMES + "://", re.IGNORECASE)
_LONG_TOKEN = re.compile(r"[^\s'\"]{8}")


def _text_may_be_sensitive(text: str) -> bool:
    """Whether a string literal may be a credential (what the collector asks detect-secrets'
    value plugins, which all want a private key, a URL with a password or a token of 8
    characters or more) or a service URL."""
    if "-----BEGIN" in text or ("://" in text and "@" in text) or _SERVICE_URL_ANYWHERE.search(text):
        return True
    return _LONG_TOKEN.search(text) is not None and has_credential_shape(text)


def _may_be_a_credential(text: str) -> bool:
    """Whether a string has a credential's shape: ``has_credential_shape``, the collector's
    own test, asked only of a text that may have one (a private key, a URL with a user, a
    token of 8 characters or more)."""
    if "-----BEGIN" in text or ("://" in text and "@" in text) or _LONG_TOKEN.search(text) is not None:
        return has_credential_shape(text)
    return False


def _value_may_be_sensitive(value: ast.AST, test=_text_may_be_sensitive) -> bool:
    for node in ast.walk(value):
        if type(node) is ast.Constant:
            text = node.value
            if isinstance(text, bytes):
                text = text.decode("latin-1")
            if isinstance(text, str) and test(text):
                return True
    return False


def _literal(value: ast.AST) -> bool:
    """A literal of a kind the collector moves (``env_value``): a string (not an f-string),
    bytes, a number (signed too), True or False, a list or tuple of strings. Not the empty
    string: the collector takes it for nothing to hide or configure (``_candidate``) and
    neither moves nor reports it."""
    kind = type(value)
    if kind is ast.UnaryOp and type(value.op) in (ast.USub, ast.UAdd):  # type: ignore[attr-defined]
        value, kind = value.operand, type(value.operand)  # type: ignore[attr-defined]
    if kind is ast.Constant:
        constant = value.value  # type: ignore[attr-defined]
        return constant is not None and constant is not Ellipsis and constant != ""
    if kind is ast.List or kind is ast.Tuple:
        return all(type(e) is ast.Constant and isinstance(e.value, (str, bytes)) for e in value.elts)  # type: ignore[attr-defined]
    return False


def may_move(key: str, value: ast.AST, settings: list[str]) -> bool:
    """Whether ``key = value`` may move, or be reported, on its own: a config key holding a
    literal the collector judges a secret or a placeholder (``_may_be_secret``), or holding
    an expression with a credential in it. Only a literal moves: an expression
    (``os.environ.get("SECRET_KEY") or "dev"``) is reported when it holds a credential, not
    a service URL (``os.environ.get("REDIS_URL") or "redis://"``). A literal that may be a
    setting (by its name, or a service URL) is added to ``settings``, not answered for: a
    setting moves only beside a secret that moves from the module (the planner's
    ``_settings_need_a_secret``), and is reported only when ``.env`` could not hold it or
    its key is set twice (``settings_reported``)."""
    if not is_config_key(key):
        return False
    if not _literal(value):
        return _value_may_be_sensitive(value, _may_be_a_credential)
    if _may_be_secret(key, value):
        return True
    if is_setting_name(key) or _value_may_be_sensitive(value):
        settings.append(key)
        return _may_not_be_storable(value)
    return False


def _may_be_secret(key: str, value: ast.expr) -> bool:
    """A literal whose ``verdict_of`` is not NOT_SECRET (asked only of a secret's name or a
    value that may be a credential or a service URL, what every other verdict needs)."""
    if not (may_be_secret_name(key) or _value_may_be_sensitive(value)):
        return False
    return _literal_verdict(key, value) != NOT_SECRET


def settings_reported(settings: list[str]) -> bool:
    """Whether the settings found (``may_move``), none beside a secret, are reported: a key
    set twice (maybe to different values: ``_one_value_per_key``)."""
    return len(settings) != len(set(settings))


def may_be_reported(key: str, value: ast.AST) -> bool:
    """For a class picked per environment, whose settings stay: whether ``key = value`` may
    still move or be reported: a secret (by name, with a literal) or a credential, or a
    secret's or setting's value ``.env`` could not hold (reported as not moved)."""
    if not is_config_key(key):
        return False
    if _value_may_be_sensitive(value, _may_be_a_credential) or (_literal(value) and _may_be_secret(key, value)):
        return True
    return (may_be_secret_name(key) or is_setting_name(key)) and _may_not_be_storable(value)


def _may_not_be_storable(value: ast.AST) -> bool:
    """A value ``env_value`` may refuse (``NotStorable``): a string with a NUL, a carriage
    return, ``${`` or a lone surrogate, bytes, a very long number, a list or tuple with an
    empty item or one that holds a comma."""
    for node in ast.walk(value):
        kind = type(node)
        if kind in (ast.List, ast.Tuple):
            items = [e.value for e in node.elts if type(e) is ast.Constant]  # type: ignore[attr-defined]
            if any(isinstance(item, str) and (not item or "," in item) for item in items):
                return True
        if kind is not ast.Constant:
            continue
        constant = node.value  # type: ignore[attr-defined]
        if isinstance(constant, bytes):
            return True
        if isinstance(constant, str):
            if "\x00" in constant or "\r" in constant or "${" in constant:
                return True
            try:
                constant.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(constant, int) and constant.bit_length() > 3000:
            return True
    return False


def module_constants_reported(constants: list[tuple[str, ast.expr]]) -> bool:
    """Whether the module-level constants of a flask module that is no config module may be
    reported. The collector keeps such a constant (a "module constant") only as a literal
    whose ``verdict_of`` is not NOT_SECRET (the same rule, asked here with no comment: one
    can only make a secret no secret), and the planner reports it only when the verdict is
    SECRET or its key is set to different values (``_one_value_per_key``); nothing moves."""
    keys: set[str] = set()
    for key, value in constants:
        if not is_config_key(key) or not _literal(value):
            continue
        verdict = _literal_verdict(key, value) if may_be_secret_name(key) or _value_may_be_sensitive(value) else NOT_SECRET
        if verdict == SECRET or (verdict != NOT_SECRET and key in keys):
            return True
        if verdict != NOT_SECRET:
            keys.add(key)
    return False


def _literal_verdict(key: str, value: ast.expr) -> str:
    """``verdict_of`` a literal (``_literal``) as the collector's ``env_value`` reads it:
    a string, bytes (as Latin-1 text), a list or tuple of strings; NOT_SECRET for what it
    does not keep (a number, a list holding bytes)."""
    try:
        constant = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return NOT_SECRET
    if isinstance(constant, str):
        return verdict_of(key, "str", (constant,))
    if isinstance(constant, bytes):
        return verdict_of(key, "bytes", (constant.decode("latin-1"),))
    if isinstance(constant, (list, tuple)) and constant and all(isinstance(item, str) for item in constant):
        return verdict_of(key, type(constant).__name__, tuple(constant))
    return NOT_SECRET
