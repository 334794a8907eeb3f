"""Whether the code may still run on Python 2, for a rewrite whose new form is Python 3 only.

Flask 2.0 requires Python 3, so from that target on the code runs on Python 3. Below it, the
evidence that the app runs on Python 2 is an import of a standard-library module that only
Python 2 has (``urlparse``, ``urllib2``, ``cPickle`` ...), in the module itself or in any
module of the project's application code, guarded by ``try/except ImportError`` or not: a
guarded one is code written to run on both.
"""

from __future__ import annotations

import ast
import re

from ._base import Context
from ._flask_versions import target
from ._statement_walk import import_statements
from ._project_view import application_modules, parsed

PYTHON_3_ONLY_SINCE = (2, 0)  # the first Flask release that requires Python 3
PYTHON_2_ONLY_MODULES = frozenset({
    "urlparse", "urllib2", "httplib", "cookielib", "Cookie", "cPickle", "cStringIO", "StringIO", "ConfigParser",
    "Queue", "HTMLParser", "htmlentitydefs", "SocketServer", "xmlrpclib", "SimpleXMLRPCServer", "BaseHTTPServer",
    "SimpleHTTPServer", "CGIHTTPServer", "__builtin__", "commands", "copy_reg", "robotparser", "anydbm",
    "dummy_thread", "Tkinter", "UserDict", "UserList", "UserString",
})
_SPELLED = re.compile(r"\b(?:%s)\b" % "|".join(sorted(PYTHON_2_ONLY_MODULES)))


def python_2_import(tree: ast.AST) -> str | None:
    """The first Python-2-only module ``tree`` imports, or None."""
    for node in import_statements(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in PYTHON_2_ONLY_MODULES:
                return name.split(".")[0]
    return None


def runs_on_python_2(ctx: Context, source: str) -> str | None:
    """Where the evidence is that the code may run on Python 2 at the target Flask, as
    ``"urlparse in this module"`` or ``"urllib2 in app/helpers.py"``; None when it runs on Python 3 (the target is Flask
    2.0 or later) or nothing says Python 2."""
    if target(ctx) >= PYTHON_3_ONLY_SINCE:
        return None
    candidates = [("this module", source)] if _SPELLED.search(source) else []
    candidates += [(path, text) for path, text in application_modules(ctx, _SPELLED) if path != ctx.path]
    for where, text in candidates:
        tree = parsed(text)
        found = python_2_import(tree) if tree is not None else None
        if found is not None:
            return f"{found} in {where}"
    return None
