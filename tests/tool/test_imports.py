"""The import structure, read statically (``ast``, function-local imports included):

- no import cycle among the modules of tool/ and codemods/;
- codemods/ imports nothing from tool/;
- tool/ is built in layers that import one way: a module imports only from its own layer and
  the layers below it (``LAYERS``, the order the README's Layout section describes), and
  every module of tool/ has its place in one layer;
- an import inside a function (lazy) says why, in a comment next to it.
"""

from __future__ import annotations

import ast
import os

import pytest

from helpers import REPO

PACKAGE = "flask_codemod"
FOLDERS = {PACKAGE: os.path.join(REPO, "tool"), f"{PACKAGE}.codemods": os.path.join(REPO, "codemods")}

# Bottom first. A module may import from its own layer and the ones below.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "foundations: result types, reading and writing files, where things are, the codemods' information",
        {"version", "exitcodes", "results", "sources", "appending", "writing", "paths", "walk", "gitignore_rules", "pass_stats", "hunks", "unified_diffs", "codemod_info", "collector_pace", "free_memory", "peaks", "folders_of_copies", "installed_copies", "kept_within"},
    ),
    ("the pure transform core", {"byte_repair", "syntax_versions", "resume", "name_forms", "parse_apart", "compile_gate", "engine"}),
    ("suppression", {"suppress", "suppress_markers"}),
    ("the per-file pipeline, and the result cache that wraps it", {"pipeline", "file_texts", "cache", "cache_reads", "projects_kept", "cache_pack", "cache_walks", "cache_entries", "text_digests"}),
    ("the worker pool", {"pool", "worker_forks", "batch_pool"}),
    (
        "the run",
        {
            "config", "discover", "git", "scope", "diffs", "terminal", "project", "requirements", "requirement_forms", "settle",
            "steps", "commits", "interactive", "report_records", "report_markdown", "report_sarif", "reports", "docstring_markdown", "report_lines",
            "request", "outcome", "run", "batch", "target",
        },
    ),
    ("the command line, the Python API, the README generator", {"catalogue", "cli", "cli_values", "api", "docs", "__init__", "__main__"}),
]


def _modules() -> dict[str, str]:
    """Module name -> file, for every module of tool/ and codemods/."""
    found = {}
    for package, folder in FOLDERS.items():
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                stem = name[:-3]
                found[package if stem == "__init__" else f"{package}.{stem}"] = os.path.join(folder, name)
    return found


MODULES = _modules()


def _package_of(module: str, path: str) -> str:
    return module if path.endswith("__init__.py") else module.rpartition(".")[0]


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def imports_of(module: str, *, top_level_only: bool = False) -> dict[str, int]:
    """The modules of ours that ``module`` imports, anywhere in it (or, with
    ``top_level_only``, outside functions): name -> first line."""
    path = MODULES[module]
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    out: dict[str, int] = {}
    nodes = ast.walk(tree)
    if top_level_only:
        nodes = (node for statement in tree.body if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for node in ast.walk(statement))
    for node in nodes:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(module, path)
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # ``from package import name``: the submodule ``name`` when there is one
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES and target != module:
                out.setdefault(target, node.lineno)
    return out


# An import of one's own package (``from . import __name__``) is no edge: Python has imported
# the package before any module in it. (test_no_module_imports_its_package_while_it_loads
# checks the one way that can still go wrong.)
GRAPH = {
    module: {target: line for target, line in imports_of(module).items() if not _is_ancestor(target, module)}
    for module in MODULES
}


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), and self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _short(module: str) -> str:
    return module[len(PACKAGE) + 1 :] if module.startswith(PACKAGE + ".") else "__init__"


def test_no_module_imports_its_package_while_it_loads():
    """A module that imports its own package at its top level may run while that package's
    ``__init__`` is half done (a name it wants not there yet): tool/ reads ``__version__`` from
    tool/version.py, not from the package."""
    found = [
        f"{MODULES[module]}:{line}: imports {target}"
        for module in MODULES
        for target, line in imports_of(module, top_level_only=True).items()
        if _is_ancestor(target, module)
    ]
    assert found == []


def _in_tool(module: str) -> bool:
    return not (module == f"{PACKAGE}.codemods" or module.startswith(f"{PACKAGE}.codemods."))


