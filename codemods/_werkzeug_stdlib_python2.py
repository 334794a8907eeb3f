"""Whether the code may still run on Python 2, for a rewrite whose new form is Python 3 only.

Flask 2.0 requires Python 3, so from that target on the code runs on Python 3. Below it, the
evidence that the app runs on Python 2 is an import of a standard-library module that only
Python 2 has (``urlparse``, ``urllib2``, ``cPickle`` ...), in the module itself or in any
module of the project's application code, guarded by ``try/except ImportError`` or not: a
guarded one is code written to run on both. A name the project has as a module of its own
is no evidence (``commands.py``: ``from commands import cli`` is the project's module).
What the project declares is evidence too, with no such import: a lowest Python below 3
(``python_requires``, classifiers, ``runtime.txt``: ``_declared_python.declared_python``), and
its CI lists (``.travis.yml``, tox). A
module that spells one and does not parse as Python 3 is evidence, and so is a module of the
application code that Python 3 cannot parse for a statement only Python 2 has
(``print "..."``): that nothing runs on Python 2 cannot be shown without reading them. A
module the running Python rejects for syntax a newer Python 3 has (``type X = ...`` read on
3.11) is neither: no Python 2 runs it.
"""

from __future__ import annotations

from ._base import Context
from ._declared_python import declared_python
from ._flask_versions import target
from ._project_view import application_modules, may_be_python_2, parsed, unparsed_words
from ._python_2_only import SPELLED as _SPELLED
from ._python_2_only import project_module_names, python_2_import, python_2_syntax

PYTHON_3_ONLY_SINCE = (2, 0)  # the first Flask release that requires Python 3


def runs_on_python_2(ctx: Context, source: str) -> str | None:
    """What says that the code may run on Python 2 at the target Flask, as ``"it imports
    urlparse in this module"``, ``"it imports urllib2 in app/helpers.py"``, ``"the project
    declares Python 2.7"`` (its CI lists count: ``_declared_python``); None when it
    runs on Python 3 (the target is Flask 2.0 or later) or nothing says Python 2."""
    if target(ctx) >= PYTHON_3_ONLY_SINCE:
        return None
    declared = declared_python(ctx)
    if declared is not None and declared < (3,):
        return f"the project declares Python {'.'.join(map(str, declared))}"
    candidates = [("this module", source)] if _SPELLED.search(source) else []
    candidates += [(path, text) for path, text in application_modules(ctx, _SPELLED) if path != ctx.path]
    own = project_module_names(ctx) if candidates else frozenset()
    for where, text in candidates:
        tree = parsed(text)
        if tree is None:  # a module that spells one and does not parse as Python 3: Python 2 code
            if may_be_python_2(text):  # (one valid for a newer Python 3 is none)
                return f"{_SPELLED.search(text).group(0)} in {where} (which {unparsed_words(text)})"  # type: ignore[union-attr]
            continue
        found = python_2_import(tree, own)
        if found is not None:
            return f"{found} in {where}"
    where = python_2_syntax(ctx)
    return f"a statement only Python 2 has in {where}" if where is not None else None
