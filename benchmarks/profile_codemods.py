"""Where the time goes, per codemod, and how exact each prefilter is.

    .venv/bin/python benchmarks/profile_codemods.py PATH... [--limit N]
    .venv/bin/python benchmarks/profile_codemods.py --realworld   # the apps of benchmarks/realworld/
    .venv/bin/python benchmarks/profile_codemods.py --realworld --workdir DIR --only cache-views --no-chain
    .venv/bin/python benchmarks/profile_codemods.py --realworld --app flask-heroku --app redash   # these apps only

For every file under PATH (as `flask-codemod apply` discovers them) and every codemod whose
prefilters accept it (three stages, as the engine asks them: ``applies_to_file`` on the text,
``applies_to_tree`` on the AST of the compile gate, then ``applies_to_project`` with the file's
Context, which may read the project's other files; asked within one pass over the files, as
a run asks them, with each codemod's project-stage CPU in the "proj s" column), the codemod is run ALONE through the
engine's pure core (transform_text: parse, metadata, transform, render, safety net) and
timed, and its output is looked at: did it change the file, report a finding or ask for a
project edit? A file a codemod accepts but produces nothing for is "parsed in vain": its
prefilter could have said no. With ``--lost``, the files the text stage accepted and the tree
or project stage rejected are run too (gates forced open): any output there is LOST (must be 0; see
benchmarks/check_prefilters.py for the full check, every codemod on every file). Then all
codemods run chained, as the engine does, counting how many files reach LibCST, how many
MetadataWrappers are built per file (one per distinct tree: a codemod that changes nothing
must return the ORIGINAL module so the next one reuses the metadata), and how long the
prefilters and the CPython compile gate take. Ratios are to LibCST's parse time of the same
files.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from collections import defaultdict


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--realworld", action="store_true", help="the laid-out apps of benchmarks/realworld/ (as run.py)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument(
        "--lost", action="store_true", help="also run each codemod (gates open) on the files its tree stage rejects"
    )
    parser.add_argument(
        "--vain", action="append", default=[], metavar="CODEMOD", help="list every file CODEMOD parses in vain (repeatable)"
    )
    parser.add_argument(
        "--workdir", default=None, help="with --realworld: where the apps are laid out (as run.py's --workdir)"
    )
    parser.add_argument(
        "--app", action="append", default=[], metavar="NAME",
        help="with --realworld: only this app of benchmarks/realworld/apps.tsv (repeatable; the others are not laid out)",
    )
    parser.add_argument("--mirrors", default=None, help="with --realworld: the mirror root (default: benchmarks/realworld's)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="CODEMOD",
        help="profile only CODEMOD (repeatable); the chained run then runs only these too",
    )
    parser.add_argument("--no-chain", action="store_true", help="leave out the run of all codemods chained")
    parser.add_argument(
        "--no-floor", action="store_true",
        help="leave out LibCST's parse of every file (the ratios' floor): the counts alone, on a large corpus under load",
    )
    args = parser.parse_args()
    roots = list(args.paths)
    if args.realworld:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from realworld_corpus import DEFAULT_MIRRORS, app_targets, unknown_apps

        unknown = unknown_apps(args.app)
        if unknown:
            parser.error(f"unknown app in --app: {', '.join(unknown)}")
        targets, problems = app_targets(args.workdir, args.mirrors or DEFAULT_MIRRORS, args.app or None)
        for problem in problems:
            print(f"app left out: {problem}")
        roots += [root for _, root in targets]
    if not roots:
        parser.error("give PATH... or --realworld")
    if args.app and not args.realworld:
        parser.error("--app needs --realworld")
    base = os.path.commonpath([os.path.abspath(root) for root in roots])

    import libcst as cst
    import libcst.metadata as metadata_module

    from flask_codemod import compile_gate, engine, pipeline, sources
    from flask_codemod.codemods import Context, all_codemods
    from flask_codemod.discover import discover
    from flask_codemod.paths import project_root, relative_to

    files = list(discover(roots).files)
    if args.limit:
        files = files[: args.limit]
    texts = {}
    for path in files:
        try:
            texts[path] = sources.read_source(path).text
        except sources.SourceError:
            pass
    codemods = [c() for c in all_codemods() if not args.only or c.NAME in args.only]
    if args.only and len(codemods) != len(set(args.only)):
        parser.error(f"unknown codemod in --only: {', '.join(sorted(set(args.only) - {c.NAME for c in codemods}))}")
    # what the pipeline gives the codemods: the path relative to the project root, and a
    # reader of the siblings and of the project's listing
    seen_as = {path: relative_to(path, project_root(path)) for path in texts}
    # and the Flask version each file must run on, from its project's requirements (as a run
    # finds it): gates and codemods that know the target answer for it
    try:
        from flask_codemod.target import TargetFinder

        finder = TargetFinder()
        target_of = {path: finder.for_file(path) for path in texts}
    except ImportError:  # a version without targets
        target_of = {path: None for path in texts}

    parse_s = 0.0
    for text in texts.values() if not args.no_floor else ():
        started = time.perf_counter()
        try:
            cst.parse_module(text)
        except Exception:
            pass
        parse_s += time.perf_counter() - started
    if args.no_floor:
        parse_s = float("nan")  # every ratio to it printed as nan
    gate_s = 0.0
    for text in texts.values() if not args.no_floor else ():
        started = time.perf_counter()
        try:
            compile(text, "<gate>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:
            pass
        gate_s += time.perf_counter() - started

    def opened(codemod):
        """The codemod with its prefilters forced open (to see what a rejection would lose)."""
        cls = type(codemod)
        members = {
            "applies_to": lambda self, source: True,
            "applies_to_file": lambda self, source, path: True,
            "applies_to_tree": lambda self, tree, path: True,
            "applies_to_project": lambda self, tree, ctx: True,
        }
        return type(f"Open{cls.__name__}", (cls,), members)()

    # the prefilters, timed: text stage for every file, tree stage for what it accepted; as
    # the engine asks them, only for the codemods that act on the file's kind of code (a
    # cleanup codemod is never run on tests: its gates are not asked, nothing is parsed)
    text_s = tree_s = project_s = 0.0
    project_gate_s: dict[str, float] = defaultdict(float)  # per codemod, CPU
    stages: dict[str, dict[str, tuple[bool, bool]]] = {}
    try:  # one pass over the files, as a run makes (each listing checked, each file stat'ed once)
        from flask_codemod.pass_stats import one_pass
    except ImportError:  # a version without passes
        from contextlib import nullcontext as one_pass
    by_tree = defaultdict(int)  # files the text and tree stages accepted, per codemod
    not_compiling = 0
    with one_pass():
        for path, text in texts.items():
            started = time.perf_counter()
            where = seen_as[path]
            first = {
                codemod.NAME: codemod.acts_on_path(where, text) and bool(codemod.applies_to_file(text, where)) for codemod in codemods
            }
            text_s += time.perf_counter() - started
            tree = None
            if any(first.values()):
                tree, problem = compile_gate.python_tree(text, path)
                not_compiling += problem is not None
            started = time.perf_counter()
            stages[path] = {
                codemod.NAME: (first[codemod.NAME], first[codemod.NAME] and tree is not None and engine._wants_tree(codemod, tree, where))
                for codemod in codemods
            }
            tree_s += time.perf_counter() - started
            # the project stage, for what the first two let through (with the file's Context)
            started = time.perf_counter()
            ctx = Context(where, None, pipeline.project_reader(path), target_of[path])
            for codemod in codemods:
                stage1, both = stages[path][codemod.NAME]
                by_tree[codemod.NAME] += both
                cpu = time.process_time()
                stages[path][codemod.NAME] = (stage1, both and engine.wants_project(codemod, tree, ctx))
                project_gate_s[codemod.NAME] += time.process_time() - cpu
            project_s += time.perf_counter() - started

    text_accepted = defaultdict(int)
    lost: dict[str, list[str]] = defaultdict(list)
    accepted = defaultdict(int)
    useful = defaultdict(int)
    seconds = defaultdict(float)
    vain_seconds = defaultdict(float)
    vain_examples: dict[str, list[str]] = defaultdict(list)
    for path, text in texts.items():
        reader, where = pipeline.project_reader(path), seen_as[path]
        for codemod in codemods:
            stage1, both = stages[path][codemod.NAME]
            text_accepted[codemod.NAME] += stage1
            if stage1 and not both and args.lost:
                result = engine.transform_text(text, [opened(codemod)], path=where, read_file=reader, target_version=target_of[path])
                if result.new_text != text or result.findings or result.project_edits:
                    lost[codemod.NAME].append(os.path.relpath(path, base))
            if not both:
                continue
            accepted[codemod.NAME] += 1
            started = time.perf_counter()
            result = engine.transform_text(text, [codemod], path=where, read_file=reader, target_version=target_of[path])
            spent = time.perf_counter() - started
            seconds[codemod.NAME] += spent
            if result.new_text != text or result.findings or result.project_edits or result.error:
                useful[codemod.NAME] += 1
            else:
                vain_seconds[codemod.NAME] += spent
                if len(vain_examples[codemod.NAME]) < 3 or codemod.NAME in args.vain:
                    vain_examples[codemod.NAME].append(os.path.relpath(path, base))

    # chained, as the engine runs them: wrappers built per file
    built = [0]
    original_init = metadata_module.MetadataWrapper.__init__

    def counting_init(self, *a, **k):
        built[0] += 1
        original_init(self, *a, **k)

    metadata_module.MetadataWrapper.__init__ = counting_init
    per_file = []
    chain_s = 0.0
    for path, text in texts.items() if not args.no_chain else ():
        built[0] = 0
        started = time.perf_counter()
        result = engine.transform_text(
            text, codemods, path=seen_as[path], read_file=pipeline.project_reader(path), target_version=target_of[path]
        )
        chain_s += time.perf_counter() - started
        if result.parsed:
            per_file.append((built[0], sum(both for _, both in stages[path].values()), result.new_text != text))
    metadata_module.MetadataWrapper.__init__ = original_init

    n = len(texts)
    reached_text = sum(1 for path in texts if any(first for first, _ in stages[path].values()))
    print(f"{n} files, LibCST parse {parse_s:.2f}s; CPython compile gate {gate_s:.2f}s = {gate_s / parse_s:.3f} x parse")
    print(
        f"prefilters: text stage {text_s:.2f}s = {text_s / parse_s:.3f} x parse (every file), tree stage "
        f"{tree_s:.2f}s = {tree_s / parse_s:.3f} x parse ({reached_text} files the text stage let through, "
        f"{not_compiling} of them not compiling), project stage {project_s:.2f}s = {project_s / parse_s:.3f} x parse (CPU per codemod: proj s)"
    )
    if not args.no_chain:
        print(f"all codemods chained (engine core, one process): {chain_s:.2f}s = {chain_s / parse_s:.2f} x parse ({len(per_file)} files parsed)")
    print()
    print(
        f"{'codemod':16} {'text':>5} {'tree':>5} {'proj s':>6} {'accepts':>7} {'output':>6} {'in vain':>7} {'alone s':>8} {'x parse':>8} {'vain s':>7} {'vain %':>6}"
        f"{' LOST' if args.lost else ''}  vain examples"
    )
    for codemod in codemods:
        name = codemod.NAME
        vain = accepted[name] - useful[name]
        print(
            f"{name:16} {text_accepted[name]:5} {by_tree[name]:5} {project_gate_s[name]:6.2f} {accepted[name]:7} {useful[name]:6} {vain:7} {seconds[name]:8.2f} "
            f"{seconds[name] / parse_s:8.2f} {vain_seconds[name]:7.2f} {100 * vain / max(1, accepted[name]):5.0f}%"
            f"{f' {len(lost[name]):4}' if args.lost else ''}  {', '.join(vain_examples[name][:3])}"
        )
    over = [c.NAME for c in codemods if 4 * (accepted[c.NAME] - useful[c.NAME]) > accepted[c.NAME]]
    print(f"codemods parsing more than 1 file in 4 in vain: {', '.join(over) or 'none'}")
    for name in args.vain:
        print(f"in vain {name}: {len(vain_examples[name])} files")
        for path in vain_examples[name]:
            print(f"    {path}")
    for name, paths in lost.items():
        if paths:
            print(f"LOST {name}: {', '.join(paths)}")
    if per_file:
        unchanged = [w for w, _, changed in per_file if not changed]
        changed = [(w, k) for w, k, c in per_file if c]
        print()
        print(
            f"MetadataWrappers built per parsed file: unchanged files {sum(unchanged) / max(1, len(unchanged)):.2f} "
            f"(max {max(unchanged, default=0)}; 1 = shared by every codemod), "
            f"changed files {sum(w for w, _ in changed) / max(1, len(changed)):.2f} "
            f"for {sum(k for _, k in changed) / max(1, len(changed)):.2f} codemods accepting them"
        )


if __name__ == "__main__":
    sys.exit(main())
