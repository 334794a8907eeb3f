"""What configuration looks like in a module, for dotenv-config: a config module, a config
class, a module that uses Flask, and the secrets of a settings file ``from_pyfile`` reads
that is not Python source dotenv-config rewrites.
"""

from __future__ import annotations

import ast
import re

import libcst as cst

from ._dotenv_config_gate import NOT_CONFIG_BASES, config_module_named
from ._dotenv_config_secrets import SECRET, is_config_key, judge
from ._flask import FlaskIndex
from ._names import dotted_name


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
                if isinstance(target, ast.Name) and is_config_key(target.id) and judge(target.id, text_value) is SECRET:
                    names.append(target.id)
    return names



def is_config_module(path: str, module: cst.Module, index: FlaskIndex) -> bool:
    """A module of settings: named like one, creating no Flask object. (What the code at its
    top level allows, its loops, blocks and calls: ``_dotenv_config_readers``.)"""
    return not index.objects and config_module_named(path)


def config_like_body(node: cst.ClassDef) -> bool:
    """A class of settings: only attributes, methods and docstrings, and no base that makes
    its attributes something else."""
    if any(NOT_CONFIG_BASES.search(dotted_name(base.value) or "") for base in node.bases):
        return False
    body = node.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    for statement in body.body:
        if isinstance(statement, cst.FunctionDef):
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        for small in statement.body:
            if isinstance(small, (cst.Assign, cst.AnnAssign, cst.Pass)):
                continue
            if isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
                continue
            return False
    return True


def has_upper_attribute(node: cst.ClassDef) -> bool:
    for statement in node.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets = []
                if isinstance(small, cst.Assign):
                    targets = [t.target for t in small.targets]
                elif isinstance(small, cst.AnnAssign):
                    targets = [small.target]
                if any(isinstance(t, cst.Name) and is_config_key(t.value) for t in targets):
                    return True
    return False


def imports_flask(module: cst.Module) -> bool:
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                if any((dotted_name(alias.name) or "").split(".")[0] == "flask" for alias in small.names):
                    return True
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                if (dotted_name(small.module) or "").split(".")[0] == "flask":
                    return True
    return False


def class_words(name: str) -> set[str]:
    """``DevelopmentConfig`` → {"development", "config"}."""
    return {word.lower() for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)}
