"""Support for the review/batch/report tests: small, stable test codemods and a registry that
includes them, so these tests do not change whenever a real codemod's wording does.

- ``fake-rename`` (ORDER 1, local rewrites): renames the name ``old_api`` to ``new_api``;
  finding for every attribute ``.old_api`` (its owner is unknown).
- ``fake-env`` (ORDER 2): a module-level ``SECRET_KEY = "literal"`` becomes
  ``SECRET_KEY = os.environ["SECRET_KEY"]`` with ``import os`` added at the top, and asks for
  the value in ``.env`` (a secret) and ``.env.example``; takes the option ``key`` (the
  variable name, default ``SECRET_KEY``).
- ``fake-noop`` (ORDER 3): never changes anything.

``install()`` adds them to the registry for this process (and the worker processes it forks);
``apply_command(*args)`` runs ``flask-codemod apply -j 1 ARGS`` in this process (typer's runner);
``python review_support.py ARGS`` runs the command line with them (for pseudo-terminal tests).
``parse_command`` checks a GitHub Actions workflow command against the syntax and decodes it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import libcst as cst

from flask_codemod.codemods import Codemod, Option

HERE = os.path.dirname(os.path.abspath(__file__))


class FakeRename(Codemod):
    """Rename old_api to new_api.

    The old name was deprecated: every call site must use the new one.

    Before: ``old_api(1)``; after: ``new_api(1)``.
    """

    NAME = "fake-rename"
    SUMMARY = "Rename old_api to new_api."
    SAFETY = "safe"
    ORDER = 1
    TRIGGERS = ("old_api",)
    LOCAL_REWRITES = True

    def transform(self, module, ctx):
        wrapper = ctx.metadata(module)
        codemod_ctx = ctx

        class Rename(cst.CSTTransformer):
            def __init__(self):
                super().__init__()
                self.attributes = set()

            def visit_Attribute(self, node):
                if node.attr.value == "old_api":
                    codemod_ctx.finding(node, "attribute old_api left alone: its owner is unknown")
                    self.attributes.add(id(node.attr))
                return True

            def leave_Name(self, original, updated):
                if updated.value == "old_api" and id(original) not in self.attributes:
                    codemod_ctx.rewrote()
                    return updated.with_changes(value="new_api")
                return updated

        result = wrapper.visit(Rename())
        return result if result.code != module.code else module


class FakeEnv(Codemod):
    """Move a hard-coded secret key to the environment.

    A secret in the code is a secret in every clone and every backup: it belongs in .env.

    Before: ``SECRET_KEY = "abc"``; after: ``SECRET_KEY = os.environ["SECRET_KEY"]``.
    """

    NAME = "fake-env"
    SUMMARY = "Read the secret key from the environment."
    SAFETY = "review"
    ORDER = 2
    OPTIONS = {"key": Option(str, "SECRET_KEY", "the variable to move")}
    TRIGGERS = ()  # the option may name any variable

    def transform(self, module, ctx):
        from flask_codemod.codemods._imports import add_imports

        key = ctx.options["key"]
        wrapper = ctx.metadata(module)
        tree = wrapper.module
        body = list(tree.body)
        changed = False
        for index, statement in enumerate(body):
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                continue
            small = statement.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value == key
                and isinstance(small.value, cst.SimpleString)
            ):
                ctx.project_edit("env", key, small.value.evaluated_value, secret=True, example="change-me", node=statement)
                value = cst.parse_expression(f'os.environ["{key}"]')
                body[index] = statement.with_changes(body=[small.with_changes(value=value)])
                ctx.rewrote()
                changed = True
        if not changed:
            return module
        return add_imports(tree.with_changes(body=body), [("os", None)])


class FakeNoop(Codemod):
    """Never changes anything.

    It exists to show that a codemod without changes gets no commit.
    """

    NAME = "fake-noop"
    SUMMARY = "Change nothing."
    ORDER = 3

    def transform(self, module, ctx):
        return module


FAKES = (FakeRename, FakeEnv, FakeNoop)


def apply_command(*args: str):
    """``flask-codemod apply -j 1 ARGS`` run in this process: typer's result (output, exit code)."""
    from typer.testing import CliRunner

    from flask_codemod.cli import app

    return CliRunner().invoke(app, ["apply", "-j", "1", *args], catch_exceptions=False)


