"""The engine: the pure transform core. Text in, TextResult out; no files, no processes.

For one text and the codemods to run on it, in order:

1. where codemods act (``Codemod.acts_on_path``, from the path and the text: test code and
   packaging scripts only for the codemods that declare them), then the text gates
   (``Codemod.applies_to_file``): a codemod that says no is not run;
2. the compile gate (tool/compile_gate.py): CPython compiles the text to its AST
   (``python_tree``), which rejects what is not Python with CPython's own message (valid
   code in the syntax of a newer Python gets its own: tool/syntax_versions.py), and keeps
   pathological input away from LibCST's native parser;
3. the tree gates (``Codemod.applies_to_tree``) on that AST, then the project gates
   (``Codemod.applies_to_project``, which gets the same AST and may read the project's other
   files through the Context): a file no codemod wants is not parsed by LibCST;
4. parse once with LibCST (or borrow the tree a codemod had parsed of the same text for another
   file: codemods/_parsed_modules.py), run the codemods in order on the one tree, render once
   (with the bytes LibCST loses put back: tool/byte_repair.py);
5. the safety net (tool/compile_gate.py): CPython must compile the output, else the change
   is dropped and reported as an error.

Never raises (KeyboardInterrupt aside): a problem is the file's error, not the run's.
``passing_gates`` asks steps 1-3 alone, as a transform asks them (benchmarks/run.py measures
the gates' cost with it).
"""

from __future__ import annotations

import ast
import os
import time
import traceback
from typing import Any, Callable, Sequence

import libcst as cst

from .byte_repair import render
from .codemods import Context
from .codemods._kept_per_file import forget_file_memos
from .codemods._line_map import LineMap
from .codemods._parsed_modules import (
    borrow_libcst_module,
    give_back,
    hold_at_hand,
    keep_engine_parse,
    known_python_tree,
    make_room_for_parse,
)
from .codemods._reading import reading
from .compile_gate import _compile_gate, one_line, safety_net
from .name_forms import refusal
from .parse_apart import parse_module
from .results import Options, TextResult, describe_error
from .resume import ReadLog, Resume, text_digest


def instantiate(codemods: Sequence[Any]) -> list[Any]:
    """Codemod instances for ``codemods`` (classes or instances)."""
    return [c() if isinstance(c, type) else c for c in codemods]


def transform_text(
    text: str,
    codemods: Sequence[Any],
    *,
    path: str = "<string>",
    options: Options | None = None,
    read_file: Callable[[str], str | None] | None = None,
    target_version: tuple[int, int] | None = None,
    resume: Resume | None = None,
    file_lines: LineMap | None = None,
) -> TextResult:
    """Apply ``codemods`` (classes or instances, in the given order) to ``text``.

    ``target_version``: the Flask version the code must run on, ``(major, minor)``, for
    ``Context.target_version`` (None: the newest Flask the codemods know). ``resume``: where
    a first pass of the same text left off before its first codemod that looked at ``.env``
    (tool/resume.py); a result that claims ``.env`` variables carries its own (``resume``).

    Prefilter, parse once, transform in order, render once, then the safety net: CPython
    must compile the output, else the change is dropped and reported as an error.
    A text no codemod changes comes back as the very same string. Never raises (but lets
    KeyboardInterrupt through).
    """
    try:
        return _transform_text(text, codemods, path, options, read_file, target_version, resume, file_lines)
    except RecursionError:
        return TextResult(text, error="nesting too deep to process; file left unchanged")
    except Exception as error:  # a bug in the engine itself: still one file, one error
        return TextResult(text, error=f"internal error: {describe_error(error)}; file left unchanged")
    finally:  # what the codemods kept by this file's trees (codemods/_kept_per_file.py)
        forget_file_memos()


