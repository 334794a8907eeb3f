"""The codemod contract, checked for every codemod the registry finds."""

from __future__ import annotations

import ast
import glob
import os
import re

import pytest

from flask_codemod import docs
from flask_codemod.codemods import Codemod, all_codemods
from flask_codemod.codemods._base import SAFETY_LEVELS
from flask_codemod.engine import transform_text
from helpers import REPO

CODEMODS = all_codemods()
CODEMOD_DIR = os.path.join(REPO, "codemods")


def _ids(cls: type[Codemod]) -> str:
    return cls.NAME


def test_registry_finds_one_codemod_per_public_module():
    modules = sorted(
        os.path.basename(p)[:-3]
        for p in glob.glob(os.path.join(CODEMOD_DIR, "*.py"))
        if not os.path.basename(p).startswith("_")
    )
    assert sorted(c.__module__.rsplit(".", 1)[-1] for c in CODEMODS) == modules


def test_names_are_unique_and_match_their_module():
    names = [c.NAME for c in CODEMODS]
    assert len(names) == len(set(names))
    for cls in CODEMODS:
        assert cls.__module__.rsplit(".", 1)[-1] == cls.NAME.replace("-", "_")


@pytest.mark.parametrize("cls", CODEMODS, ids=_ids)
def test_codemod_is_documented(cls: type[Codemod]) -> None:
    """Like django-upgrade: a codemod without documentation fails the build."""
    assert cls.SAFETY in SAFETY_LEVELS
    assert cls.SUMMARY and cls.SUMMARY.endswith(".")
    doc = cls.documentation()
    assert len(doc.split()) >= 40, "the docstring is the user documentation: say what, why, and what it refuses"
    assert "before" in doc.lower() or "->" in doc or "→" in doc, "the docstring needs a before/after example"
    assert f"### {cls.NAME}" in _readme(), f"README.md needs a section '### {cls.NAME}': python -m flask_codemod.docs"
    for option in cls.OPTIONS:
        assert option in doc, f"option {option!r} is not described in the docstring"


@pytest.mark.parametrize("cls", CODEMODS, ids=_ids)
def test_docstring_lines_keep_the_class_indentation(cls: type[Codemod]) -> None:
    """A docstring line that starts left of the class body (an edit pasted at column 0) turns
    the generated README's prose around it into an indented code block."""
    lines = (cls.__doc__ or "").splitlines()[1:]
    outdented = [number for number, line in enumerate(lines, 2) if line.strip() and not line.startswith("    ")]
    assert not outdented, f"{cls.NAME}: docstring lines {outdented} start left of the class body"


def _readme() -> str:
    with open(os.path.join(REPO, "README.md"), encoding="utf-8", newline="") as handle:
        return handle.read()


# -- the README: generated from the docstrings, and naming only what exists ------------------------


def test_readme_codemod_table_and_sections_are_generated_from_the_docstrings():
    """Like Fixit: the table and each section are what ``python -m flask_codemod.docs``
    writes from the codemods' docstrings and metadata; a missing, stale or extra codemod
    section fails here (run that command after editing a docstring)."""
    readme = _readme()
    assert readme == docs.updated_readme(readme, CODEMODS), "README.md is stale: run python -m flask_codemod.docs"
    generated = readme.split(docs.BEGIN, 1)[1].split(docs.END, 1)[0]
    assert re.findall(r"^### (\S+)$", generated, re.M) == [c.NAME for c in CODEMODS]
    assert re.findall(r"^\| \[`([^`]+)`\]", generated, re.M) == [c.NAME for c in CODEMODS]
    for cls in CODEMODS:
        default = "yes" if cls.runs_by_default() else "no"
        assert f"| [`{cls.NAME}`](#{cls.NAME}) | {cls.GROUP} | {cls.SAFETY} | {default} | {cls.SUMMARY} |" in generated
        assert ("runs by default" if cls.runs_by_default() else "runs only when selected") in generated.split(f"### {cls.NAME}\n", 1)[1][:200]


