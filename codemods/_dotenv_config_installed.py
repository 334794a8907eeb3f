"""Whether a module of the project runs from an installed copy of it (dotenv-config).

``load_dotenv()`` looks for ``.env`` from the calling module's folder upwards. A module that
runs from site-packages (``pip install NAME``, then the console script or ``python -m``)
never finds the ``.env`` the tool writes in the checkout, so a secret read with
``os.environ["K"]`` would stop every start of the installed app. Two things together say a
module runs from an installed copy:

1. the project's distribution ships it: the module is in a package (a chain of folders with
   ``__init__.py``) or is a top-level module that ``setup.py``, ``setup.cfg`` or
   ``pyproject.toml`` ships (``_dotenv_config_distribution``: a literal list, or discovery such as
   ``find_packages()``, which ships every package); and
2. something starts the installed copy: a console or GUI script of that distribution, a
   script of its ``scripts=`` that runs the project's code (one that imports nothing of the
   project and names none of its modules, flask-covid19's helpers running pip-compile and
   npm, starts nothing of it), a ``__main__.py`` in the module's top package (``python -m``), or the
   project's own README, docs or Dockerfile installing the distribution by name
   (``pip install NAME``, ``pipx install NAME``).

Signs that the app also runs from the checkout (a Procfile, a Dockerfile that copies the
checkout, a ``wsgi.py``, ``pip install -e .``) do not outweigh them: they show one way the
app runs, not that nobody runs the installed copy, and a secret made required breaks every
start of that copy. A project the tool did not list (a text transformed alone) has no
evidence either way: nothing changes for it here.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

from packaging.utils import canonicalize_name

from ._base import APPLICATION, Context, code_kind
from ._dotenv_config_distribution import PACKAGING_FILES, distribution
from ._parsed_modules import python_tree
from ._project_imports import ProjectImports, module_parts
from ._projects_kept import dropped_with_projects

# what installs a distribution by name: pip (pip3, python -m pip, uv pip) or pipx, then options
_INSTALL = re.compile(r"\b(?:pip3?|pipx)\s+install((?:\s+-{1,2}[A-Za-z][\w-]*(?:=\S+)?)*)\s+['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)")
_DOC_SUFFIXES = (".md", ".rst", ".txt")
_DOC_NAMES = ("readme", "install", "dockerfile")
_DOC_FOLDERS = ("docs/", "doc/")


def installed_evidence(ctx: Context) -> str:
    """What shows that the transformed module runs from an installed copy of the project
    ("notes is shipped by setup.py, started by its console script"); "" when nothing does."""
    listing = ctx.project_files()
    if listing is None:
        return ""
    texts = {}
    for name in PACKAGING_FILES:
        text = ctx.read_file(listing.relative(name)) if name in listing.every_file or not listing.every_file else None
        if text is not None:
            texts[name] = text
    declared = distribution(texts)
    if declared is None:
        return ""
    package, top = _package_of(listing.this, set(listing.files))
    module = listing.this.rsplit("/", 1)[-1].removesuffix(".py")
    shipped_by = declared.shipped_by(package, module)
    if shipped_by is None:
        return ""
    what = package or module
    starters = [(what, file) for what, file in declared.starters if _starts(ctx, listing, what, declared.scripts.get(file, ()))]
    starter = _starter(starters, top, listing.files)
    if not starter:
        document = _installing_document(ctx, listing, declared.names)
        starter = f"installed by name in {document}" if document else ""
    return f"{what} is shipped by {shipped_by}, {starter}" if starter else ""


def _package_of(path: str, files: set[str]) -> tuple[str | None, str]:
    """The dotted package of module ``path`` (None for a module outside any package) and the
    folder of its top package."""
    folders = path.split("/")[:-1]
    start = len(folders)
    while start > 0 and "/".join(folders[:start]) + "/__init__.py" in files:
        start -= 1
    if start == len(folders):
        return None, ""
    return ".".join(folders[start:]), "/".join(folders[: start + 1])


def _starts(ctx: Context, listing, what: str, scripts: tuple[tuple[str, bool] | None, ...] | None) -> bool:
    """Whether a starter of the distribution may start its code: a console or GUI script
    does; ``scripts=`` do unless each file it names (at its path, or, where only how the path
    ends is known, every file of the checkout ending so) is a Python script that runs nothing
    of the project (``_runs_the_project``)."""
    if what != "script" or scripts == ():
        return True
    if scripts is None or None in scripts:
        return True
    for path, whole in scripts:  # type: ignore[misc]
        if whole:
            found = [path]
        else:
            tail = path.lstrip("./")
            found = [file for file in listing.every_file if file == tail or file.endswith("/" + tail)]
        if not found or any(_runs_the_project(ctx, listing, file) for file in found):
            return True
    return False


# a script's Python: by its name, or its first line
_PYTHON_SHEBANG = re.compile(r"#![^\n]*\bpython")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")


def _runs_the_project(ctx: Context, listing, path: str) -> bool:
    """Whether the script at ``path`` may run the project's code: it is not Python (a shell
    script may run anything), cannot be read, imports a module of the project anywhere in it
    (``_project_imports``: a Python 2 script's imports too), or names a top-level package or
    module of the application in a string (``runpy.run_module("notes.cli")``, ``["python",
    "-m", "notes"]``)."""
    text = ctx.read_file(listing.relative(path))
    if text is None or not (path.endswith(".py") or _PYTHON_SHEBANG.match(text)):
        return True
    if ProjectImports(ctx).imports(path):
        return True
    tops = {module_parts(file)[0] for file in listing.files if code_kind(file) == APPLICATION and module_parts(file)}
    tree = python_tree(text)
    if tree is None:
        strings = [quoted[1:-1] for quoted in _QUOTED.findall(text)]
    else:
        strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return any(re.split(r"[.:]", word)[0] in tops for string in strings for word in string.split())


def _starter(starters: list[tuple[str, str]], top: str, files: tuple[str, ...]) -> str:
    if starters:
        what, file = starters[0]
        return f"started by its {what}" if file == "setup.py" else f"started by its {what} in {file}"
    if top and f"{top}/__main__.py" in files:
        return f"started by {top}/__main__.py"
    return ""


def _installing_document(ctx: Context, listing, names: set[str]) -> str:
    """A README, document or Dockerfile of the project that installs the distribution by name."""
    for path in _documents(listing.every_file):
        text = ctx.read_file(listing.relative(path))
        if text is None or "install" not in text:
            continue
        for match in _INSTALL.finditer(text):
            if " -e" in match.group(1) or "--editable" in match.group(1):
                continue
            if canonicalize_name(match.group(2).split("[")[0]) in names:
                return path
    return ""


@lru_cache(maxsize=4)
def _documents(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The READMEs, documents and Dockerfiles among a listing's files, by their names (found
    once per listing: each transformed file of a project asks with the same one)."""
    found = []
    for path in every_file:
        lower = path.lower()
        stem = lower.rsplit("/", 1)[-1]
        if not (stem.startswith(_DOC_NAMES) or (lower.endswith(_DOC_SUFFIXES) and lower.startswith(_DOC_FOLDERS))):
            continue
        if not stem.startswith("requirements"):
            found.append(path)
    return tuple(found)


dropped_with_projects(_documents.cache_clear)  # (kept by listing: of no use to the next project)
