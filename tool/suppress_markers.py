"""What the user marked not to touch (the rules: tool/suppress.py): the
``# flask-codemod: skip`` / ``skip-file`` comments of a text and the codemods each names,
whether a file's header says ``@generated``, why a whole file is skipped, and the line spans of
the statements a line marker protects (a block statement's whole block, a decorator's
function)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Sequence

from .hunks import lines

MARKER = "flask-codemod:"
GENERATED = "@generated"
_DIRECTIVE = re.compile(r"flask-codemod:\s*(skip-file|skip)\b(?:\s*=\s*([A-Za-z0-9_,\s-]+))?")

ALL = None  # a marker without ``=NAMES`` applies to every codemod


@dataclass
class Markers:
    skip_file: bool = False  # every codemod
    skip_file_names: set[str] = field(default_factory=set)
    lines: list[tuple[int, frozenset[str] | None]] = field(default_factory=list)

    def file_skips(self, name: str) -> bool:
        return self.skip_file or _normal(name) in self.skip_file_names


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _names(group: str | None) -> frozenset[str] | None:
    if not group:
        return ALL
    names = frozenset(_normal(part) for part in group.split(",") if part.strip())
    return names or ALL


def header_is_generated(text: str) -> bool:
    """``@generated`` in the header: the leading comment (and blank) lines of the file."""
    if GENERATED not in text:
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return False
        if GENERATED in stripped:
            return True
    return False


def scan(text: str) -> Markers:
    """The suppression comments of ``text`` (real comments only: never text inside strings)."""
    markers = Markers()
    if MARKER not in text:
        return markers
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return markers  # the engine reports the syntax error
    for token in tokens:
        if token.type != tokenize.COMMENT or MARKER not in token.string:
            continue
        for match in _DIRECTIVE.finditer(token.string):
            kind, names = match.group(1), _names(match.group(2))
            if kind == "skip-file":
                if names is ALL:
                    markers.skip_file = True
                else:
                    markers.skip_file_names |= names
            else:
                markers.lines.append((token.start[0], names))
    return markers


def skip_reason(text: str | None, codemod_names: Sequence[str] = ()) -> str | None:
    """Why the whole file is left alone, for reports: None when it is not."""
    if not text:
        return None
    if header_is_generated(text):
        return "generated file (@generated in its header)"
    markers = scan(text)
    if markers.skip_file:
        return "# flask-codemod: skip-file"
    if codemod_names and all(markers.file_skips(name) for name in codemod_names):
        return "# flask-codemod: skip-file=" + ",".join(sorted(markers.skip_file_names))
    return None


def statement_spans(tree: ast.AST) -> list[tuple[int, int]]:
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            start = node.lineno
            for decorator in getattr(node, "decorator_list", ()):
                start = min(start, decorator.lineno)
            spans.append((start, node.end_lineno or node.lineno))
    return spans


def protected_spans(text: str, markers: Markers, codemod: str) -> list[tuple[int, int]]:
    """Line ranges (inclusive) that ``codemod`` must not change in ``text``."""
    lines = [line for line, names in markers.lines if names is ALL or _normal(codemod) in names]
    if not lines:
        return []
    try:
        spans = statement_spans(ast.parse(text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [(1, len(text.splitlines()) + 1)]  # cannot tell: protect everything
    protected = []
    for line in lines:
        containing = [span for span in spans if span[0] <= line <= span[1]]
        if containing:
            protected.append((max(s for s, _ in containing), min(e for _, e in containing)))
        else:
            protected.append((line, line))
    return protected
