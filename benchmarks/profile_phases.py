"""Where one in-process run's CPU goes, by phase and by codemod.

    .venv/bin/python benchmarks/profile_phases.py PATH... [--diff FILE] [--report FILE.json]

Runs ``flask-codemod apply --dry-run -j 1 --no-cache PATH...`` in this process with a few
functions of the engine and of the codemods' shared metadata wrapped in timers (CPU time,
``time.process_time``). Each phase's time is its own, without the phases called inside it
(a scope analysis asked by a codemod counts as scope analysis, not as that codemod's work,
and so do _lazy_scopes' analyses of a module and of a function's body; the expression
contexts a whole-module analysis asks for first are a phase of their own);
the scope analyses, positions and LibCST parses are also split by where they were asked
(which codemod, the safety net, the engine), and so are the reads of the project's other files
(``ctx.read_file``), the checks of the answers kept for the process against their reads, and
the standard library's parses of texts not parsed yet. What no wrapped function covers is "other"
(discovery and project listings, reading, diffs, the report, the pool's bookkeeping, the engine's own steps).
Then what LibCST parsed of the files the engine transformed: how many parses per file (a file
parsed more than once is named with who asked each parse: the engine, a codemod reading it as
another module, a long text's parse in a process of its own), the files only a codemod parsed
(as another module: no codemod's gates let the engine transform them), and the transforms that had
LibCST parse the file and then changed nothing, reported nothing and asked for no project edit.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sys
import time
import types
from collections import defaultdict

_clock = time.process_time
_own: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_stack: list[list] = []  # [label, start, time spent in wrapped callees]
# LibCST's parses by text (its length and hash): who asked each one, in order; the files the
# engine transformed (path by text), and its transforms that parsed but gave nothing
_parses: dict[tuple[int, int], list[str]] = defaultdict(list)
_files: dict[tuple[int, int], str] = {}
_parsed_for_nothing: list[tuple[float, str]] = []  # (CPU of the transform, path)
_parsed_transforms = [0]
_transformed_parsed: set[tuple[int, int]] = set()  # the files whose transform had a tree (parsed, or borrowed from a codemod)


def _enter(label: str) -> None:
    _stack.append([label, _clock(), 0.0])


def _leave() -> None:
    label, start, inner = _stack.pop()
    spent = _clock() - start
    _own[label] += spent - inner
    _calls[label] += 1
    if _stack:
        _stack[-1][2] += spent


_on_rewritten = [False]  # whether the codemod running was given a tree an earlier codemod rewrote


def _where() -> str:
    """The innermost codemod, gate or engine step on the stack (a codemod given a tree an
    earlier codemod rewrote: ``codemod NAME [rewritten]``, so that what analysing it again costs
    is told apart)."""
    for label, _, _ in reversed(_stack):
        if label.startswith(("codemod ", "gate ", "engine ")):
            return f"{label} [rewritten]" if _on_rewritten[0] and label.startswith("codemod ") else label
    return "engine"


def _timed(function, label, *, where: bool = False, when=None):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if when is not None and not when(*args):
            return function(*args, **kwargs)
        _enter(f"{label} (in {_where()})" if where else label)
        try:
            return function(*args, **kwargs)
        finally:
            _leave()

    return wrapper


def _instrument() -> None:
    import libcst

    from flask_codemod import compile_gate, engine
    from flask_codemod.codemods import _metadata, _positions
    from flask_codemod.codemods._registry import all_codemods

    for cls in all_codemods():
        name = cls.NAME
        cls.transform = _timed(cls.transform, f"codemod {name}")
        for gate in ("applies_to_tree", "applies_to_project"):
            if gate in vars(cls):
                setattr(cls, gate, _timed(getattr(cls, gate), f"gate {name}.{gate}"))
        text_gate = next((vars(klass)["applies_to_file"] for klass in cls.__mro__ if "applies_to_file" in vars(klass)), None)
        if isinstance(text_gate, types.FunctionType):  # the text gate, its own or inherited
            cls.applies_to_file = _timed(text_gate, f"gate {name}.applies_to_file")
    engine._compile_gate = compile_gate._compile_gate = _timed(engine._compile_gate, "engine compile gate")  # (python_tree's too)
    engine.safety_net = _timed(engine.safety_net, "engine safety net")
    engine.render = _timed(engine.render, "engine render")  # byte repair; the renderings are ModuleCode's:
    from flask_codemod.codemods._module_code import ModuleCode

    ModuleCode.code = _timed(ModuleCode.code, "rendering", where=True)
    engine._resume = _timed(engine._resume, "engine resume snapshot")
    engine.Resume.module = _timed(engine.Resume.module, "engine resume unpickle")
    libcst.parse_module = _counted_parse(_timed(libcst.parse_module, "LibCST parse", where=True))
    from flask_codemod import parse_apart

    parse_apart.parsed_apart = _counted_parse(parse_apart.parsed_apart)  # (a long text, parsed in a process of its own)
    engine._transform_text = _noting_transforms(engine._transform_text)
    engine._run_codemod = _noting_rewritten(engine._run_codemod)
    # a scope analysis first asks for the expression contexts (one recursive function, not an
    # analysis): timed and counted as a phase of their own
    from libcst.metadata import ExpressionContextProvider

    walker = _metadata._module_walker
    scope_walk, contexts_walk = (
        _timed(walker, label, where=True, when=lambda wrapper, provider: provider not in wrapper._metadata)
        for label in ("scope analysis", "expression contexts")
    )
    _metadata._module_walker = lambda wrapper, provider: (
        contexts_walk if provider is ExpressionContextProvider else scope_walk
    )(wrapper, provider)
    # the analyses of _lazy_scopes (a module without its functions' bodies, then a body) too
    from flask_codemod.codemods import _lazy_scopes

    lazy = _lazy_scopes.LazyScopes
    lazy.__init__ = _timed(lazy.__init__, "scope analysis", where=True)
    lazy._analyse = _timed(lazy._analyse, "scope analysis", where=True)
    _metadata.parent_index = _timed(_metadata.parent_index, "parents", where=True)
    # what the project's other files cost a transform: each read through ctx.read_file (the
    # first of a path in a transform reaches the tool's reader), each answer kept for the
    # process checked again against its reads (the reads it makes count as project reads),
    # and the standard library's AST of a text not parsed yet (a rewritten tree, another module)
    from flask_codemod.codemods import _base, _parsed_modules, _project_memo

    _base.Context.read_file = _timed(_base.Context.read_file, "project reads", where=True)
    _project_memo.DerivedMemo.recall = _timed(_project_memo.DerivedMemo.recall, "project answers recalled", where=True)
    _parsed_modules._python_parsed = _timed(_parsed_modules._python_parsed, "stdlib AST parse", where=True)
    positions = _positions.Positions  # what it renders: the whole tree, a statement, the code
    positions.whole = _timed(positions.whole, "positions", where=True, when=lambda self: self._whole is None)
    positions._statement_rendering = _timed(positions._statement_rendering, "positions", where=True)
    positions.code = _timed(positions.code, "positions", where=True)


def _key(text: str) -> tuple[int, int]:
    return len(text), hash(text)


def _counted_parse(parse):
    @functools.wraps(parse)
    def counted(text, *args, **kwargs):
        _parses[_key(text)].append(_where())
        return parse(text, *args, **kwargs)

    return counted


def _noting_transforms(transform):
    """The engine's core, noting each file it transforms and each transform that had LibCST
    parse the file (``parsed``) and then changed nothing, reported nothing and asked for no
    project edit."""

    @functools.wraps(transform)
    def noted(text, codemods, path, *args, **kwargs):
        _files.setdefault(_key(text), path)
        start = _clock()
        result = transform(text, codemods, path, *args, **kwargs)
        if result.parsed:
            _parsed_transforms[0] += 1
            _transformed_parsed.add(_key(text))
            if result.new_text == text and not result.findings and not result.project_edits:
                _parsed_for_nothing.append((_clock() - start, path))
        return result

    return noted


def _noting_rewritten(run):
    """The engine's run of one codemod, noting whether its tree is not the file's own parse."""

    @functools.wraps(run)
    def noted(codemod, module, ctx):
        _on_rewritten[0] = id(module) != getattr(ctx, "_trusted_module_id", None)
        try:
            return run(codemod, module, ctx)
        finally:
            _on_rewritten[0] = False

    return noted


def rewritten_summary() -> str:
    """What the codemods spent, by phase, on trees an earlier codemod rewrote."""
    spent: dict[str, float] = defaultdict(float)
    for label, seconds in _own.items():
        if label.endswith("[rewritten])"):
            spent[label.split(" (in ")[0]] += seconds
    shown = ", ".join(f"{label} {seconds:.2f} s" for label, seconds in sorted(spent.items(), key=lambda item: -item[1]))
    return f"analysis of trees an earlier codemod rewrote: {sum(spent.values()):.2f} s" + (f" ({shown})" if shown else "")


def parse_summary() -> list[str]:
    """What LibCST parsed of the files the engine transformed: how many of them more than once
    (and who asked), and the transforms that parsed a file for nothing."""
    parsed = {key: askers for key, askers in _parses.items() if key in _files}
    again = sorted((key for key, askers in parsed.items() if len(askers) > 1), key=lambda key: -key[0])
    lines = [
        f"LibCST parses of the files transformed: {len(parsed)} files, {sum(map(len, parsed.values()))} parses; "
        f"parsed more than once: {len(again)}"
    ]
    for key in again[:10]:
        lines.append(f"  {_files[key]} ({key[0]} characters): {', '.join(parsed[key])}")
    others = [key for key in parsed if key not in _transformed_parsed]
    lines.append(f"parsed only as another module (no codemod's gates let the engine transform them): {len(others)}")
    lines.extend(f"  {_files[key]}: {', '.join(parsed[key])}" for key in others[:10])
    vain = sorted(_parsed_for_nothing, reverse=True)
    lines.append(
        f"transforms that parsed the file: {_parsed_transforms[0]}; with no change, finding or project edit: "
        f"{len(vain)}, {sum(spent for spent, _ in vain):.2f} s"
    )
    lines.extend(f"  {spent:7.2f} s  {path}" for spent, path in vain[:10])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="+", help="one or more folders or files (one run over them all, as apply takes them)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--diff", help="write the run's diff (its standard output) to this file")
    parser.add_argument("--report", help="passed to apply: --report FILE")
    args = parser.parse_args()
    _instrument()
    from flask_codemod.cli import main as cli_main

    report = ["--report", args.report] if args.report else []
    sys.argv = ["flask-codemod", "apply", "--dry-run", "-j", "1", "--no-cache", *report, *args.path]
    shown = io.StringIO()
    start = _clock()
    with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(io.StringIO()):
        try:
            cli_main()
        except SystemExit:
            pass
    total = _clock() - start
    if args.diff:
        with open(args.diff, "w", encoding="utf-8") as handle:
            handle.write(shown.getvalue())
    covered = sum(_own.values())
    _own["other"] = total - covered
    print(f"CPU {total:.2f} s in all")
    by_phase: dict[str, float] = defaultdict(float)
    for label, spent in _own.items():
        by_phase[label.split(" (in ")[0] if " (in " in label else label.split(".")[0] if label.startswith("gate ") else label] += spent
    print("\nby phase (gates summed per codemod):")
    for label, spent in sorted(by_phase.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {spent:7.2f} s {100 * spent / total:5.1f} %  {label}")
    print()
    print(rewritten_summary())
    print("\n".join(parse_summary()))
    print("\nin detail (calls):")
    for label, spent in sorted(_own.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {spent:7.2f} s {100 * spent / total:5.1f} %  {label}  ({_calls.get(label, 0)})")


if __name__ == "__main__":
    main()
