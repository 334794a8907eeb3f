"""What dotenv-config moves, and how a value travels through ``.env`` and back.

Pure knowledge, no LibCST transformation: which names are secrets, which are settings that
depend on the environment, which literal values can be stored in ``.env`` exactly, the
``.env`` text of a value, the expression that reads it back with its original type, and
the names the variables get.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterable

import libcst as cst

# -- names ---------------------------------------------------------------------------------

# A name is a secret when one of its words is one of these ...
SECRET_WORDS = frozenset(
    {
        "SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD", "PWD", "PASS", "PASSPHRASE",
        "TOKEN", "TOKENS", "CREDENTIAL", "CREDENTIALS", "APIKEY", "SALT",
    }
)
# ... or two neighbouring words are one of these ("AWS_SECRET_ACCESS_KEY", "STRIPE_API_KEY").
SECRET_PAIRS = frozenset(
    {
        ("API", "KEY"), ("PRIVATE", "KEY"), ("ACCESS", "KEY"), ("AUTH", "KEY"),
        ("SIGNING", "KEY"), ("ENCRYPTION", "KEY"), ("MASTER", "KEY"), ("CLIENT", "KEY"),
    }
)
# ... unless its last word says it is something about a secret, not the secret itself
# ("SECURITY_PASSWORD_HASH" = "bcrypt", "JWT_TOKEN_LOCATION", "PASSWORD_MIN_LENGTH").
NOT_SECRET_LAST_WORDS = frozenset(
    {
        "HASH", "HASHES", "SCHEME", "SCHEMES", "ALGORITHM", "ALGORITHMS", "LENGTH", "LEN",
        "MIN", "MAX", "AGE", "EXPIRES", "EXPIRATION", "EXPIRY", "TTL", "TIMEOUT", "LIMIT",
        "LOCATION", "LOCATIONS", "HEADER", "HEADERS", "FIELD", "FIELDS", "NAME", "NAMES",
        "TYPE", "TYPES", "PROMPT", "MESSAGE", "MSG", "LABEL", "ROUNDS", "COMPLEXITY",
        "REQUIRED", "ENABLED", "DISABLED", "FILE", "PATH", "DIR", "FOLDER", "URL", "ENDPOINT",
        "VIEW", "TEMPLATE", "FORMAT", "ENCODING", "PREFIX", "SUFFIX",
    }
)

# Settings that differ between a developer's machine, CI and production.
SETTING_NAMES = frozenset({"DEBUG", "TESTING", "ENV", "FLASK_ENV", "SERVER_NAME", "PREFERRED_URL_SCHEME"})
SETTING_LAST_WORDS = frozenset(
    {
        "URI", "URL", "URLS", "DSN", "HOST", "HOSTS", "HOSTNAME", "PORT", "SERVER", "SERVERS",
        "DOMAIN", "ENDPOINT", "USER", "USERNAME", "DATABASE", "DB", "BUCKET", "REGION",
    }
)
SETTING_FIRST_WORDS = frozenset({"MAIL", "SMTP", "DATABASE", "DB", "REDIS", "MONGO", "MONGODB", "POSTGRES", "MYSQL"})

# Variables an operating system, a shell or a platform already sets: a config key of that
# name must not be read from them.
RESERVED_ENV_NAMES = frozenset(
    {
        "PATH", "HOME", "USER", "USERNAME", "LOGNAME", "SHELL", "PWD", "OLDPWD", "HOSTNAME",
        "LANG", "LANGUAGE", "TERM", "TMPDIR", "TEMP", "TMP", "DISPLAY", "MAIL", "EDITOR",
        "VISUAL", "PAGER", "TZ", "SHLVL", "PS1", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV",
        "HOST", "CI",
    }
)
RESERVED_ENV_PREFIXES = ("FLASK_", "WERKZEUG_", "PYTHON", "LC_", "XDG_", "SSH_", "GIT_", "DOTENV_")

CONFIG_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")


def words(name: str) -> list[str]:
    return [word for word in name.upper().split("_") if word]


def is_config_key(name: str) -> bool:
    """Flask reads only UPPER_CASE keys from objects and files; the variable name must be an
    identifier as well."""
    return bool(CONFIG_KEY.match(name))


def is_secret_name(name: str) -> bool:
    parts = words(name)
    if not parts or parts[-1] in NOT_SECRET_LAST_WORDS:
        return False
    if any(part in SECRET_WORDS for part in parts):
        return True
    return any(pair in SECRET_PAIRS for pair in zip(parts, parts[1:]))


def is_setting_name(name: str) -> bool:
    parts = words(name)
    if not parts:
        return False
    return name.upper() in SETTING_NAMES or parts[-1] in SETTING_LAST_WORDS or parts[0] in SETTING_FIRST_WORDS


def is_reserved_env_name(name: str) -> bool:
    return name in RESERVED_ENV_NAMES or name.startswith(RESERVED_ENV_PREFIXES)


# -- values --------------------------------------------------------------------------------

_URL_WITH_PASSWORD = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:[^/\s@]+@")
_SERVICE_URL = re.compile(
    r"^(postgres|postgresql|mysql|mariadb|sqlite|oracle|mssql|redis|rediss|amqp|amqps|mongodb"
    r"|memcached|elasticsearch|cockroachdb)(\+[A-Za-z0-9_]+)?://",
    re.IGNORECASE,
)
_TOKEN_SHAPES = re.compile(
    r"^(sk_live_|rk_live_|sk_test_|rk_test_|ghp_|gho_|ghu_|ghs_|github_pat_|xox[abposr]-|glpat-)"
    r"|^AKIA[0-9A-Z]{16}$|^AIza[0-9A-Za-z_\-]{35}$"
)


def looks_like_credential(text: str) -> bool:
    """A URI with a password, a private key, or a token of a well-known shape."""
    return bool(
        _URL_WITH_PASSWORD.match(text)
        or _TOKEN_SHAPES.match(text)
        or ("-----BEGIN" in text and "PRIVATE KEY-----" in text)
    )


def looks_like_service_url(text: str) -> bool:
    """A database, cache or broker URL: where it points depends on the environment."""
    return bool(_SERVICE_URL.match(text))


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

_MIN_LINE = 3  # shorter lines of a multi-line secret reveal nothing worth hiding
_MIN_ITEM = 8  # items of a secret list shorter than this cannot be masked without masking code


def _escaped_bodies(literal: str) -> list[str]:
    """The body of ``literal`` (a repr) as Python writes it between single and double quotes."""
    start = literal.index(literal[-1])
    quote, body = literal[-1], literal[start + 1 : -1]
    other = '"' if quote == "'" else "'"
    return [body, body.replace("\\" + quote, quote).replace(other, "\\" + other)]


def secret_spellings(value: str) -> list[str]:
    """Every way a secret's value shows in source code, for masking it in a diff: the value,
    its Python-escaped forms (str and bytes, either quote), and for a multi-line or
    comma-separated value its pieces."""
    spellings = {value}
    spellings.update(_escaped_bodies(repr(value)))
    for encoding in ("latin-1", "utf-8"):
        try:
            spellings.update(_escaped_bodies(repr(value.encode(encoding))))
        except UnicodeEncodeError:
            pass
    if "\n" in value:  # a triple-quoted literal: each of its lines
        spellings.update(line for line in value.split("\n") if len(line.strip()) >= _MIN_LINE)
    if "," in value:  # the items of a list
        spellings.update(item for item in value.split(",") if len(item) >= _MIN_ITEM)
    return sorted((s for s in spellings if s), key=len, reverse=True)


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


def debug_from_environment(quote: str = '"') -> cst.BaseExpression:
    """``FLASK_DEBUG`` read the way Flask reads it: off unless set to something other than
    an empty string, 0, false or no."""
    falsy = ", ".join(quoted(word, quote) for word in ("", "0", "false", "no"))
    return cst.parse_expression(f"os.environ.get({quoted('FLASK_DEBUG', quote)}, {quoted('', quote)}).lower() not in ({falsy})")


# -- variable names ------------------------------------------------------------------------------

_GENERIC_APP_NAMES = frozenset({"app", "application", "flask_app", "server", "wsgi_app", "webapp"})
_GENERIC_FACTORY_NAMES = frozenset({"create_app", "make_app", "build_app", "app_factory", "get_app", "create_application", "factory"})


def upper_snake(text: str) -> str:
    """``DevelopmentConfig`` → ``DEVELOPMENT_CONFIG``; ``admin-site`` → ``ADMIN_SITE``."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper()
    if text and text[0].isdigit():
        text = "_" + text
    return text


