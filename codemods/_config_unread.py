"""Why a ``from_object`` loader the config codemods cannot read is not read, for their findings.

``from_object('config')`` loads, by Werkzeug's ``import_string``, whatever module ``config``
is on ``sys.path`` when the app starts. Where no module of the project has that name, the one
loaded comes from outside the project the tool reads: sempo's project is ``app/`` (its
``setup.py``), and the repository's root ``config.py``, which its Dockerfile copies beside the
app, is what loads. That is said, with the file of that name in the folders above the
project's root (up to three), which may be the one loaded, and what its text spells; which
file loads is still not told, so nothing is proven from it.
"""

from __future__ import annotations

import re
from typing import Collection

import libcst as cst

from ._base import Context
from ._config_pyfile import OTHER_BINDINGS
from ._project_imports import ProjectImports

_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_LEVELS_ABOVE = 3


def unread_loader(ctx: Context, loader: cst.CSTNode, keys: Collection[str]) -> str | None:
    """Why ``loader``, a ``from_object`` of a literal dotted name no module (nor the module of a
    class) of the project has, is not read, naming a file above the project that may be the one
    loaded; None for any other loader."""
    if not (isinstance(loader, cst.Call) and isinstance(loader.func, cst.Attribute) and loader.func.attr.value == "from_object"):
        return None
    if len(loader.args) != 1 or loader.args[0].keyword is not None or loader.args[0].star:
        return None
    argument = loader.args[0].value
    dotted = argument.evaluated_value if isinstance(argument, cst.SimpleString) and argument.prefix == "" else None
    listing = ctx.project_files()
    if not isinstance(dotted, str) or not _DOTTED.fullmatch(dotted) or listing is None:
        return None
    imports = ProjectImports(ctx)
    owner = dotted.rpartition(".")[0]
    if imports.modules_named(dotted) or (owner and imports.modules_named(owner)):
        return None
    said = f"from_object({argument.value}) names no module of this project, so what it loads is not read here"
    root = "../" * listing.this.count("/")
    key = next(iter(keys))
    for level in range(1, _LEVELS_ABOVE + 1):
        shown = "../" * level + dotted.replace(".", "/") + ".py"
        text = ctx.read_file(root + shown)
        if text is None:
            continue
        spelled = [name for name in keys if name in text]
        if spelled:
            spells = f"spells {spelled[0]}"
        elif any(binding in text for binding in OTHER_BINDINGS):
            spells = f"spells no {key} but binds names another way too"
        else:
            spells = f"spells no {key}"
        return (
            f"{said}; {shown}, above the project's folder, may be the one loaded (a deployment may put it beside "
            f"the app): it {spells}, but which file loads cannot be told here"
        )
    return said