def _transform_text(
    text: str,
    codemods: Sequence[Any],
    path: str,
    options: Options | None,
    read_file: Callable[[str], str | None] | None,
    target_version: tuple[int, int] | None,
    resume: Resume | None = None,
    file_lines: LineMap | None = None,
) -> TextResult:
    instances = _text_gated(text, codemods, path)
    if isinstance(instances, TextResult):
        return instances
    if not instances:
        return TextResult(text)
    asked = tuple(_name(codemod) for codemod in instances)
    log = ReadLog(read_file) if read_file is not None else None
    ctx = Context(path, options, log, target_version)
    tree, env_from = None, None  # env_from: the first kept codemod whose gate read .env
    gated = resume.gated_for(text, asked) if resume is not None else None
    if gated is not None:  # the first pass's gates answered without reading .env: the same answers
        instances = [codemod for codemod in instances if _name(codemod) in gated]
    else:
        tree, problem, from_text = _shared_python_tree(text, path)
        if problem is not None:
            return TextResult(text, error=problem, error_from_text=from_text)
        instances, env_from = _tree_gated(text, tree, instances, path, ctx, log)
    if not instances:
        return TextResult(text)
    names = [_name(codemod) for codemod in instances]
    gates_read_env = log is not None and log.env_read
    failures: list[str] = []
    borrowed = None  # the tree a codemod had LibCST parse of this text (codemods/_parsed_modules.py)
    if resume is not None and resume.holds_for(text, names):
        resume.replay_reads(log)  # (through the log: a codemod asking again gets the text replayed)
        original, base, module = None, resume.base, resume.module()
        ctx.findings[:], ctx.project_edits[:], failures[:] = resume.findings, resume.project_edits, resume.failures
        ctx.rewrites.update(resume.rewrites)
        start, changed_before = len(resume.ran), resume.changed
        resumed_base = resume.base
        ctx.file_lines.count_from(None, lambda: resumed_base, file_lines)
    else:
        borrowed = borrow_libcst_module(text)
        if borrowed is None:
            make_room_for_parse(text)
        try:
            original = borrowed[0].module if borrowed is not None else parse_module(text)
        except cst.ParserSyntaxError as error:  # CPython accepted it: a limit of LibCST's parser
            where = f"{error.editor_line}:{error.editor_column}: " if error.editor_line else ""
            return TextResult(text, error=f"{where}cannot parse (LibCST): {one_line(error.message)}", error_from_text=True)
        except RecursionError:
            return TextResult(text, error="cannot parse: nesting too deep")
        except Exception as error:  # LibCST's native parser may raise other errors
            return TextResult(text, error=f"cannot parse: {one_line(str(error)) or type(error).__name__}")
        base, module, start, changed_before = None, original, 0, False
        ctx.trust_unique_nodes(module, tree)
        ctx.file_lines.count_from(original, lambda: ctx.module_code.code(original), file_lines)
    resumed_at = module
    before = None  # the state before the first codemod that looked at .env (for a Resume)
    with reading():  # read-only LibCST traversals without rebuilding (codemods/_reading.py)
        for index in range(start, len(instances)):
            codemod = instances[index]
            state = _state(index, module, ctx, failures, log)
            if before is None and index == env_from:
                before = state
            ctx.codemod = codemod
            ctx.file_lines.give(module)  # what it reports is counted in this tree
            module, failure = _run_codemod(codemod, module, ctx)
            if failure is not None:
                failures.append(failure)
            if before is None and log is not None and log.env_read:
                before = state
    if before is None:  # (else a Resume may keep the tree: it is not given back)
        give_back(text, borrowed)
        if borrowed is None and original is not None:  # the engine's own parse, for the next asker
            keep_engine_parse(text, original)
    if not changed_before and module is resumed_at:  # nothing was rewritten: the text itself, not a re-rendering
        return TextResult(text, ctx.findings, ctx.project_edits, ctx.rewrites, parsed=True, codemod_errors=failures)
    try:
        base = base if base is not None else ctx.module_code.code(original)
        new_text = render(text, base, ctx.module_code.code(module))
        if new_text is None:
            return TextResult(
                text,
                error="LibCST cannot reproduce this file byte for byte; file left unchanged",
                parsed=True,
            )
    except RecursionError:
        return TextResult(text, error="nesting too deep to render; file left unchanged", parsed=True)
    result = TextResult(new_text, ctx.findings, ctx.project_edits, ctx.rewrites, parsed=True, codemod_errors=failures)
    if new_text != text:
        problem = safety_net(text, new_text, path)
        if problem is not None:
            return TextResult(text, error=problem, parsed=True)
    if start == 0 and before is not None and before[0] > 0 and any(edit.kind == "env" for edit in ctx.project_edits):
        gated = (asked, tuple(names)) if not gates_read_env else None
        result.resume = _resume(text, names, before, original, base, ctx, failures, log, gated)
    return result


