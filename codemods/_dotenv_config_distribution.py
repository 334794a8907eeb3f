"""dotenv-config: what a project's packaging files declare of the distribution they build:
its names, what it ships (packages and top-level modules) and what starts it once installed
(console and GUI scripts, ``scripts=`` with the files it names where they can be told). Pure:
the caller reads the texts its own way; ``setup.py`` is read with ``ast``, never run.

- ``setup.py``: the ``setup(...)`` call's ``name``, ``packages`` (a literal list, or
  ``find_packages()`` / anything else: every package of the project), ``py_modules``,
  ``entry_points`` (a dict, an ini text, or anything else that mentions console or GUI
  scripts) and ``scripts``; a ``setup()`` given neither packages nor modules, or given
  ``**options``, ships whatever setuptools finds.
- ``setup.cfg``: ``[metadata] name``, ``[options] packages`` (``find:``, ``find_namespace:``
  or a list), ``py_modules``, ``scripts``, ``[options.entry_points]``.
- ``pyproject.toml``: ``[project]`` (``name``, ``scripts``, ``gui-scripts``),
  ``[tool.setuptools] packages / py-modules``, ``[tool.poetry]`` (``name``, ``packages``,
  ``scripts``), ``[tool.flit.scripts]``. A ``[project]`` or ``[tool.poetry]`` that names
  nothing it ships ships whatever its build backend finds.

What a file ships explicitly wins over what another file's defaults would find.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name

from ._dependency_files_entries import toml_table
from ._names import dotted_name

PACKAGING_FILES = ("setup.py", "setup.cfg", "pyproject.toml")
_SCRIPT_GROUPS = {"console_scripts": "console script", "gui_scripts": "GUI script"}
_SCRIPT_GROUP_TEXT = re.compile(r"\b(console_scripts|gui_scripts)\b")


@dataclass
class Shipping:
    """What one file says its distribution ships: dotted package names and top-level module
    names; None for whatever discovery finds. ``explicit``: the file names them (else they are
    its build backend's defaults)."""

    file: str
    packages: frozenset[str] | None = frozenset()
    modules: frozenset[str] | None = frozenset()
    explicit: bool = False
    folders: bool = False  # each package named ships its subpackages too (Poetry's include)

    def ships(self, package: str | None, module: str) -> bool:
        if package is None:  # a top-level module
            return self.modules is None or module in self.modules
        if self.packages is None or package in self.packages:
            return True
        return self.folders and any(package.startswith(f"{name}.") for name in self.packages)


@dataclass
class Distribution:
    names: set[str] = field(default_factory=set)  # canonical distribution names
    shipping: list[Shipping] = field(default_factory=list)
    starters: list[tuple[str, str]] = field(default_factory=list)  # (what, file): ("console script", "setup.py")
    # the files a ``scripts`` option of a file names, by the file: each (its path from the
    # project root, True; or how the path ends, False; None where it does not end in a string);
    # None where the option is not a list
    scripts: dict[str, tuple[tuple[str, bool] | None, ...] | None] = field(default_factory=dict)

    def shipped_by(self, package: str | None, module: str) -> str | None:
        """The file that ships the module (``package``: its dotted package, None for a
        top-level module named ``module``); None when the distribution does not ship it."""
        explicit = [shipping for shipping in self.shipping if shipping.explicit]
        for shipping in explicit or self.shipping:
            if shipping.ships(package, module):
                return shipping.file
        return None


def distribution(texts: dict[str, str]) -> Distribution | None:
    """The distribution the packaging files (name -> text, of ``PACKAGING_FILES``) declare;
    None when none declares one."""
    found = Distribution()
    readers = {"setup.py": _setup_py, "setup.cfg": _setup_cfg, "pyproject.toml": _pyproject}
    for name in PACKAGING_FILES:
        if name in texts:
            readers[name](texts[name], found)
    return found if found.shipping else None


def _strings(node: ast.expr) -> frozenset[str] | None:
    if isinstance(node, (ast.List, ast.Tuple)) and all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in node.elts
    ):
        return frozenset(item.value for item in node.elts)  # type: ignore[attr-defined]
    return None


