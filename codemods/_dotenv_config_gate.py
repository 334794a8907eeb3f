"""Where dotenv-config looks for values, and its gates.

Where: config modules (by path), config classes (by name and base), and the app attributes that
stand for config keys; the collector in ``dotenv_config`` uses
the same rules. The gates say whether a file MAY hold a value that moves: each test below is
a necessary condition of the collector's rules, read off its code, erring towards True (the
text gate on the source and path, the tree gate on the standard library's AST).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ._ast_facts import creates_flask_app, facts
from ._text_gates import path_parts
from ._ast_nodes import assigned, assignment, is_string
from ._dotenv_config_factory_dicts import FACTORY_WORDS, factory_name, literal_entries
from ._dotenv_config_gate_values import (
    may_be_reported,
    may_be_secret_name,
    may_move,
    module_constants_reported,
    settings_reported,
)
from ._dotenv_config_secrets import is_config_key
from ._names import dotted_name

# attribute of the app object → the config key it stands for (the one that may move: not
# debug, testing or env, Flask's mode switches)
APP_ATTRIBUTES = {"secret_key": "SECRET_KEY"}
CONFIG_MODULE_STEMS = ("config", "settings", "configuration", "cfg")
CONFIG_FOLDERS = frozenset({"config", "configs", "settings", "instance"})
CONFIG_CLASS_SUFFIXES = ("Config", "Configuration", "Settings")
# base classes whose attributes are not settings (enum members, model columns, fields)
NOT_CONFIG_BASES = re.compile(r"(Enum|Flag|NamedTuple|TypedDict|Model|Schema|Protocol|Exception|Error)$")


def config_module_named(path: str) -> bool:
    """A path named like a config module: ``config.py``, ``*_settings.py``, a module in a
    ``config/`` or ``instance/`` folder ..."""
    parts = path_parts(path)
    if not parts:
        return False
    stem = parts[-1].split(".", 1)[0].lower()
    folder = parts[-2].lower() if len(parts) > 1 else ""
    return (stem.endswith(CONFIG_MODULE_STEMS) and not stem.startswith(("test", "configure"))) or folder in CONFIG_FOLDERS


def class_family(chosen: set[str], bases: dict[str, set[str | None]]) -> set[str]:
    """``chosen`` config classes with their family in one module: the classes they derive
    from and the classes deriving from them, transitively. ``bases``: class -> base names."""
    family = set(chosen)
    changed = True
    while changed:
        changed = False
        for name, names in bases.items():
            if name in family:
                new = {base for base in names if base in bases and base not in family}
            elif names & family:
                new = {name}
            else:
                new = set()
            if new:
                family |= new
                changed = True
    return family


# -- the text gate ------------------------------------------------------------------------------------

# What a file needs in its text for dotenv-config to act on it: the name "Flask" (an app
# resolves to flask.Flask), "config" (app.config, X.config.from_object); a piece of a secret's
# name (the gate's may_be_secret_name) or a setting's name (is_setting_name); the start of a
# service URL or a private key; or an escape that may spell one. Values of a credential shape
# are tokens of 8 characters or more: every file that holds one has a word of _TEXT_WORDS or
# one of those tokens, which the tree gate looks at.
# (Substring tests, the most frequent first: a regex alternation of these is slower.)
_TEXT_WORDS = (
    "KEY", "config", "Flask", "USER", "HOST", "PORT", "URL", "URI", "DB", "SERVER",
    "TOKEN", "SECRET", "PASS", "PW", "SALT", "CREDENTIAL", "CONTRASE", "DSN", "DOMAIN",
    "ENDPOINT", "DATABASE", "BUCKET", "REGION", "MAIL", "SMTP", "REDIS", "MONGO", "POSTGRES", "MYSQL",
    "://", "-----BEGIN",
)
_ESCAPE = re.compile(r"\\[xuUN0-7]")
# outside config modules, a value moves only from a flask module or app, a config class
# (named ...Config / ...Configuration / ...Settings) or what from_object / from_pyfile load
_OUTSIDE_CONFIG_MODULES = ("flask", "Flask", "Config", "Settings", "from_object", "from_pyfile")


def text_may_hold_value(source: str) -> bool:
    """Something in the text that a value that moves needs (see _TEXT_WORDS)."""
    return any(word in source for word in _TEXT_WORDS) or _ESCAPE.search(source) is not None


def file_may_hold_value(source: str, path: str) -> bool:
    """The text of a value, and, outside a module named like a config module, a sign of what
    a value could move from: flask, a config class, from_object / from_pyfile. (Test files:
    the engine never runs it on them, Codemod.acts_on.)"""
    if not text_may_hold_value(source):
        return False
    if config_module_named(path):
        return True
    return any(word in source for word in _OUTSIDE_CONFIG_MODULES) or any(word in source for word in FACTORY_WORDS)


# -- the tree gate ------------------------------------------------------------------------------------
# (what it asks of one key and its value: _dotenv_config_gate_values)


def _config_like_class(node: ast.ClassDef) -> bool:
    """The collector's test of a class of settings (only attributes, methods, docstrings and
    ``pass``; no base that makes it something else), erring towards True: an f-string
    statement counts as a docstring, a one-line class body as a block."""
    if any(NOT_CONFIG_BASES.search(dotted_name(base) or "") for base in node.bases):
        return False
    for statement in node.body:
        kind = type(statement)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign, ast.Pass):
            continue
        if kind is ast.Expr and is_string(statement.value):  # type: ignore[attr-defined]
            continue
        return False
    return True


def _class_attributes(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr]]:
    for statement in node.body:
        binding = assigned(statement)
        if binding is not None:
            yield binding


def _config_class_may_move(classes: dict[str, ast.ClassDef], config_module: bool, settings: bool = True) -> bool:
    """Whether a config class (or one of its family in the module) holds a value that may move
    (``settings``: a setting may; without, see ``may_be_reported``), or a key set to
    different values in one class (reported)."""
    chosen = {
        name
        for name, node in classes.items()
        if name.endswith(CONFIG_CLASS_SUFFIXES)
        or (config_module and any(is_config_key(key) for key, _ in _class_attributes(node)))
    }
    chosen = class_family(chosen, {name: {dotted_name(base) for base in node.bases} for name, node in classes.items()})
    for name in chosen:
        keys = [key for key, _ in _class_attributes(classes[name])]
        if len(keys) != len(set(keys)):
            return True
    # (a setting alone is reported only when its key is set twice in one class: asked above)
    asked = (lambda key, value: may_move(key, value, [])) if settings else may_be_reported
    return any(asked(key, value) for name in chosen for key, value in _class_attributes(classes[name]))


@dataclass(frozen=True)
class Loading:
    """What the project's configuration loading says of a module (the project gate reads it
    for ``tree_may_hold_value``)."""

    whole: bool  # the module is loaded whole, or loads itself: its constants are configuration
    classes: bool  # one of its classes is loaded (by name, or picked at run time)
    class_settings: bool  # its classes' settings may move: not picked per environment, not overridden
    module_settings: bool  # its constants' settings may move: not overridden
    pyfile_secrets: Callable[[str], bool]  # whether a from_pyfile file that is not Python holds secrets


def tree_may_hold_value(tree: ast.Module, path: str, loading: Loading | None = None) -> bool:
    """Where the collector finds values, each a necessary condition of its rules:

    - not a test file (left alone);
    - a Flask app, and a secret or setting given to it: ``X.config["KEY"] = value``,
      ``X.secret_key = value``, ``X.config.update(KEY=value)``
      or ``from_mapping``;
    - ``X.config.from_object(...)`` / ``from_pyfile(...)`` (a module loading itself, a
      loaded config class, a .cfg file with secrets);
    - module-level UPPER_CASE constants that may move: a secret (by name or value) in a
      module that imports flask; a secret or a setting in a module named like a config
      module and shaped like one;
    - attributes of config classes (named ``...Config``/``...Settings``, or any config-like
      class of a config module, and their family by inheritance) holding a secret or setting.

    A secret is a literal the collector's judge (``verdict_of``) calls a secret or a
    placeholder, or a credential; a module constant outside the configuration counts only
    when it is a secret or set twice (``module_constants_reported``). Settings count only
    beside a secret, with which they move, or when one cannot be stored in ``.env`` or its
    key is set twice, which is reported (``may_move``, ``settings_reported``).

    With what the project's loading says (``loading``, from the project gate): constants
    only of a module loaded whole, classes only when one is loaded, settings only where they
    may move, a non-Python settings file only when it holds secrets.
    """
    found = facts(tree)
    settings: list[str] = []  # the keys of the settings found: see may_move
    config_module = config_module_named(path)  # its top-level code: the plan's business (_dotenv_config_readers)
    if loading is not None:
        config_module = config_module and loading.whole
    if config_module or found.imports("flask"):
        constants = [binding for binding in map(assigned, tree.body) if binding is not None]
        if config_module and loading is not None and not loading.module_settings:
            keys = [key for key, _ in constants if is_config_key(key)]
            if len(keys) != len(set(keys)) or any(may_be_reported(key, value) for key, value in constants):
                return True
        elif config_module:
            if any(may_move(key, value, settings) for key, value in constants):
                return True
        elif module_constants_reported(constants):
            return True

    config_classes = {
        statement.name: statement
        for statement in tree.body
        if (loading is None or loading.classes) and type(statement) is ast.ClassDef and _config_like_class(statement)
    }
    class_settings = loading is None or loading.class_settings
    if config_classes and _config_class_may_move(config_classes, config_module, class_settings):
        return True
    app = creates_flask_app(tree)
    if app:
        for statement in found.assignments:
            if (one := assignment(statement)) is None:
                continue
            target, value = one
            if type(target) is ast.Attribute and target.attr in APP_ATTRIBUTES:
                if may_move(APP_ATTRIBUTES[target.attr], value, settings):
                    return True
            if type(target) is ast.Subscript and type(target.value) is ast.Attribute and target.value.attr == "config":
                key = target.slice
                if type(key) is ast.Constant and isinstance(key.value, str) and may_move(key.value, value, settings):
                    return True
    # last, as it needs a walk over every expression: from_object, from_pyfile,
    # config.update(...) and config.from_mapping(...) of an app, a dict handed to a factory
    for call in found.calls:
        if factory_name(call) and any(may_be_secret_name(key) for key, _, _ in literal_entries(call)):
            return True
        func = call.func
        if type(func) is not ast.Attribute:
            continue
        if func.attr in ("from_object", "from_pyfile"):
            if type(func.value) is ast.Attribute and func.value.attr == "config" and _loads_here(func.attr, call, path, loading):
                return True
        elif app and func.attr in ("update", "from_mapping"):
            if type(func.value) is ast.Attribute and func.value.attr == "config":
                if any(k.arg is not None and may_move(k.arg, k.value, settings) for k in call.keywords):
                    return True
                for argument in call.args:
                    if keyword_dict(argument) and any(may_move(k.arg, k.value, settings) for k in argument.keywords):  # type: ignore[attr-defined]
                        return True
                    if type(argument) is ast.Dict:
                        for key, value in zip(argument.keys, argument.values):
                            if type(key) is ast.Constant and isinstance(key.value, str):
                                if may_move(key.value, value, settings):
                                    return True
    return settings_reported(settings)


def keyword_dict(node: ast.expr) -> bool:
    """``dict(KEY=value, ...)``: keywords only, as literal as a dict display."""
    return (
        type(node) is ast.Call
        and type(node.func) is ast.Name
        and node.func.id == "dict"  # type: ignore[attr-defined]
        and not node.args  # type: ignore[attr-defined]
        and bool(node.keywords)  # type: ignore[attr-defined]
        and all(k.arg is not None for k in node.keywords)  # type: ignore[attr-defined]
    )


def _loads_here(method: str, call: ast.Call, path: str, loading: Loading | None = None) -> bool:
    """What of a ``from_object`` / ``from_pyfile`` call concerns this module: the module
    loading itself (``from_object(__name__)``, or by a string that names it), or a settings
    file that is not Python (``from_pyfile("app.cfg")``: its secrets are reported). A class
    it loads is a config class the class rule looks at; a name (``config_class``) or a
    ``.py`` file is another module, processed on its own. With ``loading``, the project
    says whether the module loads itself, and whether the settings file holds secrets."""
    if loading is not None:
        if method == "from_object":
            return loading.whole
        firsts = [*call.args[:1], *(k.value for k in call.keywords[:1])]  # the first argument, as written
        texts = [first.value for first in firsts if type(first) is ast.Constant]
        return any(isinstance(t, str) and t and not t.endswith(".py") and loading.pyfile_secrets(t) for t in texts)
    argument = call.args[0] if call.args else (call.keywords[0].value if call.keywords else None)
    if type(argument) is not ast.Constant:
        return method == "from_object" and type(argument) is ast.Name and argument.id == "__name__"  # type: ignore[union-attr]
    text = argument.value  # type: ignore[union-attr]
    if not isinstance(text, str):
        return False
    if method == "from_pyfile":
        return not text.endswith(".py")
    parts = path_parts(path)  # from_object("shop.settings"): this module, if it is settings.py
    stem = parts[-1].split(".", 1)[0] if parts else ""
    names = {stem, parts[-2] if stem == "__init__" and len(parts) > 1 else stem}
    return not names.isdisjoint(text.replace(":", ".").split("."))
