"""Where the time goes, per codemod, and how exact each prefilter is.

    .venv/bin/python benchmarks/profile_codemods.py PATH... [--limit N]
    .venv/bin/python benchmarks/profile_codemods.py --realworld   # the apps of benchmarks/realworld/
    .venv/bin/python benchmarks/profile_codemods.py --realworld --workdir DIR --only cache-views --no-chain
    .venv/bin/python benchmarks/profile_codemods.py --realworld --app flask-heroku --app redash   # these apps only
    .venv/bin/python benchmarks/profile_codemods.py --realworld --workdir /tmp/ledger-main --no-floor --no-chain \
        --files-out /tmp/gates.tsv   # the whole corpus's counts, one row per accepted file as it goes

The files are taken one at a time, as a run takes them, and nothing of a file is kept once
it is done: each PATH (with ``--realworld``, each app) is one repository of a batch, processed
as ``flask-codemod apply`` processes it (its files discovered as the command line discovers
them, in one pass: each folder's project found once, each listing checked once, the codemods'
project answers kept for the next file; each file gets its project's target version from the
repository's own TargetFinder), and what was kept of it is dropped before the next one
(``forget_projects``, as a batch does between repositories).

For every file and every codemod whose prefilters accept it (three stages, as the engine asks
them: ``applies_to_file`` on the text, ``applies_to_tree`` on the AST of the compile gate,
then ``applies_to_project`` with the file's Context, which may read the project's other files;
each codemod's project-stage CPU in the "proj s" column), the codemod is run ALONE through the
engine's pure core (transform_text: parse, metadata, transform, render, safety net) and timed,
and its output is looked at: did it change the file, report a finding or ask for a project
edit? A file a codemod accepts but produces nothing for is "parsed in vain": its prefilter
could have said no. With ``--lost``, the files the text stage accepted and the tree or project
stage rejected are run too (gates forced open): any output there is LOST (must be 0; see
benchmarks/check_prefilters.py for the full check, every codemod on every file). Then all
codemods run chained on the file, as the engine does, counting how many files reach LibCST,
how many MetadataWrappers are built per file (one per distinct tree: a codemod that changes
nothing must return the ORIGINAL module so the next one reuses the metadata), and how long
the prefilters and the CPython compile gate take. Ratios are to LibCST's parse time of the
same files (``--no-floor``: not measured, every ratio nan).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from profile_tally import Tally, print_tally  # noqa: E402


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
    parser.add_argument(
        "--files-out", default=None, metavar="FILE",
        help="append a row per file a codemod's text gate accepts, as it goes: codemod, what came of it (output, vain, "
        "turned away by the tree or project gate, LOST), seconds, path",
    )
    args = parser.parse_args()
    roots = list(args.paths)
    if args.app and not args.realworld:
        parser.error("--app needs --realworld")
    if args.realworld:
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

    from flask_codemod.codemods import all_codemods

    codemods = [c() for c in all_codemods() if not args.only or c.NAME in args.only]
    if args.only and len(codemods) != len(set(args.only)):
        parser.error(f"unknown codemod in --only: {', '.join(sorted(set(args.only) - {c.NAME for c in codemods}))}")
    tally = Tally([c.NAME for c in codemods], floor=not args.no_floor, chain=not args.no_chain, vain_listed=args.vain)
    tally.base = os.path.commonpath([os.path.abspath(root) for root in roots])
    rows = open(args.files_out, "a", buffering=1, encoding="utf-8") if args.files_out else None
    profiler = FileProfiler(codemods, tally, lost=args.lost, rows=rows)
    started = time.perf_counter()
    try:
        for number, root in enumerate(roots, 1):
            left = args.limit - tally.files if args.limit else None
            if left is not None and left <= 0:
                break
            profiler.repository(root, left)
            print(
                f"[{number}/{len(roots)}] {os.path.relpath(root, tally.base) if root != tally.base else root}: {tally.files} files so far, "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr, flush=True,
            )
    finally:
        if rows is not None:
            rows.close()
    print_tally(tally, codemods, lost=args.lost)


class FileProfiler:
    """Profiles one file at a time, each repository in one pass (as a run makes it)."""

    def __init__(self, codemods, tally: Tally, *, lost: bool, rows) -> None:
        import libcst.metadata as metadata_module

        self.codemods = codemods
        self.tally = tally
        self.lost = lost
        self.rows = rows
        self.wrappers = [0]  # MetadataWrappers built for the file being chained
        original_init = metadata_module.MetadataWrapper.__init__
        counter = self.wrappers

        def counting_init(wrapper, *a, **k):
            counter[0] += 1
            original_init(wrapper, *a, **k)

        metadata_module.MetadataWrapper.__init__ = counting_init  # counts only: behaves as before
        self.parses: list[tuple[int, float]] = []  # LibCST's parses of whole texts: (hash of the text, CPU)
        _count_parses(self.parses)
        self.read: dict[str, set[int]] = {}  # per codemod, the texts its runs parsed in this repository
        self._opened = {c.NAME: opened(c) for c in codemods}

    def repository(self, root: str, limit: int | None) -> None:
        """Every file of ``root`` (a repository of a batch), then forget what was kept of it."""
        from flask_codemod.cache import one_run
        from flask_codemod.discover import discover
        from flask_codemod.paths import project_roots_remembered
        from flask_codemod.projects_kept import forget_projects
        from flask_codemod.target import TargetFinder

        self.read = {c.NAME: set() for c in self.codemods}  # (a repository's kept trees are dropped after it)
        try:
            with project_roots_remembered(), one_run():
                files = discover([root]).files
                finder = TargetFinder()  # a run's own: each project's target found once
                for path in files[:limit] if limit is not None else files:
                    self.file(path, finder)
        finally:
            forget_projects()

    def file(self, path: str, finder) -> None:
        import ast

        import libcst as cst

        from flask_codemod import compile_gate, engine, pipeline, sources
        from flask_codemod.codemods import Context
        from flask_codemod.paths import project_root, relative_to

        try:
            text = sources.read_source(path).text
        except sources.SourceError:
            return
        tally = self.tally
        tally.files += 1
        if tally.floor:
            started = time.perf_counter()
            try:
                cst.parse_module(text)
            except Exception:
                pass
            tally.parse_s += time.perf_counter() - started
            started = time.perf_counter()
            try:
                compile(text, "<gate>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
            except Exception:
                pass
            tally.gate_s += time.perf_counter() - started
        # what the pipeline gives the codemods: the path relative to the project root, a reader
        # of the siblings and of the project's listing, and the Flask version the file must run
        # on (gates and codemods that know the target answer for it)
        where = relative_to(path, project_root(path))
        target = finder.for_file(path)
        reader = pipeline.project_reader(path)
        started = time.perf_counter()
        first = {c.NAME: c.acts_on_path(where, text) and bool(c.applies_to_file(text, where)) for c in self.codemods}
        tally.text_s += time.perf_counter() - started
        tree = None
        if any(first.values()):
            tally.reached_text += 1
            tree, problem = compile_gate.python_tree(text, path)
            tally.not_compiling += problem is not None
        started = time.perf_counter()
        second = {c.NAME: first[c.NAME] and tree is not None and engine._wants_tree(c, tree, where) for c in self.codemods}
        tally.tree_s += time.perf_counter() - started
        started = time.perf_counter()
        ctx = Context(where, None, reader, target)
        accepted = {}
        for codemod in self.codemods:
            name = codemod.NAME
            cpu = time.process_time()
            accepted[name] = second[name] and bool(engine.wants_project(codemod, tree, ctx))
            tally.project_gate_s[name] += time.process_time() - cpu
        tally.project_s += time.perf_counter() - started

        shown = os.path.relpath(path, tally.base)
        for codemod in self.codemods:
            name = codemod.NAME
            tally.text_accepted[name] += first[name]
            tally.by_tree[name] += second[name]
            if first[name] and not accepted[name]:
                lost = False
                if self.lost:
                    result = engine.transform_text(text, [self._opened[name]], path=where, read_file=reader, target_version=target)
                    lost = bool(result.new_text != text or result.findings or result.project_edits)
                    if lost:
                        tally.lost[name].append(shown)
                self._row(name, "LOST" if lost else "turned away by the project gate" if second[name] else "turned away by the tree gate", 0.0, path)
            if not accepted[name]:
                continue
            tally.accepted[name] += 1
            started, cpu, parses = time.perf_counter(), time.process_time(), len(self.parses)
            result = engine.transform_text(text, [codemod], path=where, read_file=reader, target_version=target)
            spent = time.perf_counter() - started
            tally.seconds[name] += spent
            tally.cpu[name] += time.process_time() - cpu
            for key, parse_cpu in self.parses[parses:]:
                if key in self.read[name]:  # a text it parsed before in this repository: analysis, not reading
                    tally.again_parses[name] += 1
                    tally.again_parse_cpu[name] += parse_cpu
                else:
                    self.read[name].add(key)
                    tally.read_parses[name] += 1
                    tally.read_parse_cpu[name] += parse_cpu
            del self.parses[:]
            if result.new_text != text or result.findings or result.project_edits or result.error:
                tally.useful[name] += 1
                self._row(name, "output", spent, path)
            else:
                tally.vain_seconds[name] += spent
                if len(tally.vain_examples[name]) < 3 or name in tally.vain_listed:
                    tally.vain_examples[name].append(shown)
                self._row(name, "vain", spent, path)

        if tally.chain:  # chained, as the engine runs them: wrappers built per file
            self.wrappers[0] = 0
            started = time.perf_counter()
            result = engine.transform_text(text, self.codemods, path=where, read_file=reader, target_version=target)
            tally.chain_s += time.perf_counter() - started
            if result.parsed:
                tally.per_file.append((self.wrappers[0], sum(accepted.values()), result.new_text != text))

    def _row(self, name: str, verdict: str, seconds: float, path: str) -> None:
        if self.rows is not None:
            self.rows.write(f"{name}\t{verdict}\t{seconds:.3f}\t{path}\n")


def _count_parses(counts: list) -> None:
    """Log LibCST's parses into ``counts``, each as (hash of the text, CPU): the engine's of
    the file and those of the project's other modules (``_parsed_modules``), both through
    ``libcst.parse_module`` (a rewrite's parse of a few lines too; not a text of ``APART_CHARS``
    or more, parsed in a process of its own). Counts only: behaves as before."""
    import libcst

    def counted(parse):
        def parse_counted(text, *args, **kwargs):
            cpu = time.process_time()
            try:
                return parse(text, *args, **kwargs)
            finally:
                counts.append((hash(text), time.process_time() - cpu))


        return parse_counted

    libcst.parse_module = counted(libcst.parse_module)


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


if __name__ == "__main__":
    sys.exit(main())
