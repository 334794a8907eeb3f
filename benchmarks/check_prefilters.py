"""Do the codemods' prefilters ever skip a file the codemod would act on? (LOST must be 0.)

    .venv/bin/python benchmarks/check_prefilters.py PATH [PATH ...] [--codemod NAME] [--verbose]

For every Python file under the PATHs (as `flask-codemod apply` discovers them) that CPython
compiles, every codemod is run ALONE on the file with its prefilters forced open: the file
is parsed once by LibCST, and each codemod transforms that tree (codemods are pure and
LibCST trees immutable, so each sees the original). Its output is what the engine reports:
a changed text, findings, project edits (or an exception, counted apart). Then the gates are
asked: ``applies_to_file(text, path)`` (stage 1), ``applies_to_tree(ast, path)`` (stage 2) and
``applies_to_project(ctx)`` (stage 3, reading the project's other files as the pipeline lets
it). A file with output that a gate rejects is LOST. A file every stage accepts without output
is parsed in vain.

Slow by design (every codemod on every file, metadata included): a correctness check, not
a benchmark.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--codemod", action="append", default=[], help="only this codemod (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="list every file parsed in vain")
    args = parser.parse_args()

    import libcst as cst

    from flask_codemod import compile_gate, engine, pipeline, sources
    from flask_codemod.codemods import Context, all_codemods
    from flask_codemod.discover import discover
    from flask_codemod.paths import project_root, relative_to

    codemods = [c() for c in all_codemods() if not args.codemod or c.NAME in args.codemod]
    files = list(discover(args.paths).files)
    stats: dict[str, dict[str, int]] = {c.NAME: defaultdict(int) for c in codemods}
    lost: dict[str, list[str]] = defaultdict(list)
    vain: dict[str, list[str]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    skipped = {"unreadable": 0, "does not compile": 0, "LibCST cannot parse": 0}
    reached_before = reached_after = checked = 0
    started = time.perf_counter()
    for path in files:
        try:
            text = sources.read_source(path).text
        except sources.SourceError:
            skipped["unreadable"] += 1
            continue
        tree, problem = compile_gate.python_tree(text, path)
        if problem is not None:
            skipped["does not compile"] += 1
            continue
        try:
            module = cst.parse_module(text)
        except Exception:
            skipped["LibCST cannot parse"] += 1
            continue
        checked += 1
        seen_as = relative_to(path, project_root(path))  # what the pipeline gives the codemods
        ctx = Context(seen_as, None, pipeline.project_reader(path))
        ctx.trust_unique_nodes(module)
        any_text = any_both = False
        for codemod in codemods:
            name = codemod.NAME
            stage1 = bool(codemod.applies_to_file(text, seen_as))
            stage2 = stage1 and engine._wants_tree(codemod, tree, seen_as)
            stage3 = stage2 and engine.wants_project(codemod, tree, Context(seen_as, None, pipeline.project_reader(path)))
            any_text |= stage1
            any_both |= stage3
            ctx.codemod = codemod
            findings, edits = len(ctx.findings), len(ctx.project_edits)
            try:
                result = codemod.transform(module, ctx)
                changed = result is not module and result.code != module.code
                failed = False
            except Exception as error:  # reported by the engine as an error for this file
                changed, failed = False, True
                errors[name].append(f"{path}: {type(error).__name__}: {error}")
            output = changed or len(ctx.findings) > findings or len(ctx.project_edits) > edits
            counts = stats[name]
            counts["stage 1"] += stage1
            counts["stages 1-2"] += stage2
            counts["all"] += stage3
            counts["output"] += output
            counts["error"] += failed
            if output and not stage3:
                counts["LOST"] += 1
                counts["LOST by stage 1" if not stage1 else "LOST by stage 2" if not stage2 else "LOST by stage 3"] += 1
                lost[name].append(path)
            if stage3 and not output and not failed:
                counts["in vain"] += 1
                vain[name].append(path)
        reached_before += any_text
        reached_after += any_both
    seconds = time.perf_counter() - started

    print(f"{checked} files checked ({len(files)} found; skipped: {skipped}) in {seconds:.0f}s")
    print(f"files LibCST parses: {reached_before} with stage 1 alone, {reached_after} with every stage")
    print()
    header = ("stage 1", "stages 1-2", "all", "output", "in vain", "LOST", "LOST by stage 1", "LOST by stage 2", "LOST by stage 3", "error")
    print(f"{'codemod':16}" + "".join(f"{h:>16}" for h in header))
    for codemod in codemods:
        counts = stats[codemod.NAME]
        print(f"{codemod.NAME:16}" + "".join(f"{counts[h]:16}" for h in header))
    for name, paths in lost.items():
        print(f"\nLOST {name}:")
        for path in paths:
            print(f"  {path}")
    for name, lines in errors.items():
        print(f"\nexceptions in {name} (the engine reports them whether or not a gate lets the file in):")
        for line in lines[:10]:
            print(f"  {line}")
    if args.verbose:
        for name, paths in vain.items():
            print(f"\nin vain {name}:")
            for path in paths:
                print(f"  {path}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
