"""What cache-views' tree gate reads off the standard library's AST: the names a module binds
to its Flask apps and blueprints.

``FlaskIndex`` (codemods/_flask.py) takes ``@X.route(...)`` for a view only when ``X`` looks
like an app's name (``app``, ``bp``, ``api_blueprint``...) or is an object it found: a Name
that a plain assignment binds to a call of ``flask.Flask`` or ``flask.Blueprint``, whose
callee's last spelled name is one of ``callee_spellings`` (as ``FlaskIndex`` asks before it
resolves the callee's scope). A route on any other name (a blueprint imported from the
package: ``from . import main``) is no view of the module, and a module with no other views
has nothing for cache-views.
"""

from __future__ import annotations

import ast

from ._ast_facts import Facts
from ._callee_spellings import callee_spellings, python_spelled_last
from ._flask import BLUEPRINT, FLASK


def created_names(found: Facts) -> frozenset[str]:
    """The names an assignment anywhere in the module binds to a call that may create a Flask
    app or Blueprint (a superset of the names of FlaskIndex's objects)."""
    spellings = callee_spellings(found, (FLASK, BLUEPRINT))
    names: set[str] = set()
    for assignment in found.assignments:
        value = assignment.value
        if type(value) is not ast.Call or python_spelled_last(value.func) not in spellings:
            continue
        targets = assignment.targets if type(assignment) is ast.Assign else [assignment.target]
        names.update(target.id for target in targets if type(target) is ast.Name)
    return frozenset(names)