def install(monkeypatch=None, codemods=FAKES):
    """Put the fakes (or ``codemods``) into the registry, with the real codemods."""
    import flask_codemod.codemods as package
    from flask_codemod.codemods import _registry

    real = _registry.all_codemods
    base = getattr(real, "__wrapped_real__", real)

    def all_codemods():
        return tuple(sorted(set(base()) | set(codemods), key=lambda c: (c.ORDER, c.NAME)))

    all_codemods.__wrapped_real__ = base
    if monkeypatch is not None:
        monkeypatch.setattr(_registry, "all_codemods", all_codemods)
        monkeypatch.setattr(package, "all_codemods", all_codemods)
    else:
        _registry.all_codemods = all_codemods
        package.all_codemods = all_codemods


def git(folder, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def git_repo(folder) -> None:
    """A git repository with a local identity, everything in it committed."""
    os.makedirs(folder, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Test Reviewer")
    git(folder, "config", "user.email", "reviewer@example.invalid")
    git(folder, "config", "commit.gpgsign", "false")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "initial", "--allow-empty")


APP = '''\
import json

SECRET_KEY = "s3cr3t-value"


def load(path):
    return old_api(path)


def other(thing):
    return thing.old_api
'''

HELPERS = '''\
def helper():
    return old_api(1) + old_api(2)
'''


def sample_repo(folder, *, with_git: bool = True) -> None:
    """A small project the fakes change: two files, a finding, a secret, a requirements file."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "app.py"), "w") as handle:
        handle.write(APP)
    with open(os.path.join(folder, "helpers.py"), "w") as handle:
        handle.write(HELPERS)
    with open(os.path.join(folder, "clean.py"), "w") as handle:
        handle.write("def fine():\n    return 1\n")
    with open(os.path.join(folder, "requirements.txt"), "w") as handle:
        handle.write("flask\n")
    if with_git:
        git_repo(folder)


def installed_sample_repo(tmp_path, monkeypatch, name: str = "repo", *, with_git: bool = True, codemods=FAKES):
    """The fake codemods installed, and a sample repository at ``tmp_path/name``."""
    install(monkeypatch, codemods)
    folder = tmp_path / name
    sample_repo(folder, with_git=with_git)
    return folder


def installed_two_repositories(tmp_path, monkeypatch):
    """The fakes installed; ``one`` selects fake-rename and fake-env, ``two`` fake-rename
    only; the current folder is the one that holds both."""
    install(monkeypatch)
    one, two = two_repositories(tmp_path, ["fake-rename", "fake-env"], ["fake-rename"])
    monkeypatch.chdir(tmp_path)
    return one, two


def two_repositories(tmp_path, first: list[str] | None, second: list[str]):
    """Two sample repositories, ``one`` and ``two``, each configured to select these codemods
    (``first`` None: no configuration of its own)."""
    one, two = tmp_path / "one", tmp_path / "two"
    sample_repo(one)
    sample_repo(two)
    for repo, names in ((one, first), (two, second)):
        if names is not None:
            listed = ", ".join(f'"{name}"' for name in names)
            (repo / "pyproject.toml").write_text(f"[tool.flask-codemod]\nselect = [{listed}]\n")
    return one, two
# -- the GitHub workflow-command syntax --------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<name>warning|notice|error)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")
_ESCAPE = re.compile(r"%(?!25|0D|0A|3A|2C)")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """One workflow command, checked against the syntax and decoded as the runner does: the
    message may hold no raw CR or LF, a property value no raw ``:`` ``,`` CR or LF, and a
    ``%`` only in an escape."""
    match = _COMMAND.match(line)
    assert match, line
    message = match["message"]
    assert "\r" not in message and "\n" not in message and not _ESCAPE.search(message), line
    properties = {}
    for part in (match["properties"] or "").split(","):
        if not part:
            continue
        key, equals, value = part.partition("=")
        assert equals and key in {"file", "line", "endLine", "col", "endColumn", "title"}, line
        assert not _ESCAPE.search(value), line
        properties[key] = decode_workflow_text(value, property_value=True)
    return match["name"], properties, decode_workflow_text(message)


def decode_workflow_text(text: str, *, property_value: bool = False) -> str:
    """What the Actions runner makes of an escaped message (or, with ``property_value``, value)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if property_value else [])
    for escaped, raw in pairs + [("%25", "%")]:
        text = text.replace(escaped, raw)
    return text


if __name__ == "__main__":
    install()
    from flask_codemod.cli import main

    sys.argv[0] = "flask-codemod"
    main()