def passing_gates(
    text: str, codemods: Sequence[Any], *, path: str, read_file: Callable[[str], str | None] | None = None,
    target_version: tuple[int, int] | None = None, seconds: dict[str, float] | None = None,
) -> list[str] | str:
    """The names of the codemods whose gates let ``text`` through, as ``transform_text`` asks
    them (where they act, the text gates, the compile gate, the tree gates, the project
    gates), or why the text is not transformed at all (an error of ``transform_text``'s);
    nothing is parsed by LibCST. ``seconds`` (benchmarks/run.py) gets each stage's wall time
    added ("text", "compile", "tree and project") and 1 added to "compiled" when the text
    gates let the text through."""
    clock = time.perf_counter
    times = seconds if seconds is not None else {}
    try:
        started = clock()
        instances = _text_gated(text, codemods, path)
        times["text"] = times.get("text", 0.0) + clock() - started
        if isinstance(instances, TextResult):
            return instances.error or ""
        if not instances:
            return []
        times["compiled"] = times.get("compiled", 0) + 1
        started = clock()
        tree, problem, _ = _shared_python_tree(text, path)
        times["compile"] = times.get("compile", 0.0) + clock() - started
        if problem is not None:
            return problem
        started = clock()
        log = ReadLog(read_file) if read_file is not None else None
        ctx = Context(path, None, log, target_version)
        kept = _tree_gated(text, tree, instances, path, ctx, log)[0]
        times["tree and project"] = times.get("tree and project", 0.0) + clock() - started
        return [_name(codemod) for codemod in kept]
    finally:
        forget_file_memos()


def _text_gated(text: str, codemods: Sequence[Any], path: str) -> list[Any] | TextResult:
    """The codemods (instances) that act where ``path`` is and whose text gate lets ``text``
    through; or the TextResult of a text refused before any gate (or of a text gate's crash)."""
    in_scope = [c for c in instantiate(codemods) if getattr(c, "acts_on_path", None) is None or c.acts_on_path(path, text)]
    reason = refusal(text) if in_scope else None
    if reason is not None:  # names spelled otherwise than Python reads them (tool/name_forms.py)
        return TextResult(text, error=reason, error_from_text=True)
    instances = []
    for codemod in in_scope:
        try:
            wanted = codemod.applies_to_file(text, path) if hasattr(codemod, "applies_to_file") else codemod.applies_to(text)
        except Exception as error:
            name = getattr(codemod, "NAME", type(codemod).__name__)
            return TextResult(text, error=f"internal error in {name}.applies_to: {describe_error(error)}; file left unchanged")
        if wanted:
            instances.append(codemod)
    return instances


def _tree_gated(
    text: str, tree: ast.Module, instances: list[Any], path: str, ctx: Context, log: ReadLog | None,
) -> tuple[list[Any], int | None]:
    """Of ``instances``, those whose tree gate, then project gate, let ``tree`` (the AST of
    ``text``) through; and the index among them of the first kept codemod whose project gate
    read ``.env`` (None: no gate read it)."""
    hold_at_hand(text, tree)  # (the project's questions read this file too)
    instances = [codemod for codemod in instances if _wants_tree(codemod, tree, path)]
    kept: list[Any] = []
    env_from = None
    for codemod in instances:
        if wants_project(codemod, tree, ctx):
            kept.append(codemod)
        if env_from is None and log is not None and log.env_read:
            env_from = len(kept) - 1 if kept and kept[-1] is codemod else len(kept)
    return kept, env_from


def _name(codemod: Any) -> str:
    return getattr(codemod, "NAME", type(codemod).__name__)


def _state(index: int, module: cst.Module, ctx: Context, failures: list[str], log: ReadLog | None) -> tuple:
    """What a transform holds before codemod ``index`` runs (for ``_resume``): the tree, and
    how much was reported and read so far (what is reported later is only ever appended)."""
    reads = (len(log.reads), log.listed) if log is not None else (0, False)
    return (index, module, len(ctx.findings), len(ctx.project_edits), dict(ctx.rewrites), len(failures), reads)


