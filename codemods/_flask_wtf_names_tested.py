"""flask-wtf-names: the modules of the project that test objects against an old class.

In the releases that have both names the old class is a subclass of the new one
(``Form(FlaskForm)``, ``TextField(StringField)``, ``Required(DataRequired)``). A class
rebased onto the new name, or an instance made from it, is no instance of the old class any
more: ``isinstance(value, Form)`` in another module (a helper turning a view's forms into
JSON) stops matching. ``tested_elsewhere`` finds such a use: a name or attribute bound to the
old class (``_flask_wtf_names_bound``: imported from its library, a star import of the
library included, or through the project's own modules that import it, under any alias)
used other than by calling it, subclassing it or reading one of its attributes. A module it
cannot look into makes the answer unknown, which refuses the rename as a use does: one that
cannot be read as text (not UTF-8), or one that cannot be parsed (Python 2 code) and names
the old class (or a name the project binds to it) outside its comments, keyword arguments and
assignment targets, or star-imports from a module that has it.

The answer is the project's, derived once per run (``_project_answers.remembered``): every
module's uses of every old class, each file read once, not once per module asking. No more of
the project's trees are alive at once than the shared memo keeps (``_parsed_modules``): the
bindings are read off each module's import statements (a plain fact, kept by its text), and a
module is parsed again for its uses, one at a time, only where its text spells a name bound to
an old class. All the trees at once were orcid-hub's peak (8 MB of Python, 213 MB of trees).
"""

from __future__ import annotations

import ast
import re
import tokenize
from collections import deque
from collections.abc import Iterator

from ._flask_wtf_names_bound import OLD, Bindings
from ._flask_wtf_names_catalogue import BY_OLD_NAME, Rename
from ._import_lines import Spelled
from ._parsed_modules import python_tree
from ._project_imports import import_statements, parsed_statements
from ._project_answers import remembered

# (path from the project root, old name, why the rename of that class is refused there)
Test = tuple[str, str, str]


def tested_elsewhere(ctx, rename: Rename) -> str | None:
    """Why another Python module of the project may test objects against ``rename.old``: the
    ``path:line`` of its first use other than a call, a base class or an attribute read, or a
    module whose answer is unknown; None when no module does."""
    listing = ctx.project_files()
    if listing is None:
        return None
    tests = remembered(ctx, ("flask-wtf-names: tests against the old classes",), _tests)
    return next((why for path, old, why in tests if old == rename.old and path != listing.this), None)


def _tests(reader) -> tuple[Test, ...]:
    """Every module's first test against each old class, in the listing's order."""
    listing = reader.project_files()
    texts = {path: reader.read_file(listing.relative(path)) for path in listing.files if path.endswith(".py")}
    statements, broken = _imports_read(texts)
    bindings = Bindings(statements, texts)
    words = {old: {old}.union(*(bindings.names[path][old] for path in statements)) for old in OLD}
    spelled = Spelling(set().union(*words.values()))
    tests: list[Test] = []
    for path, text in texts.items():
        if text is None:
            why = "cannot be read as text (not UTF-8), so whether it tests objects against {old} is unknown"
            tests += [(path, old, f"{path} {why.format(old=old)}") for old in OLD]
        elif path in broken:
            code = _without_comments(text)  # (once per module: the same for every old class)
            tests += [(path, old, why) for old in OLD if (why := _unknown(path, code, broken[path], words[old], bindings, old))]
        elif path in statements and spelled.may_test(path, text, bindings):
            tree = python_tree(text)  # (parsed again where the memo dropped it: one at a time)
            for old, line in _first_tests(path, tree, bindings).items() if tree is not None else ():
                why = f"{path}:{line} tests objects against {old} (isinstance or the like): what is made from {BY_OLD_NAME[old].new} is no {old} in the releases that have both"
                tests.append((path, old, why))
    return tuple(tests)


def _any_word(words: set[str]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(re.escape(word) for word in sorted(words))})\b")


class Spelling:
    """Whether a module's text may hold a test against an old class (``_first_tests`` reads
    names and attributes), told from its text before its tree is asked for: ``words``, every
    name bound to an old class anywhere in the project (the old names among them)."""

    def __init__(self, words: set[str]) -> None:
        self._any = _any_word(words)
        # ``x.Form`` as Python reads it: after the dot, spaces, continued lines and (in
        # brackets) comments may come before the name
        self._attribute = re.compile(rf"\.(?:\s|\\|#[^\n]*)*{self._any.pattern}")

    def may_test(self, path: str, text: str, bindings: Bindings) -> bool:
        """A name the module binds to an old class spelled as a word, or (where it binds a
        module, through which an attribute may reach one) a word of ``words`` read as an
        attribute; any text that is not ASCII (an identifier is spelled as it is read, but for
        Unicode spellings Python normalizes: those are read). A name only spelled in a string or
        a comment may pass, never a use that does not: no tree is asked for in vain where
        ``words`` are spelled otherwise (the words of an API client's messages: "the required
        parameter")."""
        if not text.isascii():
            return True
        if self._any.search(text) is None:
            return False
        own = set().union(*bindings.names[path].values())
        if own and _any_word(own).search(text) is not None:
            return True
        return bool(bindings.modules[path]) and self._attribute.search(text) is not None


def _imports_read(texts: dict[str, str | None]) -> tuple[dict[str, tuple[Spelled, ...]], dict[str, SyntaxError | ValueError]]:
    """The import statements of the modules that parse (read once per text, as their trees
    have them: ``parsed_statements``), and the errors of those that do not. Every module
    counts: one that never spells an old name may still pass it on (``from app.shared import
    compat``, a star import)."""
    statements: dict[str, tuple[Spelled, ...]] = {}
    broken: dict[str, SyntaxError | ValueError] = {}
    for path, text in texts.items():
        if text is not None:
            found = parsed_statements(text)
            if found is None:
                broken[path] = _error(text)
            else:
                statements[path] = found
    return statements, broken


