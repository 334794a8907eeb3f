"""gunicorn-config: where the environment a file sets ends, and which of its settings of
``GUNICORN_CMD_ARGS`` surely apply to what follows them (for ``_gunicorn_config_launch``).

A *scope* is the part of a file whose environment its starts run with:

- a compose file: each service (with the parts between and around them);
- a Dockerfile: each build stage, from one ``FROM`` to the next. A stage built ``FROM`` an
  earlier stage inherits that stage's ``ENV``; any other stage's ``ENV`` is another image's;
- a Procfile: each line, a process of its own;
- a Makefile: each line of a recipe (each runs in a shell of its own), after what the
  file's other lines ``export``;
- any other file whole, where no ``GUNICORN_CMD_ARGS`` is sure (a Justfile's recipe lines
  and a supervisord.conf's programs run apart; a script of no known kind may need its caller
  to export it).

In a scope, a ``GUNICORN_CMD_ARGS`` surely applies to the starts after it (to every start of a
compose service) only where it is set on every run: in a Dockerfile by an ``ENV`` (a
``RUN``'s ``export`` ends with the ``RUN``); elsewhere outside any ``if``/``case``, loop,
function or subshell, and not after ``&&`` or ``||``; and in a shell script or Makefile
``export``-ed (a variable only assigned reaches gunicorn only if the caller exported it).
"""

from __future__ import annotations

import re

from ._command_lines import SEPARATORS, logical_lines, service_blocks, split_words

_FROM = re.compile(r"(?i)^FROM\s+(\S+)(?:\s+AS\s+(\S+))?")
_ENV = re.compile(r"(?i)^ENV\s")
_MAKEFILE = re.compile(r"(^|/)(GNU)?[Mm]akefile$")
# files a shell (or make) runs, where a variable reaches gunicorn only when exported
_SHELL_FILE = re.compile(r"(?i)(\.(sh|bash)$|(^|/)(bin|scripts?)/[^/.]+$|(^|/)(GNU)?makefile$)")
# shell words (and make's conditionals) that open or close a block some runs skip or repeat
# (a function's body runs only where it is called), at the start of a command
_OPENERS = frozenset({"if", "case", "for", "while", "until", "select", "(", "{", "ifeq", "ifneq", "ifdef", "ifndef"})
_CLOSERS = frozenset({"fi", "esac", "done", ")", "}", "endif"})
# words after which the next word starts a command again
_COMMAND_AFTER = SEPARATORS | {"then", "else", "elif", "do", "!"}
_CONDITIONAL_BEFORE = re.compile(r"&&|\|\||(?<![\w-])(?:if|then|else|elif|do|case|while|until|for)(?![\w-])|[{(]")


def is_dockerfile(source: str) -> bool:
    name = source.rsplit("/", 1)[-1]
    return name.startswith("Dockerfile") or name.lower().endswith(".dockerfile")


def runs_in_order(source: str) -> bool:
    """Whether what a scope of ``source`` sets applies only to what comes after it: not in a
    compose file, whose service's ``environment:`` is that of its ``command:`` wherever it is."""
    return "compose" not in source.rsplit("/", 1)[-1]


def scopes(text: str, source: str) -> list[str]:
    """``text`` cut where the environment it sets ends (see the module's docstring), in order."""
    name = source.rsplit("/", 1)[-1]
    if "compose" in name:
        return _services(text)
    if is_dockerfile(source):
        return _stages(text, source)
    if name.startswith("Procfile"):
        return text.splitlines() or [text]
    if _MAKEFILE.search(source):
        return _recipe_lines(text)
    return [text]


def _services(text: str) -> list[str]:
    parts, position = [], 0
    for block in service_blocks(text):
        found = text.find(block, position)
        if found < 0:
            return [text]
        parts += [text[position:found], block]
        position = found + len(block)
    return [*parts, text[position:]]


def _recipe_lines(text: str) -> list[str]:
    """The Makefile's lines out of its recipes, then each recipe line after its ``export``s."""
    lines = re.sub(r"\\\r?\n", " ", text).splitlines()
    outside = [line for line in lines if not line.startswith("\t")]
    exported = "\n".join(line for line in outside if re.match(r"\s*(export|ifn?eq|ifn?def|endif)(?![\w-])", line))
    return ["\n".join(outside)] + [f"{exported}\n{line}" for line in lines if line.startswith("\t")]


def _stages(text: str, source: str) -> list[str]:
    """Each build stage's text, after the ``ENV`` lines of the stages it is built from."""
    stages: list[list[str]] = [[]]
    for line in re.sub(r"\\\r?\n", " ", text).splitlines():
        if _FROM.match(line.strip()) and any(part.strip() for part in stages[-1]):
            stages.append([])
        stages[-1].append(line)
    inherited: dict[str, str] = {}  # a stage's name (lower case) -> the ENV lines its image has
    texts: list[str] = []
    for lines in stages:
        found = next((_FROM.match(line.strip()) for line in lines if _FROM.match(line.strip())), None)
        base = inherited.get(found.group(1).lower(), "") if found else ""
        stage = "\n".join(lines)
        own_env = "\n".join(stripped for stripped, _ in logical_lines(stage, source) if _ENV.match(stripped))
        if found and found.group(2):
            inherited[found.group(2).lower()] = "\n".join(part for part in (base, own_env) if part)
        texts.append(f"{base}\n{stage}" if base else stage)
    return texts


class BlockDepth:
    """How deep in shell blocks (``if``, loops, functions, subshells) each logical line of a
    script starts, read line by line."""

    def __init__(self) -> None:
        self.depth = 0

    def advance(self, command: str) -> int:
        """The depth ``command`` starts at; the depth after it is kept for the next line."""
        at = self.depth
        starts_command = True
        for word in split_words(command):
            if word in ("{", "("):  # a group, a subshell, a function's body
                self.depth += 1
            elif starts_command and word in _OPENERS:
                self.depth += 1
            elif starts_command and word.rstrip(";") in _CLOSERS:
                self.depth = max(0, self.depth - 1)
            starts_command = word in _COMMAND_AFTER or word.endswith(";")
        return at


def surely_set(line: str, start: int, depth: int, source: str) -> bool:
    """Whether the ``GUNICORN_CMD_ARGS`` set at ``start`` of the logical ``line``, which
    starts at block ``depth``, is set on every run of its scope. Never in a file whose
    scopes are not known here (a Justfile's recipe lines, a supervisord.conf's programs, a
    script of no known kind): what it sets may be another start's, or the caller's to
    export."""
    if is_dockerfile(source):
        return _ENV.match(line) is not None
    if not _known_scopes(source):
        return False
    before = line[:start]
    if _SHELL_FILE.search(source) and not re.search(r"(?<![\w-])(export|-x)(?![\w-])", before):
        return False
    return depth == 0 and _CONDITIONAL_BEFORE.search(before) is None


def _known_scopes(source: str) -> bool:
    """Whether ``scopes`` knows how ``source`` runs: a compose file, a Procfile, a Makefile or
    a shell script (a Dockerfile is asked apart)."""
    name = source.rsplit("/", 1)[-1]
    return "compose" in name or name.startswith("Procfile") or _SHELL_FILE.search(source) is not None
