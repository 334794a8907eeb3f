"""Suppression comments and generated files: what the user asked us not to touch.

- ``# flask-codemod: skip-file`` (a comment anywhere): the file is not transformed at all;
  ``# flask-codemod: skip-file=open-with,teardown`` only keeps those codemods away from it.
- A file whose header (its first lines, as long as they are comments or blank) contains
  ``@generated`` is not transformed at all. A ``@generated`` in a string or further down does
  not count.
- ``# flask-codemod: skip`` at the end of a line protects the statement on that line — the
  whole block when the line is the first line of a block statement (``def``, ``class``,
  ``with``, ``for``, ``if`` ..., a decorator line counts for its function); ``skip=NAME,NAME``
  protects it from those codemods only. Findings on protected lines are not reported.

Files, and codemods, that have nothing to skip take the engine's normal path: one parse, all
codemods on one tree. Only a file with line markers is handled codemod by codemod, and this is
where soundness matters. Reverting the diff hunks that touch protected lines is not sound in
general: a codemod's changes in one file can depend on each other (an added import, a
``load_dotenv()`` call, a ``Cache`` set-up, a teardown handler), and the safety net compiles
the result but would not notice a use left without its definition. So:

1. Each codemod runs on the text the previous one produced (the engine's pure core, one
   codemod at a time).
2. If none of its hunks touches a protected statement (a hunk touches a statement when it
   changes one of its lines, or inserts lines inside it or right next to it), its change is
   kept as it is.
3. If some do, and the codemod declares ``LOCAL_REWRITES = True`` (each of its rewrites
   changes only the statements it targets, nothing elsewhere depends on it), only the touching
   hunks are reverted; the result must still compile, must not use a global name the full
   rewrite defined, and the codemod run again on it must give exactly the full change (so
   what was reverted is whole rewrites, not half of one), else we fall back to 4.
4. Otherwise the codemod's whole change to this file is dropped (its project edits too), and
   a finding says why. Dropping a whole codemod for one file is always sound: it is exactly the
   output of a run that did not select it.
"""

from __future__ import annotations

import ast
import builtins
import symtable
from typing import Any, Callable, Mapping, Sequence

from .codemods import Finding
from .codemods._line_map import LineMap
from .hunks import Block, Hunk, changed_blocks, lines, select
from .results import TextResult
from .suppress_markers import header_is_generated, protected_spans, scan

_MODULE_NAMES = {"__name__", "__file__", "__doc__", "__builtins__", "__spec__", "__loader__",
                 "__package__", "__path__", "__annotations__", "__cached__", "__dict__"}


# -- the hunks of a change, and the protected statements they touch ------------------------------


def hunks(old: str, new: str) -> list[Block]:
    """The changed line blocks (no context): (i1, i2, j1, j2), 0-based, end exclusive. A block
    that replaces n lines by n lines is split line by line (adjacent one-line rewrites)."""
    return changed_blocks(lines(old), lines(new))


def touches(hunk: Block, spans: Sequence[tuple[int, int]]) -> bool:
    i1, i2 = hunk[0], hunk[1]
    for start, end in spans:
        if i1 < i2:  # changes old lines i1+1 .. i2
            if i1 + 1 <= end and i2 >= start:
                return True
        elif start - 1 <= i1 <= end:  # inserts between old lines i1 and i1+1: inside or next to it
            return True
    return False


def revert(old: str, new: str, reverted: Sequence[Block]) -> str:
    """``new`` with the blocks in ``reverted`` taken back: spliced from ``old``'s lines and
    the other blocks' new lines (tool/hunks.py)."""
    undo = set(reverted)
    steps = [("", new)]
    blocks = [Hunk(number, "", 0, (block,)) for number, block in enumerate(hunks(old, new), 1)]
    return select(old, steps, blocks, [h.number for h in blocks if h.blocks[0] not in undo])[0]