def test_the_walk_sees_imports_of_every_kind():
    """The graph is real: it holds a top-level relative import, a ``from . import module``,
    a function-local import, and an import of codemods/ from tool/."""
    assert f"{PACKAGE}.engine" in GRAPH[f"{PACKAGE}.suppress"]
    assert f"{PACKAGE}.pipeline" in GRAPH[f"{PACKAGE}.cache"]
    assert f"{PACKAGE}.api" in GRAPH[PACKAGE]  # lazy, inside ``apply``
    assert f"{PACKAGE}.codemods._reading" in GRAPH[f"{PACKAGE}.engine"]


def test_a_cycle_is_found():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_import_cycle():
    cycles = _cycles(GRAPH)
    described = [" <-> ".join(_short(m) for m in cycle) for cycle in cycles]
    assert cycles == [], f"import cycles: {described}"


def test_codemods_import_nothing_from_tool():
    leaks = [
        f"{MODULES[module]}:{line}: imports {target}"
        for module, targets in GRAPH.items()
        if not _in_tool(module)
        for target, line in targets.items()
        if _in_tool(target)
    ]
    assert leaks == []


def _layer_of() -> dict[str, int]:
    return {name: position for position, (_, names) in enumerate(LAYERS) for name in names}


def test_every_tool_module_has_one_layer():
    declared = [name for _, names in LAYERS for name in names]
    assert len(declared) == len(set(declared)), "a module is in two layers"
    tool = sorted(_short(m) for m in MODULES if _in_tool(m))
    assert sorted(declared) == tool, "LAYERS must name every module of tool/ (place a new one in its layer)"


def upward_imports(module: str, graph: dict[str, dict[str, int]], layer: dict[str, int]) -> list[str]:
    """The imports of ``module`` (of tool/) from a layer above its own."""
    mine = layer[_short(module)]
    return [
        f"{_short(target)} (line {line}: layer {LAYERS[layer[_short(target)]][0]!r})"
        for target, line in graph[module].items()
        if _in_tool(target) and layer[_short(target)] > mine
    ]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in_tool(m)), ids=_short)
def test_tool_layers_import_one_way(module):
    layer = _layer_of()
    upward = upward_imports(module, GRAPH, layer)
    assert upward == [], f"{_short(module)} (layer {LAYERS[layer[_short(module)]][0]!r}) imports from a layer above it: {upward}"


def test_the_layer_check_fails_on_an_upward_import():
    """The check can fail: the worker pool importing the run would be reported, the run
    importing the worker pool would not."""
    pool, run = f"{PACKAGE}.pool", f"{PACKAGE}.run"
    graph = {pool: {run: 7}, run: {pool: 3}}
    assert upward_imports(pool, graph, _layer_of()) == ["run (line 7: layer 'the run')"]
    assert upward_imports(run, graph, _layer_of()) == []


def _lazy_imports(path: str) -> list[int]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines += [sub.lineno for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom))]
    return sorted(set(lines))


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in_tool(m)), ids=_short)
def test_a_lazy_import_says_why(module):
    """Imports inside functions hide the structure; the few that stay (for a fast ``--help``,
    ``list`` and ``explain``) say so in a comment on their line or just above it."""
    path = MODULES[module]
    with open(path, encoding="utf-8") as handle:
        source = handle.read().splitlines()
    unexplained = []
    for line in _lazy_imports(path):
        if not _explained(source, line - 1):
            unexplained.append(f"{path}:{line}: {source[line - 1].strip()}")
    assert unexplained == []


def _explained(source: list[str], index: int) -> bool:
    """A comment saying "lazy" on the import's line or in the run of import and comment lines
    right above it."""
    while index >= 0:
        text = source[index].strip()
        if "#" in text and "lazy" in text.split("#", 1)[1].lower():
            return True
        if not (text.startswith(("from ", "import ", "#")) or not text):
            return False
        index -= 1
    return False


def test_an_unexplained_lazy_import_is_found():
    explained = ["def f():", "    # Lazy on purpose: heavy", "    import json", "    from os import path"]
    assert _explained(explained, 2) and _explained(explained, 3)
    silent = ["def f():", "    x = 1", "    import json"]
    assert not _explained(silent, 2)
