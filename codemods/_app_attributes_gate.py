"""app-attributes' project gate, for a target that still has the attributes: whether the
module holds an app attribute the planner rewrites whatever the target (``_Planner._app_attribute``)."""

from __future__ import annotations

import ast
from typing import Mapping

from ._parsed_modules import walked


def rewrites_an_app_attribute(tree: ast.Module, attributes: Mapping[str, tuple[str, str | None]]) -> bool:
    """Whether ``tree`` sets, or reads where the config key gives the same value back, one of
    ``attributes`` (name -> (config key, why a read differs, or None)) on what may be the app:
    a name (bound to ``Flask(...)``, ``self`` of a Flask subclass...) or ``current_app``
    (``flask.current_app`` too). Anything else the planner only reports, and only where
    Flask removed the attributes: a read whose value the key does not give back
    (``current_app.propagate_exceptions`` fell back to ``app.testing``), a ``del``, an
    attribute of another object (``self.app.use_x_sendfile``)."""
    for node in walked(tree):
        if type(node) is not ast.Attribute or node.attr not in attributes:
            continue
        kind = type(node.ctx)
        if kind is ast.Del:
            continue
        receiver = node.value
        if not (type(receiver) is ast.Name or (type(receiver) is ast.Attribute and receiver.attr == "current_app")):
            continue
        if kind is ast.Store or attributes[node.attr][1] is None:
            return True
    return False
