"""gunicorn-config: where the project's Python code starts gunicorn — embeds it
(``gunicorn.app.base``), runs the command from a list (``subprocess.run(["gunicorn", ...])``),
or gives a shell a command line that starts it (``Popen("cd web && gunicorn app:app",
shell=True)``, ``os.system(f"gunicorn app:app -b :{port}")``). A text method that looks the
word up in its receiver (``sys.argv[0].endswith("gunicorn")``: does this process run under
gunicorn?) starts nothing.

A command given as a string is read as the project's scripts are
(``_gunicorn_config_launch``), on its literal text (``_gunicorn_config_process_calls``).
Where a command that names gunicorn cannot be read whole (``"%sgunicorn app:app" % prefix``:
the program word is made at run time), whether it starts gunicorn cannot be told; that is a
place too, whose finding says so.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ._base import Context
from ._gunicorn_config_launch import read_launches
from ._gunicorn_config_process_calls import UNREAD, command_texts, literal_text, own_nodes, process_calls
from ._project_view import application_modules, parsed

# modules whose use means gunicorn runs inside the Python program
_EMBEDDING_MODULES = ("gunicorn.app", "gunicorn.arbiter")
_MENTIONS = re.compile(r"gunicorn")
RUNS_THE_COMMAND = "runs the gunicorn command"
# text methods that look their argument up in their receiver (``sys.argv[0].endswith("gunicorn")``:
# does this process run under gunicorn?): the word is given to no program
_TEXT_LOOKUPS = frozenset({
    "endswith", "startswith", "find", "rfind", "index", "rindex", "count", "split", "rsplit", "partition",
    "rpartition", "strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "replace",
})


@dataclass(frozen=True)
class PythonStart:
    """A place where Python code starts gunicorn."""

    where: str  # "manage.py:120"
    how: str  # "embeds gunicorn (gunicorn.app.base)" / "runs the gunicorn command"
    surely: bool = True  # False: a command that names gunicorn, which cannot be read whole


def started_from_python(ctx: Context) -> PythonStart | None:
    """The first place in the project's application code that embeds or spawns gunicorn."""
    for path, text in application_modules(ctx, _MENTIONS):
        start = first_start(path, text)
        if start is not None:
            return start
    return None


def first_start(path: str, text: str) -> PythonStart | None:
    """The first place in the module ``text`` that embeds or spawns gunicorn: an import or a
    call (``python_start``), a function that builds the command and starts a program, then a
    program started with a command line that starts gunicorn or names it unreadably."""
    tree = parsed(text)
    if tree is None:
        return None
    for node in ast.walk(tree):
        how = python_start(node)
        if how is not None:
            return PythonStart(f"{path}:{getattr(node, 'lineno', 0)}", how)
    unread: PythonStart | None = None
    for call, function in process_calls(tree):
        for command in command_texts(call, function, tree):
            if _starts_gunicorn(command.text):
                return PythonStart(f"{path}:{command.line}", RUNS_THE_COMMAND)
            if unread is None and not command.whole and _MENTIONS.search(command.text.replace(UNREAD, " ")):
                shown = command.text.replace(UNREAD, "…")
                shown = shown if len(shown) <= 80 else shown[:77] + "..."
                unread = PythonStart(f"{path}:{command.line}", f"runs the command {shown!r}", surely=False)
        built = _built_start(function) if function is not None else None
        if built is not None:
            return PythonStart(f"{path}:{built.lineno}", RUNS_THE_COMMAND)
    return unread


def _built_start(function: ast.AST) -> ast.AST | None:
    """The command line that starts gunicorn which ``function``, which starts a program,
    builds, the first in its source: a list whose first word is gunicorn's, or a string that
    reads as a start (``args = ["gunicorn"] + options`` then ``os.execvp(args[0], args)``):
    the command goes through a variable. A list of names that starts with gunicorn and is never
    run (``names = ["gunicorn", "waitress"]``) is in no such function, and a docstring is no
    command."""
    body = getattr(function, "body", [])
    docstring = body[0].value if body and isinstance(body[0], ast.Expr) else None
    built = []
    for node in own_nodes(function):
        if isinstance(node, (ast.List, ast.Tuple)) and _is_command(_text(node) or ""):
            built.append(node)
        elif node is not docstring and (
            isinstance(node, (ast.List, ast.Tuple, ast.JoinedStr, ast.BinOp))
            or isinstance(node, ast.Constant) and isinstance(node.value, str)
        ):
            if _starts_gunicorn(literal_text(node)[0]):
                built.append(node)
    return min(built, key=lambda node: (node.lineno, node.col_offset), default=None)


def _starts_gunicorn(text: str) -> bool:
    return "gunicorn" in text and any(launch.starts for launch in read_launches(text, "command")[1])


def python_start(node: ast.AST) -> str | None:
    """How ``node`` starts gunicorn (an import that embeds it, a call whose first argument
    spells the command), or None."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith(_EMBEDDING_MODULES):
                return f"embeds gunicorn ({alias.name})"
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level == 0 and (module.startswith(_EMBEDDING_MODULES) or module == "gunicorn" and any(a.name == "app" for a in node.names)):
            return f"embeds gunicorn ({module})"
    elif isinstance(node, ast.Call) and not (isinstance(node.func, ast.Attribute) and node.func.attr in _TEXT_LOOKUPS):
        words = [_text(argument) for argument in node.args[:1]]
        if words and words[0] is not None and _is_command(words[0]):
            return RUNS_THE_COMMAND
    return None


def _text(node: ast.AST) -> str | None:
    """The command a call's first argument spells: a string, or a list of strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        first = node.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _is_command(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].rsplit("/", 1)[-1] == "gunicorn"