def _error(text: str) -> SyntaxError | ValueError:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError) as error:
        return error
    return ValueError("it does not parse")


def _unknown(path: str, code: str, error: SyntaxError | ValueError, words: set[str], bindings: Bindings, old: str) -> str | None:
    """Why a module that does not parse may test against ``old`` (it names it, or a name the
    project binds to it, or star-imports from a module that has it); None when it cannot.
    ``code``: its text without what says nothing (``_without_comments``): its comments (a
    license header's "Unless required by applicable law"), the names it binds or passes as
    keywords (``add_argument("q", required=False)``)."""
    spelled = next((word for word in sorted(words) if re.search(rf"\b{re.escape(word)}\b", code)), None)
    if spelled is None:
        for level, dotted, aliases in import_statements(code):
            if level >= 0 and aliases == (("*", None),) and bindings.star_binds(path, level, dotted or "", old):
                spelled = f"from {'.' * level}{dotted or ''} import *"
                break
    if spelled is None:
        return None
    where = f"line {error.lineno}: " if isinstance(error, SyntaxError) and error.lineno else ""
    message = error.msg if isinstance(error, SyntaxError) else str(error)
    what = f"names {spelled}" if spelled in words else f"has {spelled}"
    return f"{path} {what} but cannot be parsed ({where}{message}), so whether it tests objects against {old} is unknown"


def _without_comments(text: str) -> str:
    """``text`` with its comments, its string statements (docstrings: prose, such as cn486's
    fabfile saying "modify as required"; a string that is an argument or a value stays, since
    ``getattr(validators, "required")`` reads the old class through it), and the names it binds
    or passes as keywords (``required=False``, ``Form = None``: a name followed by ``=``, not an
    attribute: ``validators.required = x`` patches the old class), left out: what is left may
    read a name. Whole when it does not tokenize; Python 2 code tokenizes (``print "x"``,
    ``except E, e``): only its grammar is not Python 3's."""
    lines = text.splitlines(keepends=True)
    try:
        tokens = list(tokenize.generate_tokens(iter(lines).__next__))
    except (tokenize.TokenError, SyntaxError):
        return text
    dropped = [
        (token.start, token.end)
        for before, token, following in zip([None, *tokens], tokens, tokens[1:] + tokens[-1:])
        if token.type == tokenize.COMMENT
        or (token.type == tokenize.NAME and following.string == "=" and (before is None or before.string != "."))
    ]
    dropped += [(token.start, token.end) for token in _string_statements(tokens)]
    for (row, column), (end_row, end_column) in dropped:
        for number in range(row, end_row + 1):
            line = lines[number - 1]
            start = column if number == row else 0
            end = end_column if number == end_row else len(line.rstrip("\r\n"))
            lines[number - 1] = line[:start] + " " * (end - start) + line[end:]
    return "".join(lines)


_STATEMENT_EDGES = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def _string_statements(tokens: list[tokenize.TokenInfo]) -> Iterator[tokenize.TokenInfo]:
    """The string tokens that make a statement of their own (a docstring, or implicitly
    joined strings alone on a logical line): they evaluate to nothing anyone reads."""
    significant = [token for token in tokens if token.type not in (tokenize.NL, tokenize.COMMENT)]
    index = 0
    while index < len(significant):
        if significant[index].type != tokenize.STRING:
            index += 1
            continue
        end = index
        while end < len(significant) and significant[end].type == tokenize.STRING:
            end += 1
        before = significant[index - 1] if index else None
        after = significant[end] if end < len(significant) else None
        opens = before is None or before.type in _STATEMENT_EDGES or before.string == ";"
        closes = after is None or after.type in _STATEMENT_EDGES or after.string == ";"
        if opens and closes:
            yield from significant[index:end]
        index = end


def _first_tests(path: str, tree: ast.Module, bindings: Bindings) -> dict[str, int]:
    """Each old class the module tests objects against -> the line of its first such use:
    a name or attribute bound to it, other than called, subclassed or read an attribute of."""
    olds = [old for old in OLD if bindings.names[path][old]]
    modules = bindings.modules[path]
    if not olds and not modules:
        return {}
    found: dict[str, int] = {}
    for node, parent in _walk_with_parents(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            candidates = [old for old in olds if node.id in bindings.names[path][old]]
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and _root(node) in modules:
            candidates = [old for old in OLD if bindings.is_old_class(path, node, old)]
        else:
            continue
        candidates = [old for old in candidates if old not in found]
        if candidates and not _called_subclassed_or_read(node, parent):
            for old in candidates:
                found[old] = node.lineno
    return found


def _walk_with_parents(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.AST | None]]:
    """Each node of ``tree`` with its parent (None for the tree), in ``ast.walk``'s order."""
    todo: deque[tuple[ast.AST, ast.AST | None]] = deque([(tree, None)])
    while todo:
        node, parent = todo.popleft()
        todo.extend((child, node) for child in ast.iter_child_nodes(node))
        yield node, parent


def _root(node: ast.Attribute) -> str | None:
    value: ast.expr = node
    while isinstance(value, ast.Attribute):
        value = value.value
    return value.id if isinstance(value, ast.Name) else None


def _called_subclassed_or_read(use: ast.AST, parent: ast.AST | None) -> bool:
    if isinstance(parent, ast.Call) and parent.func is use:
        return True
    if isinstance(parent, ast.ClassDef) and use in parent.bases:
        return True
    return isinstance(parent, ast.Attribute) and parent.value is use
