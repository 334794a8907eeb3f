"""The project gate of ``dotenv-config``: what the project's configuration loading
(``ProjectView.use_of``) says of the module, before LibCST parses it.

The collector takes a module's constants as configuration only when the loading reaches the
module whole (``from_object("config")``, ``from_pyfile``, or the module loading itself), and
a config class only when it is loaded by name (with its bases) or picked from the module at
run time; the planner moves a setting only from a configuration shared by every environment
that nothing loaded later overrides; and a ``from_pyfile`` file that is not Python is named
only when it holds secrets. The tree gate is asked again with these answers (``Loading``).
"""

from __future__ import annotations

import ast

from ._base import Context
from ._dotenv_config_gate import Loading, tree_may_hold_value
from ._ast_facts import facts
from ._dotenv_config_loaders import LOADER_METHODS
from ._dotenv_config_project import ProjectView
from ._dotenv_config_shapes import pyfile_secret_names


def project_may_hold_value(tree: ast.Module, ctx: Context) -> bool:
    """Whether the module may hold a value that moves, or is reported, given how the project
    loads its configuration."""
    # the module's own loaders: the same calls, respelled (a module that names no loader's
    # method holds none: its text is not needed); what modules read from the environment is
    # not asked here
    own_text = ast.unparse(tree) if not facts(tree).attributes.isdisjoint(LOADER_METHODS) else ""
    view = ProjectView(ctx, own_text, environment=False)
    use = view.use_of(view.this)
    defined = {statement.name for statement in tree.body if type(statement) is ast.ClassDef}

    def pyfile_secrets(name: str) -> bool:
        text = ctx.read_file(name) or ctx.read_file("instance/" + name)
        return text is not None and bool(pyfile_secret_names(text))

    # overridden whatever the key: a later loader whose keys are not read (the planner asks
    # of the others, key by key, ``ProjectView.overriding``)
    overridden = any(view.may_set(loader, None) for loader in use.later)
    loading = Loading(
        whole=use.whole or use.itself,
        classes=use.any_class or not use.classes.isdisjoint(defined),
        class_settings=not (use.any_class or overridden),
        module_settings=not overridden,
        pyfile_secrets=pyfile_secrets,
    )
    return tree_may_hold_value(tree, ctx.path, loading)
