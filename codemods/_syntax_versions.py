"""Which Python a file's syntax needs, for a file the running CPython rejects (shared: the
engine names it for a file it cannot process, codemods for a module of the project they read:
``_project_view.unparsed_words``).

CPython only parses the syntax of its own version: code in newer syntax (a PEP 701 f-string,
a ``type`` statement) is to it a syntax error, and telling the user "syntax error" about valid
code would be wrong. LibCST's parser knows the grammar of newer versions, so when CPython
rejects a file, LibCST is asked whether it parses it, and the tree is searched for the
constructs of the versions after the running one:

- 3.11: ``except*``;
- 3.12: ``type X = ...``, type parameters (``def f[T](x: T)``), and f-strings PEP 701 allows
  (the string's own quote, a backslash, a comment or a line break inside a replacement
  field);
- 3.13: a default for a type parameter (``def f[T = int]()``);
- 3.14: template strings (``t"..."``), and ``except A, B:`` without parentheses (PEP 758)
  where it cannot be Python 2's ``except A, e:``: three types or more (Python 2 took one type
  and one name), or two in a module that holds what no Python 2 parses (an annotation, an
  f-string, ``await``, ``nonlocal``, ``yield from``, ``raise ... from``, ``:=``, a bare ``*``
  among parameters). Two alone are far more likely legacy code: CPython's message stays.

Code CPython rejects for another reason gets CPython's own message.
"""

from __future__ import annotations

import re
from sys import version_info

import libcst as cst

# What any of the constructs above looks like in the text: only then is LibCST asked (it is
# kept away from the pathological input the compile gate exists to refuse).
_HINT = re.compile(r"""(?:\b[rRbBfFtT]{0,2}[fFtT]['"])|(?:\btype\s+\w)|(?:\b(?:def|class)\s+\w+\s*\[)|(?:except\s*\*)|(?:\bexcept\s+[^\n:(]+,)""")
_NESTING = ("too many nested", "too deeply nested", "nested too deeply")


def newer_syntax(text: str, reason: str = "") -> tuple[int, int] | None:
    """The Python version (major, minor) the syntax of ``text`` needs, when it is newer than
    the running one; None otherwise (or when LibCST does not parse it either). ``reason``:
    CPython's complaint (nesting complaints are never newer syntax)."""
    if any(words in reason for words in _NESTING) or not _HINT.search(text):
        return None
    try:
        module = cst.parse_module(text)
    except Exception:  # RecursionError included: not newer syntax we can name
        return None
    finder = _Finder(module)
    try:
        module.visit(finder)
    except RecursionError:
        return None
    if finder.bare_pair and finder.python_3:
        finder._needs((3, 14))
    if finder.needed > version_info[:2]:
        return finder.needed
    return None


class _Finder(cst.CSTVisitor):
    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.module = module
        self.needed = (3, 0)
        self.bare_pair = False  # ``except A, B:``: PEP 758, or Python 2's ``except A, e:``
        self.python_3 = False  # syntax no Python 2 parses

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        kind = node.type
        if isinstance(kind, cst.Tuple) and not kind.lpar:
            if len(kind.elements) > 2:
                self._needs((3, 14))
            else:
                self.bare_pair = True

    def _python_3(self, node: cst.CSTNode) -> None:
        self.python_3 = True

    visit_Annotation = visit_Await = visit_Nonlocal = visit_NamedExpr = visit_ParamStar = _python_3
    visit_From = _python_3  # ``yield from`` and ``raise ... from``

    def _needs(self, version: tuple[int, int]) -> None:
        self.needed = max(self.needed, version)

    def visit_TryStar(self, node: cst.TryStar) -> None:
        self._needs((3, 11))

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self._needs((3, 12))

    def visit_TypeParameters(self, node: cst.TypeParameters) -> None:
        self._needs((3, 12))

    def visit_TypeParam(self, node: cst.TypeParam) -> None:
        if node.default is not None:
            self._needs((3, 13))

    def visit_TemplatedString(self, node: cst.TemplatedString) -> None:
        self._needs((3, 14))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.python_3 = True
        quote = node.start.lstrip("rRbBfF")
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression) and _pep_701(self.module.code_for_node(part), quote):
                self._needs((3, 12))


def _pep_701(code: str, quote: str) -> bool:
    """Whether a replacement field (``{...}`` with its braces) holds what only PEP 701 allows
    inside an f-string quoted with ``quote``."""
    inner = code[1:-1]
    if "\\" in inner or quote in inner or (len(quote) == 1 and "\n" in inner):
        return True
    return "#" in inner and any(t == "#" for t in re.findall(r"""'[^']*'|"[^"]*"|#""", inner))