def _setup_py(text: str, found: Distribution) -> None:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    assigned: dict[str, ast.expr | None] = {}  # module-level names assigned once, their values
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            assigned[name] = statement.value if name not in assigned else None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (dotted_name(node.func) or "").rsplit(".", 1)[-1] == "setup":
            _setup_call(node, text, found, assigned)


def _setup_call(call: ast.Call, text: str, found: Distribution, assigned: dict[str, ast.expr | None]) -> None:
    given = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg is not None}
    spread = any(keyword.arg is None for keyword in call.keywords)
    name = given.get("name")
    if isinstance(name, ast.Constant) and isinstance(name.value, str):
        found.names.add(canonicalize_name(name.value))
    if spread or ("packages" not in given and "py_modules" not in given):
        found.shipping.append(Shipping("setup.py", None, None, explicit=spread))
    else:
        packages = _strings(given["packages"]) if "packages" in given else frozenset()
        modules = _strings(given["py_modules"]) if "py_modules" in given else frozenset()
        found.shipping.append(Shipping("setup.py", packages, modules, explicit=True))
    entry_points = given.get("entry_points")
    if isinstance(entry_points, ast.Dict):
        for key, value in zip(entry_points.keys, entry_points.values):
            group = key.value if isinstance(key, ast.Constant) else None
            if group in _SCRIPT_GROUPS and not (isinstance(value, (ast.List, ast.Tuple, ast.Dict)) and not _items(value)):
                found.starters.append((_SCRIPT_GROUPS[group], "setup.py"))
            elif key is None or not isinstance(key, ast.Constant):  # **groups, or a computed key
                _mentioned_groups(text, found)
    elif entry_points is not None or spread:
        _mentioned_groups(text, found)
    scripts = given.get("scripts")
    if scripts is not None and not (isinstance(scripts, (ast.List, ast.Tuple)) and not scripts.elts):
        found.starters.append(("script", "setup.py"))
        listed = isinstance(scripts, (ast.List, ast.Tuple)) and not any(isinstance(item, ast.Starred) for item in scripts.elts)
        found.scripts["setup.py"] = tuple(_script_path(item, assigned) for item in scripts.elts) if listed else None  # type: ignore[attr-defined]


def _script_path(node: ast.expr, assigned: dict[str, ast.expr | None]) -> tuple[str, bool] | None:
    """The path a ``scripts`` entry of ``setup.py`` names, from the project root (``(path,
    True)``), as setuptools reads it, with ``/`` for ``os.sep``; else how it ends (``(end,
    False)``: the last string of a sum, ``scripts_dir + "tool.py"``, of an f-string or of
    ``os.path.join(...)``); None where it does not end in a string."""
    whole = _path_value(node, assigned, 0)
    if whole is not None:
        return posixpath.normpath(whole), True
    end = _path_end(node)
    return (end, False) if end else None


def _path_value(node: ast.expr, assigned: dict[str, ast.expr | None], depth: int) -> str | None:
    """The string ``node`` evaluates to: strings, ``os.sep``, sums and ``os.path.join`` of
    them, module-level names assigned them once; None for anything else."""
    if depth > 8:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if dotted_name(node) in ("os.sep", "os.path.sep"):
        return "/"
    if isinstance(node, ast.Name):
        value = assigned.get(node.id)
        return _path_value(value, assigned, depth + 1) if value is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _path_value(node.left, assigned, depth + 1), _path_value(node.right, assigned, depth + 1)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.Call) and dotted_name(node.func) == "os.path.join" and node.args and not node.keywords:
        parts = [_path_value(arg, assigned, depth + 1) for arg in node.args]
        return posixpath.join(*parts) if all(part is not None for part in parts) else None  # type: ignore[arg-type]
    return None