def _resume(
    text: str, names: list[str], before: tuple, original: cst.Module, base: str, ctx: Context, failures: list[str],
    log: ReadLog, gated: tuple[tuple[str, ...], tuple[str, ...]] | None,
) -> Resume:
    """The Resume of ``before`` (a ``_state``) in a transform that started from ``original``;
    ``gated``: (the codemods asked after the text gates, those every gate kept) when no gate
    read ``.env``."""
    index, module, findings, edits, rewrites, failed, (reads, listed) = before
    return Resume(
        text_digest(text), tuple(names[:index]), module,
        module is not original, base, tuple(ctx.findings[:findings]), tuple(ctx.project_edits[:edits]),
        tuple(rewrites.items()), tuple(failures[:failed]), tuple(log.reads[:reads]), listed, gated,
    )


def _run_codemod(codemod: Any, module: cst.Module, ctx: Context) -> tuple[cst.Module, str | None]:
    """``codemod`` on ``module``: its result, or, when it crashes, the module as it was and
    the problem. A crash costs only that codemod's change: what it reported (findings,
    project edits, rewrites) is taken back, and the next codemods run on the tree it got (a
    LibCST tree cannot be changed in place)."""
    name = getattr(codemod, "NAME", type(codemod).__name__)
    reported = _reported(ctx)
    try:
        result = codemod.transform(module, ctx)
        if isinstance(result, cst.Module):
            return result, None
        problem = f"internal error in {name}: transform returned {type(result).__name__}, not a module"
    except RecursionError:
        problem = f"{name}: nesting too deep to transform"
    except Exception as error:
        problem = f"internal error in {name}: {describe_error(error)}{_innermost_frame(error)}"
    _take_back(ctx, reported)
    return module, f"{problem}; its change to this file dropped"


def _reported(ctx: Context) -> tuple[int, int, dict[str, int]]:
    """What ``ctx`` holds so far, for ``_take_back``."""
    return len(ctx.findings), len(ctx.project_edits), dict(ctx.rewrites)


def _take_back(ctx: Context, reported: tuple[int, int, dict[str, int]]) -> None:
    """Drop what was reported to ``ctx`` since ``reported = _reported(ctx)``."""
    del ctx.findings[reported[0]:]
    del ctx.project_edits[reported[1]:]
    ctx.rewrites.clear()
    ctx.rewrites.update(reported[2])


def _shared_python_tree(text: str, path: str) -> tuple[ast.Module | None, str | None, bool]:
    """``_compile_gate``, or the tree a gate already parsed of the same text for another file
    (codemods/_parsed_modules.py). The tree compiled here is not kept there: keeping every
    file's tree costs more (each compile then allocates fresh memory) than it saves."""
    tree = known_python_tree(text)
    if tree is not None:
        return tree, None, False
    return _compile_gate(text, path)


def _wants_tree(codemod: Any, tree: Any, path: str) -> bool:
    """The codemod's second prefilter; a codemod without one (or whose gate fails on a
    shape it did not expect) gets the file parsed."""
    gate = getattr(codemod, "applies_to_tree", None)
    if gate is None:
        return True
    try:
        return bool(gate(tree, path))
    except Exception:  # RecursionError included
        return True


def wants_project(codemod: Any, tree: Any, ctx: Context) -> bool:
    """The codemod's project gate, asked after its tree gate with the same AST (``tree``):
    whether what the rest of the project holds (read through ``ctx``, so the result cache records it) lets it act on this
    file. A codemod without one, or whose gate fails, gets the file parsed; what a gate
    reports is dropped (a gate asks, it does not report)."""
    gate = getattr(codemod, "applies_to_project", None)
    if gate is None:
        return True
    ctx.codemod = codemod
    reported = _reported(ctx)
    try:
        return bool(gate(tree, ctx))
    except Exception:  # RecursionError included
        return True
    finally:
        _take_back(ctx, reported)
        ctx.codemod = None


def _innermost_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {os.path.basename(last.filename)}:{last.lineno})"