def module_qualifier(path: str) -> str:
    """From the file's path: ``admin.py`` → ``ADMIN``; ``shop/__init__.py`` → ``SHOP``."""
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts:
        return ""
    stem = parts[-1].split(".", 1)[0]
    if stem == "__init__" and len(parts) > 1:
        stem = parts[-2]
    return upper_snake(stem)


def app_qualifier(name: str, factory: str | None) -> str:
    if name.lower() not in _GENERIC_APP_NAMES:
        return upper_snake(re.sub(r"_?(app|application)$", "", name, flags=re.IGNORECASE) or name)
    if factory and factory.lower() not in _GENERIC_FACTORY_NAMES:
        stem = re.sub(r"^(create|make|build|get|new)_", "", factory, flags=re.IGNORECASE)
        stem = re.sub(r"_?(app|application|factory)$", "", stem, flags=re.IGNORECASE)
        return upper_snake(stem)
    return ""


def class_qualifier(name: str) -> str:
    return upper_snake(re.sub(r"(Configuration|Config|Settings|Conf|Cfg)$", "", name))


def candidate_names(key: str, qualifiers: Iterable[str]) -> list[str]:
    """The names a variable for config key ``key`` may get, most wanted first."""
    names = [key]
    for qualifier in qualifiers:
        if qualifier and f"{qualifier}_{key}" not in names:
            names.append(f"{qualifier}_{key}")
    return names


# -- .env files -----------------------------------------------------------------------------------

# Files whose presence marks a project root (the folder where the tool writes .env).
ROOT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".git", ".git/HEAD")


class _TextStream:
    """What python-dotenv needs of a stream (codemods open no files)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def read(self, *args: object) -> str:
        text, self._text = self._text, ""
        return text


def parse_env(text: str) -> dict[str, str]:
    """The variables of a ``.env`` text, uninterpolated, as the tool compares them."""
    from dotenv import dotenv_values

    values = dotenv_values(stream=_TextStream(text), interpolate=False)  # type: ignore[arg-type]
    return {key: value for key, value in values.items() if value is not None}


def pyfile_secret_names(text: str) -> list[str]:
    """The UPPER_CASE names a Python-syntax settings file (read by ``from_pyfile``) sets to a
    secret literal."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    names = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            value = statement.value.value
            if not isinstance(value, (str, bytes)) or not value:
                continue
            text_value = value if isinstance(value, str) else value.decode("latin-1")
            for target in statement.targets:
                if isinstance(target, ast.Name) and is_config_key(target.id):
                    if is_secret_name(target.id) or looks_like_credential(text_value):
                        names.append(target.id)
    return names