def undefined_globals(text: str) -> set[str] | None:
    """Global names ``text`` reads but never binds (nor are builtins); None when unknowable
    (a syntax error, a star import)."""
    if "import *" in text:
        return None
    try:
        top = symtable.symtable(text, "<check>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    defined = set(dir(builtins)) | _MODULE_NAMES
    read: set[str] = set()
    for symbol in top.get_symbols():
        if symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace():
            defined.add(symbol.get_name())
        elif symbol.is_referenced():
            read.add(symbol.get_name())
    stack = list(top.get_children())
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        for symbol in table.get_symbols():
            if symbol.is_declared_global() and symbol.is_assigned():
                defined.add(symbol.get_name())
            elif symbol.is_global() and symbol.is_referenced():
                read.add(symbol.get_name())
    return read - defined


def partial_change_problem(original: str, partial: str, full: str) -> str | None:
    """Why ``partial`` (some hunks of the change from ``original`` to ``full``) is not safe to
    write: it must compile, and read no global name that neither version leaves undefined."""
    try:
        compile(partial, "<partial>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return f"the selected changes alone do not compile ({error.msg if isinstance(error, SyntaxError) else error})"
    except (RecursionError, MemoryError):
        return "the selected changes alone are too deeply nested to check"
    missing = undefined_globals(partial)
    if missing is None:
        return None
    known = (undefined_globals(original) or set()) | (undefined_globals(full) or set())
    missing -= known
    if missing:
        return f"the selected changes alone leave {', '.join(sorted(missing))} undefined"
    return None


# -- the per-file pipeline's entry point ----------------------------------------------------------


def transform_text(*args: Any, **settings: Any) -> TextResult:
    """The engine's ``transform_text``."""
    # Lazy on purpose: the engine imports LibCST, which a run that finds every file in the
    # result cache never needs (tests/tool/test_startup.py).
    from .engine import transform_text as engine_transform_text

    return engine_transform_text(*args, **settings)


def instantiate(codemods: Sequence[Any]) -> list[Any]:
    """The engine's ``instantiate``."""
    from .engine import instantiate as engine_instantiate  # lazy, as transform_text above

    return engine_instantiate(codemods)


def transform(
    text: str,
    codemods: Sequence[Any],
    *,
    path: str = "<string>",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    read_file: Callable[[str], str | None] | None = None,
    target_version: tuple[int, int] | None = None,
    resume: Any = None,
):
    """The engine's ``transform_text``, honouring suppression comments and generated headers.
    Never raises (KeyboardInterrupt aside). ``resume``: see ``transform_text`` (used only
    when no suppression comment splits the work codemod by codemod)."""
    settings = {"path": path, "options": options, "read_file": read_file, "target_version": target_version}
    try:
        return _transform(text, codemods, settings, resume)
    except RecursionError:
        return TextResult(text, error="nesting too deep to process; file left unchanged")
    except Exception as error:  # a bug here must cost one file, not the run
        return TextResult(text, error=f"internal error while honouring suppression comments: {type(error).__name__}: {error}; file left unchanged")


def _transform(text, codemods, settings, resume=None):
    """``settings``: the keyword arguments of ``transform_text`` (path, options, ...)."""
    if header_is_generated(text):
        return TextResult(text)
    markers = scan(text)
    if not (markers.skip_file or markers.skip_file_names or markers.lines):
        return transform_text(text, codemods, resume=resume, **settings)
    if markers.skip_file:
        return TextResult(text)
    instances = [c for c in instantiate(codemods) if not markers.file_skips(c.NAME)]
    if not markers.lines:
        return transform_text(text, instances, resume=resume, **settings)
    return _codemod_by_codemod(text, instances, markers, settings)


def _codemod_by_codemod(text, instances, markers, settings):
    current = text
    findings: list = []
    edits: list = []
    rewrites: dict[str, int] = {}
    failures: list[str] = []
    parsed = False
    file_lines: LineMap | None = None  # lines of ``current`` -> lines of ``text`` (None: the same text)
    for codemod in instances:
        if not codemod.applies_to(current):
            continue
        step = transform_text(current, [codemod], file_lines=file_lines, **settings)  # reports lines of ``text``
        to_file = file_lines.line if file_lines is not None else (lambda line: line)
        parsed = parsed or step.parsed
        if step.error is not None:
            return TextResult(text, error=step.error, parsed=parsed, error_from_text=step.error_from_text and current is text)
        failures.extend(step.codemod_errors)
        name = codemod.NAME
        marked = markers if current is text else scan(current)
        spans = protected_spans(current, marked, name)
        file_spans = [(to_file(start), to_file(end)) for start, end in spans]
        step_findings = [f for f in step.findings if not _inside(f.line, file_spans)]
        step_edits = [e for e in step.project_edits if not _inside(e.line, file_spans)]
        count = step.rewrites.get(name, 0)
        new = step.new_text
        if new != current and spans:
            changed = hunks(current, new)
            touching = [h for h in changed if touches(h, spans)]
            if len(touching) == len(changed):
                new, count, step_edits = current, 0, []
            elif touching:
                kept = None
                if getattr(type(codemod), "LOCAL_REWRITES", False):
                    kept = _without_protected(codemod, current, new, touching, spans, count, settings, to_file)
                if kept is None:
                    line = to_file(touching[0][0] + 1)
                    step_findings.append(
                        Finding(
                            name,
                            line,
                            0,
                            f"not applied to this file: line {line} is protected by a "
                            "`# flask-codemod: skip` comment, and this codemod's changes in one "
                            "file depend on each other",
                        )
                    )
                    new, count, step_edits = current, 0, []
                else:
                    new, count, spared = kept
                    step_findings.extend(spared)
        findings.extend(step_findings)
        edits.extend(step_edits)
        if count:
            rewrites[name] = rewrites.get(name, 0) + count
        if new != current:
            file_lines = LineMap(text, new)
        current = new
    return TextResult(current, findings, edits, rewrites, parsed=parsed, codemod_errors=failures)


def _without_protected(codemod, current, new, touching, spans, count, settings, to_file) -> tuple[str, int, list] | None:
    """A local codemod's change from ``current`` to ``new`` with the rewrites that touch a
    protected statement left out, the number of rewrites kept, and a finding for each
    unprotected line left out with them; None when that cannot be shown sound.

    The blocks that touch a protected statement are reverted (spliced back from the original
    lines). One rewrite may make several blocks (a re-indented body around a blank line or a
    multi-line string), so reverting blocks could leave half a rewrite. A result is kept only
    if it compiles, leaves no name undefined, and the codemod run again on it gives exactly
    ``new``: then what was reverted is whole rewrites, back to the original statements, which
    the codemod rewrites just as before; the rewrites of that second run are the ones left
    out. When the touching blocks alone do not pass, every block of the top-level statements
    (functions, classes) they are in is reverted with them, and that is tried in turn."""
    changed = hunks(current, new)
    for reverted in (touching, _same_top_level_statements(current, changed, touching)):
        if reverted is None or len(reverted) == len(changed):
            continue
        candidate = revert(current, new, reverted)
        if partial_change_problem(current, candidate, new) is not None:
            continue
        again = transform_text(candidate, [codemod], **settings)
        if again.error is None and not again.codemod_errors and again.new_text == new:
            spared = _spared_with(current, reverted, spans, codemod.NAME, to_file)
            return candidate, max(0, count - again.rewrites.get(codemod.NAME, 0)), spared
    return None


def _spared_with(
    text: str, reverted: Sequence[Block], spans: Sequence[tuple[int, int]], name: str, to_file: Callable[[int], int]
) -> list:
    """A finding for the code outside the protected statements that was reverted with them
    (its rewrite is one block with a protected one, or holds it), one per protected
    statement, on the first such line (lines of ``text`` named as ``to_file`` maps them)."""
    old = lines(text)
    first: dict[int, int] = {}  # protected statement's first line -> first unprotected line reverted with it
    for i1, i2, _, _ in reverted:
        for number in range(i1 + 1, i2 + 1):
            if old[number - 1].strip() and not _inside(number, spans):
                near = min(spans, key=lambda span: abs(span[0] - number))[0]
                first[near] = min(first.get(near, number), number)
    return [
        Finding(name, to_file(line), 0, f"left alone: its change is one block with the change at line {to_file(near)}, "
                "which a `# flask-codemod: skip` comment protects")
        for near, line in sorted(first.items(), key=lambda item: item[1])
    ]


def _same_top_level_statements(text: str, changed: Sequence[Block], touching: Sequence[Block]) -> list[Block] | None:
    """The blocks of ``changed`` inside the top-level statements that hold a block of
    ``touching``; None when it is no more than ``touching``."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    tops = [(min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())]), node.end_lineno or node.lineno) for node in tree.body]
    around = [span for span in tops if any(touches(block, [span]) for block in touching)]
    wider = [block for block in changed if block in touching or touches(block, around)]
    return wider if len(wider) > len(touching) else None


def _inside(line: int, spans: Sequence[tuple[int, int]]) -> bool:
    return bool(line) and any(start <= line <= end for start, end in spans)
