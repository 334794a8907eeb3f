"""Where the time goes, per codemod, and how exact each prefilter is.

    .venv/bin/python benchmarks/profile_codemods.py PATH [--limit N]

For every file under PATH (as `flask-codemod apply` discovers them) and every codemod whose
``applies_to`` accepts it, the codemod is run ALONE through the engine's pure core
(transform_text: parse, metadata, transform, render, safety net) and timed, and its output is
looked at: did it change the file, report a finding or ask for a project edit? A file a
codemod accepts but produces nothing for is "parsed in vain": its prefilter could have said
no. Then all codemods run chained, as the engine does, counting how many MetadataWrappers
are built per file (one per distinct tree: a codemod that changes nothing must return the
ORIGINAL module so the next one reuses the metadata) and how long the CPython compile gate
takes. Ratios are to LibCST's parse time of the same files.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from collections import defaultdict


# Prefilters proposed to the codemods' authors (see the report): each must accept every file
# its codemod produces anything for. --proposed measures them: files accepted, and LOST = files
# the codemod produces output for that the proposal would skip (must be 0).
import re

_IMPORTS_HTTP = re.compile(r"^[ \t]*(?:from|import)[ \t][^\n]*\b(?:requests|httpx|urllib)\b", re.M)
_MODULE_LEVEL_CREATOR = re.compile(
    r"^[A-Za-z_][\w.]*[ \t]*(?::[^=\n]*)?=[^=\n][^\n]*\b(?:open|connect|Executor|create_engine)\(", re.M
)
_RUN_DEBUG = re.compile(r"\brun\([^)]*\bdebug\s*=")
_CONFIG_CLASS = re.compile(r"^[ \t]*class[ \t]+\w*(?:Config|Settings)\b", re.M)


def _flask(source: str) -> bool:
    return "flask" in source or "Flask" in source


PROPOSED = {
    # a Flask app, a config class, or UPPER_CASE constants in a config module (by path: needs
    # the path, which applies_to does not get today; approximated by any module-level
    # UPPER_CASE assignment when the path is unknown)
    "dotenv-config": lambda source, old: old(source)
    and (
        _flask(source)
        or "from_object" in source
        or bool(_CONFIG_CLASS.search(source))
        or bool(_RUN_DEBUG.search(source))  # app.run(debug=True) on an app from a factory
    ),
    # a Flask application object must be created in the module
    "gunicorn-config": lambda source, old: old(source) and "Flask" in source and "flask" in source,
    # an import of the HTTP libraries it knows, not the word "requests" in a docstring
    "http-timeout": lambda source, old: old(source) and bool(_IMPORTS_HTTP.search(source)),
    # a module-level assignment whose line calls a creator
    "atexit-cleanup": lambda source, old: old(source) and bool(_MODULE_LEVEL_CREATOR.search(source)),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--proposed", action="store_true", help="also evaluate the proposed prefilters")
    args = parser.parse_args()

    import libcst as cst
    import libcst.metadata as metadata_module

    from flask_codemod import engine
    from flask_codemod import io as source_io
    from flask_codemod.codemods import all_codemods
    from flask_codemod.discover import discover

    files = list(discover([args.path]).files)
    if args.limit:
        files = files[: args.limit]
    texts = {}
    for path in files:
        try:
            texts[path] = source_io.read_source(path).text
        except source_io.SourceError:
            pass
    codemods = [c() for c in all_codemods()]

    parse_s = 0.0
    for text in texts.values():
        started = time.perf_counter()
        try:
            cst.parse_module(text)
        except Exception:
            pass
        parse_s += time.perf_counter() - started
    gate_s = 0.0
    for text in texts.values():
        started = time.perf_counter()
        try:
            compile(text, "<gate>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:
            pass
        gate_s += time.perf_counter() - started

    proposed_accepts = defaultdict(int)
    lost: dict[str, list[str]] = defaultdict(list)
    accepted = defaultdict(int)
    useful = defaultdict(int)
    seconds = defaultdict(float)
    vain_seconds = defaultdict(float)
    vain_examples: dict[str, list[str]] = defaultdict(list)
    for path, text in texts.items():
        reader = engine.sibling_reader(path)
        for codemod in codemods:
            if not codemod.applies_to(text):
                continue
            accepted[codemod.NAME] += 1
            started = time.perf_counter()
            result = engine.transform_text(text, [codemod], path=path, read_file=reader)
            spent = time.perf_counter() - started
            seconds[codemod.NAME] += spent
            proposal = PROPOSED.get(codemod.NAME)
            keeps = proposal(text, codemod.applies_to) if proposal else True
            proposed_accepts[codemod.NAME] += keeps
            if result.new_text != text or result.findings or result.project_edits or result.error:
                useful[codemod.NAME] += 1
                if not keeps:
                    lost[codemod.NAME].append(os.path.relpath(path, args.path))
            else:
                vain_seconds[codemod.NAME] += spent
                if len(vain_examples[codemod.NAME]) < 3:
                    vain_examples[codemod.NAME].append(os.path.relpath(path, args.path))

    # chained, as the engine runs them: wrappers built per file
    built = [0]
    original_init = metadata_module.MetadataWrapper.__init__

    def counting_init(self, *a, **k):
        built[0] += 1
        original_init(self, *a, **k)

    metadata_module.MetadataWrapper.__init__ = counting_init
    per_file = []
    chain_s = 0.0
    for path, text in texts.items():
        built[0] = 0
        started = time.perf_counter()
        result = engine.transform_text(text, codemods, path=path, read_file=engine.sibling_reader(path))
        chain_s += time.perf_counter() - started
        if result.parsed:
            per_file.append((built[0], sum(1 for c in codemods if c.applies_to(text)), result.new_text != text))
    metadata_module.MetadataWrapper.__init__ = original_init

    n = len(texts)
    print(f"{n} files, LibCST parse {parse_s:.2f}s; CPython compile gate {gate_s:.2f}s = {gate_s / parse_s:.3f} x parse")
    print(f"all codemods chained (engine core, one process): {chain_s:.2f}s = {chain_s / parse_s:.2f} x parse ({len(per_file)} files parsed)")
    print()
    print(f"{'codemod':16} {'accepts':>7} {'output':>6} {'in vain':>7} {'alone s':>8} {'x parse':>8} {'vain s':>7}  vain examples")
    for codemod in codemods:
        name = codemod.NAME
        vain = accepted[name] - useful[name]
        print(
            f"{name:16} {accepted[name]:7} {useful[name]:6} {vain:7} {seconds[name]:8.2f} "
            f"{seconds[name] / parse_s:8.2f} {vain_seconds[name]:7.2f}  {', '.join(vain_examples[name])}"
        )
    if args.proposed:
        print()
        print(f"{'proposed prefilter':18} {'accepts':>7} {'was':>5} {'LOST':>5}  (LOST must be 0)")
        for name in PROPOSED:
            print(f"{name:18} {proposed_accepts[name]:7} {accepted[name]:5} {len(lost[name]):5}  {', '.join(lost[name][:3])}")
        # the engine chain again, with the proposals in place of the codemods' applies_to
        for codemod in codemods:
            proposal = PROPOSED.get(codemod.NAME)
            if proposal is not None:
                original = codemod.applies_to
                codemod.applies_to = lambda source, _p=proposal, _o=original: _p(source, _o)
        started = time.perf_counter()
        parsed = 0
        for path, text in texts.items():
            parsed += engine.transform_text(text, codemods, path=path, read_file=engine.sibling_reader(path)).parsed
        proposed_s = time.perf_counter() - started
        print(
            f"all codemods chained with the proposed prefilters: {proposed_s:.2f}s = {proposed_s / parse_s:.2f} x parse "
            f"({parsed} files parsed)"
        )
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