def test_readme_names_only_codemods_and_options_that_exist():
    """Outside the generated part, every codemod the README names (``--set NAME.OPTION``,
    ``[tool.flask-codemod.NAME]``, ``skip=NAME``, ``select``/``skip`` lists, ``explain NAME``,
    ``options={"NAME": ...}``) exists, with that option."""
    readme = _readme()
    head, rest = readme.split(docs.BEGIN, 1)
    outside = head + rest.split(docs.END, 1)[1]
    by_name = {c.NAME: c for c in CODEMODS}
    named: list[str] = []
    for name, option in re.findall(r"--set ([a-z][\w-]*)\.(\w+)", outside):
        assert name in by_name and option in by_name[name].OPTIONS, f"README: --set {name}.{option} does not exist"
        named.append(name)
    named += re.findall(r"\[tool\.flask-codemod\.([a-z][\w-]*)\]", outside)
    named += re.findall(r"explain ([a-z][\w-]*)", outside)
    named += re.findall(r"options=\{\"([a-z][\w-]*)\"", outside)
    for listed in re.findall(r"skip(?:-file)?=([a-z][\w,-]*)", outside):
        named += listed.split(",")
    for listed in re.findall(r"(?:select|skip)\s*=\s*\[([^\]]*)\]", outside):
        named += re.findall(r"\"([^\"]+)\"", listed)
    assert named, "the README's examples name no codemod: this test looks in the wrong place"
    unknown = sorted(set(named) - set(by_name))
    assert not unknown, f"README names codemods that do not exist: {unknown}"
    # and every link within the README leads to a heading (a codemod's section, say)
    anchors = {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in re.findall(r"^#+ (.+)$", readme, re.M)}
    dangling = sorted(set(re.findall(r"\]\(#([^)]+)\)", readme)) - anchors)
    assert not dangling, f"README links to sections that do not exist: {dangling}"


def _template_reader(relative: str) -> str | None:
    """Any template a docstring example renders exists (and reads nothing per request)."""
    return "<p>{{ items }}</p>\n" if "templates/" in relative.replace(os.sep, "/") else None


@pytest.mark.parametrize("cls", CODEMODS, ids=_ids)
def test_docstring_examples_are_what_the_codemod_does(cls: type[Codemod]) -> None:
    """Each ``Before::`` / ``After::`` pair of a docstring (the README's diff) is the
    codemod's real output, without a finding."""
    for before, after in docs.examples(cls.documentation()):
        result = transform_text(before + "\n", [cls], path="app.py", read_file=_template_reader)
        assert result.error is None, result.error
        assert [f.message for f in result.findings] == []
        assert result.new_text == after + "\n"


def _module_sources():
    for path in sorted(glob.glob(os.path.join(CODEMOD_DIR, "*.py"))):
        with open(path, encoding="utf-8") as handle:
            yield path, ast.parse(handle.read(), path)


def test_codemods_are_pure():
    """Nothing in codemods/ imports from the tool, opens a file or prints."""
    forbidden_calls = {"open", "print", "input", "exec", "eval"}
    forbidden_modules = re.compile(r"^(flask_codemod(?!\.codemods)|tool|os|sys|io|pathlib|shutil|subprocess|tempfile)(\.|$)")
    for path, tree in _module_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not forbidden_modules.match(alias.name), f"{path}: imports {alias.name}"
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 0 and module == "sys":
                    harmless = {"stdlib_module_names", "version_info"}
                    assert {a.name for a in node.names} <= harmless, f"{path}: imports from sys"
                elif node.level == 0:
                    assert not forbidden_modules.match(module), f"{path}: imports from {module}"
                else:
                    assert not module.startswith("tool"), f"{path}: imports from the tool"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden_calls, f"{path}:{node.lineno}: calls {node.func.id}()"
            elif isinstance(node, ast.Attribute) and node.attr in ("read_text", "read_bytes", "write_text", "write_bytes"):
                raise AssertionError(f"{path}:{node.lineno}: file access via .{node.attr}")


def test_engine_order_is_fixed():
    orders = [(c.ORDER, c.NAME) for c in CODEMODS]
    assert orders == sorted(orders)


# -- whose knowledge is where ---------------------------------------------------------------------

# Private modules named after a codemod without its full name (none today).
OWNED_UNDER_OTHER_NAME: dict[str, str] = {}


