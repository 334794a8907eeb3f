"""``config.from_object(__name__)``: config loaded from the very module that loads it.

Given a module's import name, ``from_object`` imports it and loads its upper-case attributes.
Given ``__name__`` (the module's own name: not rebound anywhere it could be seen from the
call) that module is the one making the call, so the names it loads are those the module's own
code binds — which a scan of the module reads (``_app_config.scan_key``) — plus those a star
import brings, and any set through the module's namespace at run time (``globals()``,
``vars()``, ``setattr``, ``exec``, ``sys.modules``, ``__dict__``), which no scan of this
module can read.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import BuiltinAssignment, MetadataWrapper, ScopeProvider

from ._base import metadata_value
from ._metadata import every_node
from ._node_fields import nodes_below

# names and attributes through which code writes a module's namespace without binding a name
# (``sys.modules``: an entry replaced, or the module's object in reach of a setattr; a plain
# ``module.KEY = ...`` the scan reads as setting KEY)
_DYNAMIC_NAMES = frozenset({"globals", "vars", "locals", "exec", "eval", "setattr"})
_DYNAMIC_ATTRIBUTES = frozenset({"__dict__", "modules", "setattr"})


def loads_own_names(wrapper: MetadataWrapper, loader: cst.CSTNode) -> tuple[str, ...] | None:
    """When ``loader`` is ``X.from_object(__name__)`` and every upper-case name of the module
    is bound by its own code or brought by a star import: the star imports, as written (``()``
    when there are none, and then a scan of the module sees all it loads). None for any other
    loader, or when the module may write its namespace in a way that binds no name."""
    if not (
        isinstance(loader, cst.Call)
        and isinstance(loader.func, cst.Attribute)
        and loader.func.attr.value == "from_object"
        and len(loader.args) == 1
        and loader.args[0].keyword is None
        and not loader.args[0].star
        and isinstance(loader.args[0].value, cst.Name)
        and loader.args[0].value.value == "__name__"
        and _is_module_name(wrapper, loader.args[0].value)
    ):
        return None
    module = wrapper.module
    stars = []
    nodes = every_node(wrapper)
    for node in nodes_below(module) if nodes is None else nodes:
        if isinstance(node, cst.Name) and node.value in _DYNAMIC_NAMES:
            return None
        if isinstance(node, cst.Attribute) and node.attr.value in _DYNAMIC_ATTRIBUTES:
            return None
        if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
            stars.append(module.code_for_node(node).strip())
    return tuple(stars)


def _is_module_name(wrapper: MetadataWrapper, name: cst.Name) -> bool:
    """``name`` (``__name__``) refers to the module's own name: nothing in reach binds it."""
    scope = metadata_value(wrapper, ScopeProvider, name)
    if scope is None:
        return False
    for access in scope.accesses[name.value]:
        if access.node is name:
            return bool(access.referents) and all(isinstance(r, BuiltinAssignment) for r in access.referents)
    return False

