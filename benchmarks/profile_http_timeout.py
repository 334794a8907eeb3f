"""Where http-timeout's CPU goes: its project-wide derivations and its per-module facts.

    .venv/bin/python benchmarks/profile_http_timeout.py APP_DIR [APP_DIR ...] [--select NAMES] [--floor]

Runs ``flask-codemod apply --dry-run -j 1 --no-cache`` on each directory in turn, in this
process (CPU time, ``time.process_time``), with http-timeout's transform, each question it
asks ``_project_answers.remembered`` (a derivation over the project's files), each fact of a
module it asks ``_parsed_modules`` for, the shared walk of a module (``walked``) and the
standard library's parses timed, and so are its tree gate and the grouping of a module's walk
by kind (``_http_timeout_node_kinds``); the parses that found no tree kept are counted, by the
derivation that asked and by text (how many texts of a tree were parsed more than once). Each label's own time excludes the labels timed inside it; the
derivations are also given with what they called (inclusive), and how often each ran.
``--floor``: then LibCST's parse of the same files (the tool's own discovery of the
directories), in this process, CPU, and every figure as a fraction of it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
import time
from collections import defaultdict

_clock = time.process_time
_own: dict[str, float] = defaultdict(float)
_inclusive: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_stack: list[list] = []  # [label, start, time spent in timed callees]
# the standard library's parses http-timeout asked for that found no tree kept: by the
# innermost derivation asking (else the innermost label), and by (tree run, text)
_parses_by: dict[str, int] = defaultdict(int)
_parses_of: dict[tuple[int, str], int] = defaultdict(int)
_tree_at = [0]  # the index of the tree being run


def _timed(function, label):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _stack.append([label, _clock(), 0.0])
        try:
            return function(*args, **kwargs)
        finally:
            name, start, inner = _stack.pop()
            spent = _clock() - start
            _own[name] += spent - inner
            if not any(entry[0] == name for entry in _stack):  # (recursion counted once)
                _inclusive[name] += spent
            _calls[name] += 1
            if _stack:
                _stack[-1][2] += spent

    return wrapper


def _label(question) -> str:
    return str(question[0] if isinstance(question, tuple) else question).replace("http-timeout: ", "")


def _instrument() -> None:
    from flask_codemod.codemods import _parsed_modules
    from flask_codemod.codemods._registry import all_codemods

    for cls in all_codemods():
        if cls.NAME == "http-timeout":
            cls.transform = _timed(cls.transform, "codemod http-timeout (the rest of its transform)")
            cls.applies_to_tree = _timed(cls.applies_to_tree, "gate http-timeout.applies_to_tree")
    parse, timed_parse = _parsed_modules._python_parsed, _timed(_parsed_modules._python_parsed, "stdlib parse (asked by http-timeout)")

    def parsed(text):
        if not _stack:
            return parse(text)
        at_hand = getattr(_parsed_modules, "_AT_HAND", ())  # (the engine's own tree of the file at hand)
        if text not in _parsed_modules._PYTHON_TREES.values and not (at_hand and at_hand[0][0] == text):  # a parse
            asker = next((entry[0] for entry in reversed(_stack) if entry[0].startswith(("project", "routes"))), _stack[-1][0])
            _parses_by[asker] += 1
            _parses_of[(_tree_at[0], text)] += 1
        return timed_parse(text)

    _parsed_modules._python_parsed = parsed
    import importlib
    import pkgutil

    from flask_codemod import codemods

    modules = [  # (every one of them, some imported only when first needed)
        importlib.import_module(f"flask_codemod.codemods.{info.name}")
        for info in pkgutil.iter_modules(codemods.__path__)
        if info.name.startswith("_http_timeout")
    ]

    def remembered(original):
        def asked(ctx, question, derive):
            return original(ctx, question, _timed(derive, f"project  {_label(question)}"))

        return asked

    def fact(original):
        def asked(subject, name, derive):
            return original(subject, name, _timed(derive, f"module   {name.replace('http-timeout ', '')}"))

        return asked

    for module in modules:
        if hasattr(module, "remembered"):
            module.remembered = remembered(module.remembered)
        for name in ("plain_fact", "plain_tree_fact", "tree_fact", "python_fact"):
            if hasattr(module, name):
                setattr(module, name, fact(getattr(module, name)))
        if hasattr(module, "walked"):
            module.walked = _timed(module.walked, "walked (shared walk, asked by http-timeout)")
        routes = getattr(module, "_Routes", None)
        if routes is not None and hasattr(routes, "_tree"):  # (the routes' modules, parsed as a call needs them)
            routes._tree = _timed(routes._tree, "routes   a module's tree (parsed where not kept)")
        for name in ("_derive", "_defined_functions", "_runs_process", "project_routes"):
            if hasattr(module, name) and module.__name__.endswith(("_own_routes", "_route_table")):
                setattr(module, name, _timed(getattr(module, name), f"routes   {name}"))
    try:
        from flask_codemod.codemods import _http_timeout_node_kinds
    except ImportError:  # (a checkout before it)
        return
    _http_timeout_node_kinds.walked = _timed(_http_timeout_node_kinds.walked, "walked (shared walk, asked by http-timeout)")
    index = _http_timeout_node_kinds._ByKind
    index.__init__ = _timed(index.__init__, "nodes by kind (grouping of the shared walk)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--select", help="passed to apply: --select NAMES")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--floor", action="store_true", help="also LibCST's parse of the same files, CPU, and each figure against it")
    args = parser.parse_args()
    from flask_codemod import codemods  # noqa: F401  (every codemod module imported before it is wrapped)
    from flask_codemod.cli import main as cli_main
    from flask_codemod.codemods._registry import all_codemods

    all_codemods()
    _instrument()
    total = 0.0
    here = os.getcwd()
    for at, path in enumerate(args.paths):
        _tree_at[0] = at
        select = ["--select", args.select] if args.select else []
        sys.argv = ["flask-codemod", "apply", "--dry-run", "-j", "1", "--no-cache", *select, "."]
        os.chdir(path)
        start = _clock()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                cli_main()
            except SystemExit:
                pass
        total += _clock() - start
        os.chdir(here)
    floor = _floor([os.path.abspath(path) for path in args.paths]) if args.floor else None

    def ratio(spent: float) -> str:
        return f"  {spent / floor:6.3f} x" if floor else ""

    if floor:
        print(f"floor: LibCST's parse of the same files {floor:.2f} s CPU")
    print(f"CPU {total:.2f} s in all ({len(args.paths)} trees){ratio(total)}")
    codemod = sum(spent for label, spent in _own.items() if not label.startswith("stdlib parse"))
    print(f"http-timeout's gate and transform with what they asked (stdlib parses apart): {codemod:.2f} s{ratio(codemod)}")
    for label in ("codemod http-timeout (the rest of its transform)", "gate http-timeout.applies_to_tree"):
        print(f"  {label.split(' (')[0]}, inclusive: {_inclusive[label]:.2f} s{ratio(_inclusive[label])}")
    print("\nown time (calls):")
    for label, spent in sorted(_own.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {spent:7.2f} s{ratio(spent)}  {label}  ({_calls[label]})")
    again = sum(count - 1 for count in _parses_of.values())
    print(
        f"\nstdlib parses (no tree kept): {sum(_parses_of.values())} of {len(_parses_of)} texts"
        f" (per tree; {again} of them a text's second or later parse in its tree), by asker:"
    )
    for label, count in sorted(_parses_by.items(), key=lambda item: -item[1]):
        print(f"  {count:7d}  {label}")
    print("\nproject derivations, inclusive:")
    for label, spent in sorted(_inclusive.items(), key=lambda item: -item[1]):
        if label.startswith(("project", "routes")):
            print(f"  {spent:7.2f} s{ratio(spent)}  {label}  ({_calls[label]})")


def _floor(paths: list[str]) -> float:
    """LibCST's parse of the files ``apply`` reads in ``paths`` (its own discovery), CPU; the
    texts read before the clock starts."""
    import libcst

    from flask_codemod import sources
    from flask_codemod.discover import discover

    texts = []
    for path in discover(paths).files:
        try:
            texts.append(sources.read_source(path).text)
        except sources.SourceError:
            pass
    start = _clock()
    for text in texts:
        try:
            libcst.parse_module(text)
        except Exception:
            pass
    return _clock() - start


if __name__ == "__main__":
    main()