def _private_imports() -> dict[str, set[str]]:
    """codemods module -> the private codemods modules it imports."""
    imports: dict[str, set[str]] = {}
    for path, tree in _module_sources():
        name = os.path.basename(path)[:-3]
        found = imports.setdefault(name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
        found.discard(name)
    return imports


def _owner(module: str, codemod_modules: list[str]) -> str | None:
    """The codemod module a private module belongs to: ``_<codemod module>_*``."""
    if module in OWNED_UNDER_OTHER_NAME:
        return OWNED_UNDER_OTHER_NAME[module]
    return next((c for c in codemod_modules if module.startswith(f"_{c}_")), None)


def test_a_codemods_own_modules_serve_only_it_and_shared_ones_name_no_codemod():
    """``_<name>_*.py`` is imported by that codemod's modules only; a shared private module
    (any other) names no codemod, and is not used by one codemod alone."""
    imports = _private_imports()
    codemod_modules = sorted(c.__module__.rsplit(".", 1)[-1] for c in CODEMODS)
    words = [c.NAME for c in CODEMODS] + codemod_modules
    for module, imported in imports.items():
        if not module.startswith("_"):
            continue
        owner = _owner(module, codemod_modules)
        users = {importer for importer, names in imports.items() if module in names}
        if owner is not None:
            strangers = {u for u in users if u != owner and _owner(u, codemod_modules) != owner}
            assert not strangers, f"{module} belongs to {owner}, yet {sorted(strangers)} import it"
            continue
        with open(os.path.join(CODEMOD_DIR, module + ".py"), encoding="utf-8") as handle:
            text = handle.read()
        named = [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
        assert not named, f"{module} is shared knowledge, yet names {named}"
        codemods_using = {u if u in codemod_modules else _owner(u, codemod_modules) for u in users}
        if None not in codemods_using and len(codemods_using) == 1:
            raise AssertionError(f"{module} serves {codemods_using.pop()} alone: name it after that codemod")
    for module in OWNED_UNDER_OTHER_NAME:
        assert module in imports, f"{module} is gone: drop it from OWNED_UNDER_OTHER_NAME"


@pytest.mark.parametrize("cls", CODEMODS, ids=_ids)
def test_a_codemod_with_gates_has_its_gate_cases(cls: type[Codemod]) -> None:
    """A codemod that brings its own gate keeps its cases next to its tests: near misses the
    gate rejects and what it acts on (tests/codemods/test_<module>_gate.py, a GateCases)."""
    own = {name for name in ("applies_to", "applies_to_file", "applies_to_tree", "applies_to_project") if getattr(cls, name) is not getattr(Codemod, name)}
    if not own:
        return
    module = cls.__module__.rsplit(".", 1)[-1]
    path = os.path.join(REPO, "tests", "codemods", f"test_{module}_gate.py")
    assert os.path.exists(path), f"{cls.NAME} has its own {sorted(own)}: its cases belong in {os.path.relpath(path, REPO)}"
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    cases = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "GateCases" for b in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                    cases[statement.targets[0].id] = ast.literal_eval(statement.value)
    assert cases.get("NAME") == cls.NAME, f"{path} needs a GateCases subclass with NAME = {cls.NAME!r}"
    assert cases.get("REJECTED") and cases.get("ACCEPTED"), f"{path}: give near misses (REJECTED) and cases it acts on (ACCEPTED)"


# -- module size ------------------------------------------------------------------------------------

MODULE_LINES = 400  # "no module past about 400 lines"


def modules_past(root: str, limit: int = MODULE_LINES) -> dict[str, int]:
    """The modules of ``root``'s codemods/ and tool/ longer than ``limit`` lines: path -> lines."""
    long = {}
    for folder in ("codemods", "tool"):
        for path in sorted(glob.glob(os.path.join(root, folder, "*.py"))):
            with open(path, encoding="utf-8") as handle:
                count = sum(1 for _ in handle)
            if count > limit:
                long[os.path.relpath(path, root).replace(os.sep, "/")] = count
    return long


def test_no_module_of_codemods_or_tool_is_past_about_400_lines():
    """Each module has one job its name says; one past the limit is split along its seams
    (analysis, plan, rewrite; or a helper module of its own), not allowed to grow."""
    long = modules_past(REPO)
    assert not long, "modules past {} lines (split each by meaning): {}".format(
        MODULE_LINES, ", ".join(f"{path} has {count} lines" for path, count in long.items())
    )


def test_the_size_check_names_each_module_past_the_limit_and_its_length(tmp_path):
    for folder, name, count in (("codemods", "_long.py", 401), ("codemods", "_at_limit.py", 400), ("tool", "longer.py", 450)):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text("x = 1\n" * count, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_long.py").write_text("x = 1\n" * 500, encoding="utf-8")  # tests are not counted
    assert modules_past(str(tmp_path)) == {"codemods/_long.py": 401, "tool/longer.py": 450}