def _path_end(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _path_end(node.right)
    if isinstance(node, ast.JoinedStr) and node.values:
        return _path_end(node.values[-1])
    if isinstance(node, ast.Call) and (dotted_name(node.func) or "").endswith("path.join") and node.args:
        return _path_end(node.args[-1])
    return None


def _items(node: ast.expr) -> list:
    return node.keys if isinstance(node, ast.Dict) else node.elts  # type: ignore[attr-defined]


def _mentioned_groups(text: str, found: Distribution) -> None:
    """Entry points setup.py builds: a console or GUI script group its text names."""
    for group in sorted(set(_SCRIPT_GROUP_TEXT.findall(text))):
        found.starters.append((_SCRIPT_GROUPS[group], "setup.py"))


def _setup_cfg(text: str, found: Distribution) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    if parser.has_option("metadata", "name"):
        found.names.add(canonicalize_name(parser.get("metadata", "name").strip()))
    if not parser.has_section("options") and not parser.has_section("metadata"):
        return
    options = parser["options"] if parser.has_section("options") else {}
    packages = options.get("packages", "").strip()
    modules = options.get("py_modules", "").strip()
    if packages or modules:
        found.shipping.append(
            Shipping(
                "setup.cfg",
                None if packages.startswith("find") else frozenset(_cfg_list(packages)),
                frozenset(_cfg_list(modules)),
                explicit=True,
            )
        )
    else:
        found.shipping.append(Shipping("setup.cfg", None, None))
    if options.get("scripts", "").strip():
        found.starters.append(("script", "setup.cfg"))
        found.scripts["setup.cfg"] = tuple((posixpath.normpath(path), True) for path in _cfg_list(options["scripts"]))
    if parser.has_section("options.entry_points"):
        for group, what in _SCRIPT_GROUPS.items():
            if parser.get("options.entry_points", group, fallback="").strip():
                found.starters.append((what, "setup.cfg"))


def _listed(value: object) -> frozenset[str] | None:
    """A TOML list of names; None for anything else (``find`` options: discovery)."""
    return frozenset(item for item in value if isinstance(item, str)) if isinstance(value, list) else None


def _cfg_list(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]


def _pyproject(text: str, found: Distribution) -> None:
    data = toml_table(text)
    project, tool = data.get("project"), data.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    poetry = tool.get("poetry")
    for table in (project, poetry):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            found.names.add(canonicalize_name(table["name"]))
    setuptools = tool.get("setuptools")
    if isinstance(setuptools, dict) and ("packages" in setuptools or "py-modules" in setuptools):
        packages, modules = setuptools.get("packages", []), setuptools.get("py-modules", [])
        found.shipping.append(Shipping("pyproject.toml", _listed(packages), _listed(modules), explicit=True))
    elif isinstance(poetry, dict) and isinstance(poetry.get("packages"), list):
        included = [entry.get("include") for entry in poetry["packages"] if isinstance(entry, dict)]
        names = frozenset(
            item.replace("/", ".").removesuffix(".py") for item in included if isinstance(item, str) and "*" not in item
        )
        shipped = names if len(names) == len(poetry["packages"]) else None  # a pattern: whatever it matches
        found.shipping.append(Shipping("pyproject.toml", shipped, shipped, explicit=True, folders=True))
    elif isinstance(project, dict) or isinstance(poetry, dict):
        found.shipping.append(Shipping("pyproject.toml", None, None))
    scripts = [
        ("script", project.get("scripts") if isinstance(project, dict) else None),
        ("GUI script", project.get("gui-scripts") if isinstance(project, dict) else None),
        ("script", poetry.get("scripts") if isinstance(poetry, dict) else None),
        ("script", (tool.get("flit") or {}).get("scripts") if isinstance(tool.get("flit"), dict) else None),
    ]
    for what, table in scripts:
        if table:
            found.starters.append((what, "pyproject.toml"))
