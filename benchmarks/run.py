"""flask-codemod speed, measured against LibCST's own parse time on the same files.

    .venv/bin/python benchmarks/run.py                    # real-world apps + generated Flask corpus
    .venv/bin/python benchmarks/run.py --app redash       # only these apps (repeatable)
    .venv/bin/python benchmarks/run.py --tree ~/src/app --skip-flask   # your own apps instead
    .venv/bin/python benchmarks/run.py --skip-apps --flask-files 200 --json out.json

Corpora: "realworld" is every app of benchmarks/realworld/apps.tsv, laid out by
benchmarks/realworld/layout.py from the mirrors (see its README), all in one batch run of the
tool, and each app also alone; "flask" is written by generate_flask_corpus.py (every file
parsed and rewritten). For each corpus, in one run on the same files:

  (a) floor      LibCST parse-only of every file, one process (files read beforehand):
                 the figure every ratio is quoted against (per app: its own files' share);
  (b) -j 1       `flask-codemod apply --dry-run --no-cache -j 1` (default codemods);
  (c) -j 2       the same with 2 workers, cache cleared first: a cold run that fills the cache;
  (d) warm       (c) again on the unchanged tree: the result cache answers;
  (e) memory     peak resident memory of the largest worker (and of the main process) in (c);
  (g) peer       LibCST's own codemod CLI, `python -m libcst.tool codemod` with the no-op
                 codemod of noop_codemod.py, -j 2, on the same files;
  (h) per app    (b) on each app alone, against that app's floor: the worst app's ratio, as
                 measured and net of the start-up of the same command on an almost empty tree
                 (Python's and the tool's, which a floor of a few milliseconds cannot carry);
and once: (f) start-up, `flask-codemod --help` and `list` against `python -c "import typer"`.

The measured commands keep their bytecode under the workdir, compiled once, as an installed
package's is (an environment with PYTHONDONTWRITEBYTECODE would otherwise compile the whole tool
at every run): `--source-each-run` measures them as the environment says.
Timings on a shared machine are noisy: quote the ratios, and run it more than once.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

JOBS = 2
TARGETS = {  # issue 19: ratio to the parse floor, upper bounds
    ("realworld", "j2"): 0.25,
    ("realworld", "j1"): 0.45,
    ("realworld", "warm"): 0.03,
    ("realworld", "worst app j1"): 1.5,
    ("flask", "j2"): 8.0,
    ("flask", "warm"): 0.03,
}
PEER_SPEEDUP_TARGET = 20.0  # LibCST's codemod CLI (no-op) time / ours, lower bound
MEMORY_TARGET_MB = 250
HELP_TARGET = 1.5


# -- corpora ------------------------------------------------------------------------------------


def corpus_files(roots: list[str]) -> list[str]:
    """The files `flask-codemod apply ROOTS...` processes (its own discovery)."""
    from flask_codemod.discover import discover

    return list(discover(list(roots)).files)


# -- (a) the floor and the cheap gates ---------------------------------------------------------


def floor(files: list[str]) -> dict:
    import libcst as cst

    from flask_codemod import engine, pipeline, sources
    from flask_codemod.cache_reads import one_run
    from flask_codemod.codemods import default_codemods
    from flask_codemod.collector_pace import fewer_collections
    from flask_codemod.paths import project_root, project_roots_remembered, relative_to
    from flask_codemod.target import TargetFinder

    paths, texts = [], []
    for path in files:
        try:
            texts.append(sources.read_source(path).text)
            paths.append(path)
        except sources.SourceError:
            pass
    per_file: dict[str, float] = {}
    failed = 0
    cpu_started = time.process_time()
    for path, text in zip(paths, texts):
        started = time.perf_counter()
        try:
            cst.parse_module(text)
        except Exception:
            failed += 1
        per_file[path] = time.perf_counter() - started
    parse_cpu = time.process_time() - cpu_started
    parse = sum(per_file.values())

    started = time.perf_counter()
    for text in texts:
        try:
            compile(text, "<bench>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:
            pass
    gate = time.perf_counter() - started

    # the gates as a run pays them (engine.passing_gates: the engine's own code): the codemods the
    # command rows run (the default ones), each file by its path relative to its project, with its
    # project's target and the pipeline's reader, in one pass over the projects (each project's
    # root and answers found once) at a run's collector pace: where codemods act and the text
    # gates on every file, then, for the files they pass, the compile gate, the tree gates and the
    # project gates (which may read the project's files)
    codemods = [c() for c in default_codemods()]
    passing = {c.NAME: 0 for c in codemods}
    seconds: dict[str, float] = {}
    any_passing = 0
    with project_roots_remembered(), one_run(), fewer_collections():
        finder = TargetFinder()
        for path, text in zip(paths, texts):
            kept = engine.passing_gates(
                text, codemods, path=relative_to(path, project_root(path)), read_file=pipeline.project_reader(path),
                target_version=finder.for_file(path), seconds=seconds,
            )
            if isinstance(kept, list):
                passing.update((name, passing[name] + 1) for name in kept)
                any_passing += bool(kept)
    prefilter = seconds.get("text", 0.0)
    tree_stage = seconds.get("compile", 0.0) + seconds.get("tree and project", 0.0)
    return {
        "files": len(texts),
        "bytes": sum(len(t) for t in texts),
        "lines": sum(t.count("\n") for t in texts),
        "parse_s": parse,
        "parse_cpu_s": parse_cpu,
        "parse_s_per_file": per_file,
        "parse_failures": failed,
        "ast_gate_s": gate,
        "prefilter_s": prefilter,
        "text_stage_pass_any": int(seconds.get("compiled", 0)),
        "tree_stage_s": tree_stage,
        "compile_gate_s": seconds.get("compile", 0.0),
        "tree_project_gates_s": seconds.get("tree and project", 0.0),
        "prefilter_pass": passing,
        "prefilter_pass_any": any_passing,
    }


# -- (b)-(e), (h) the command line --------------------------------------------------------------

# Where the tool's runs keep their bytecode: an installed package has its modules compiled
# (pip compiles them), so a run loads them; with PYTHONDONTWRITEBYTECODE in the environment (as
# in some sandboxes and CI images) and an editable install, every run would compile the whole
# tool from source again (measured: about half of a run's start-up), which no user pays.
# Each measured command gets a cache of its own under the workdir (main() sets it).
BYTECODE: dict[str, str] = {}


def tool_env(**extra: str) -> dict[str, str]:
    """The environment of a measured command: this one, its bytecode kept (BYTECODE)."""
    env = dict(os.environ, **BYTECODE, **extra)
    if BYTECODE:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_summary(lines: list[str]) -> str:
    """What a run reports in all: one tree prints one totals line; a batch prints one per repository
    and then a table of them (repository, files, changed, project, findings, errors, exit), summed here."""
    header = next((i for i, line in enumerate(lines) if line.split()[:2] == ["repository", "files"]), None)
    if header is None:
        return ([line for line in lines if " files scanned" in line][-1:] or lines[-1:] or [""])[0]
    rows = [line.split()[-6:] for line in lines[header + 1:] if len(line.split()) >= 7]
    totals = [sum(int(row[i]) for row in rows) for i in range(5)]
    return (f"{len(rows)} repositories: {totals[0]} files scanned, {totals[1]} changed, {totals[2]} project files, "
            f"{totals[3]} findings, {totals[4]} errors")


def cli_run(roots: list[str], cache: str, *extra: str) -> dict:
    """One `flask-codemod apply --dry-run ROOTS...`: wall time, peak memory, what it printed."""
    handle, probe_file = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    env = tool_env(FLASK_CODEMOD_PROBE=probe_file, FLASK_CODEMOD_CACHE_DIR=cache)
    env.pop("FLASK_CODEMOD_NO_CACHE", None)
    command = [sys.executable, os.path.join(HERE, "_probe.py"), "apply", "--dry-run", "--no-color", *extra, *roots]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - started
    with open(probe_file) as handle:
        probe = json.load(handle)
    os.unlink(probe_file)
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    summary = run_summary(lines)
    return {
        "wall_s": wall,
        "exit": done.returncode,
        "diff_bytes": len(done.stdout),
        "diff_sha": hashlib.sha256(done.stdout).hexdigest()[:16],
        "summary": summary,
        **probe,
    }


def cache_generations(folder: str) -> list[str]:
    """The cache's per-tool-version folders (one changes when the tool's source changes)."""
    return sorted(n for n in os.listdir(folder) if not n.startswith(".")) if os.path.isdir(folder) else []


# -- (g) the peer: LibCST's own codemod CLI ----------------------------------------------------


def peer_tree(files: list[str], root: str) -> str:
    """A folder under ``root`` holding exactly ``files`` (hard links, copies across devices), each at
    its own path, named ``.py`` as LibCST's file gathering needs: the peer is given this one folder,
    since a whole corpus's paths do not fit on one command line."""
    for source in files:
        target = os.path.join(root, os.path.relpath(os.path.abspath(source), os.sep))
        if not target.endswith(".py"):
            target += ".py"
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return root


def peer_run(files: list[str], jobs: int) -> dict:
    """`python -m libcst.tool codemod` running noop_codemod.NoOpCodemod on ``files``."""
    env = tool_env(PYTHONPATH=HERE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory(prefix="peer-") as folder:
        command = [
            sys.executable, "-m", "libcst.tool", "codemod", "-x", "noop_codemod.NoOpCodemod",
            "--no-format", "--unified-diff", "0", "--hide-progress", "-j", str(jobs), peer_tree(files, folder),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, cwd=tempfile.gettempdir())
        wall = time.perf_counter() - started
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return {"wall_s": wall, "exit": done.returncode, "changed_bytes": len(done.stdout.strip()), "summary": " / ".join(l.strip(" -") for l in lines[-5:])}


# -- (f) start-up -------------------------------------------------------------------------------


def startup(repeat: int) -> dict:
    script = os.path.join(os.path.dirname(sys.executable), "flask-codemod")
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "--help": [script, "--help"],
        "list": [script, "list"],
        "explain cache-views": [script, "explain", "cache-views"],
    }
    for command in commands.values():  # once unmeasured: each compiles what it imports into BYTECODE's cache
        subprocess.run(command, capture_output=True, check=True, env=tool_env())
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so that load changes hit every command alike
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=tool_env())
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


# -- reporting ----------------------------------------------------------------------------------


def verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return ""
    return f"target <= {target:g}: {'met' if ratio <= target else 'NOT met'}"


def measure_corpus(label: str, roots: list[str], workdir: str, report: list[str], peer: bool, warm_only: bool = False) -> dict:
    files = corpus_files(roots)
    print(f"[{label}] {len(files)} files under {len(roots)} folder(s)", file=sys.stderr, flush=True)
    cache = os.path.join(workdir, f"{label}.flask-codemod-cache")  # apart from the user's own cache
    a = floor(files)
    print(f"[{label}] (a) parse floor {a['parse_s']:.1f}s", file=sys.stderr, flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    b = None if warm_only else cli_run(roots, cache, "--no-cache", "-j", "1")
    if b is not None:
            print(f"[{label}] (b) -j 1 {b['wall_s']:.1f}s", file=sys.stderr, flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    c = cli_run(roots, cache, "-j", str(JOBS))
    print(f"[{label}] (c) -j {JOBS} {c['wall_s']:.1f}s", file=sys.stderr, flush=True)
    before = cache_generations(cache)
    d = cli_run(roots, cache, "-j", str(JOBS))
    if cache_generations(cache) != before:
        # the tool's source changed between (c) and (d) (someone edited a codemod): the cache
        # was rightly invalidated; (d) was another cold run. Measure the warm run again.
        print(f"[{label}] tool source changed during the run; warm run repeated", file=sys.stderr, flush=True)
        d = cli_run(roots, cache, "-j", str(JOBS))
    print(f"[{label}] (d) warm {d['wall_s']:.1f}s", file=sys.stderr, flush=True)
    g = peer_run(list(a["parse_s_per_file"]), JOBS) if peer else None
    if g:
        print(f"[{label}] (g) LibCST codemod CLI, no-op {g['wall_s']:.1f}s", file=sys.stderr, flush=True)
    same = len({(run["diff_sha"], run["summary"]) for run in (b, c, d) if run is not None}) == 1

    base = a["parse_s"]
    n = a["files"]
    report.append(f"\n## {label} corpus: {n} files, {a['lines']:,} lines, {a['bytes'] / 1e6:.1f} MB")
    report.append(f"{'figure':38} {'seconds':>8} {'files/s':>9} {'x floor':>8}")
    rows = [
        ("(a) LibCST parse only, 1 process", base, None),
        ("    ast gate (compile ONLY_AST)", a["ast_gate_s"], None),
        ("    text prefilters, where codemods act", a["prefilter_s"], None),
        ("    compile gate + tree/project gates", a["tree_stage_s"], None),
        ("      compile gate", a["compile_gate_s"], None),
        ("      tree and project gates", a["tree_project_gates_s"], None),
        *([("(b) apply --dry-run -j 1", b["wall_s"], TARGETS.get((label, "j1")))] if b else []),
        (f"(c) apply --dry-run -j {JOBS}", c["wall_s"], TARGETS.get((label, "j2"))),
        (f"(d) warm re-run (cache), -j {JOBS}", d["wall_s"], TARGETS.get((label, "warm"))),
    ]
    if g:
        rows.append((f"(g) LibCST codemod CLI no-op, -j {JOBS}", g["wall_s"], None))
    for name, seconds, target in rows:
        ratio = seconds / base if base else float("nan")
        report.append(f"{name:38} {seconds:8.2f} {n / seconds if seconds else 0:9.1f} {ratio:8.3f}  {verdict(ratio, target)}")
    if g:
        speedup = g["wall_s"] / c["wall_s"]
        report.append(
            f"    peer / ours (-j {JOBS}): {speedup:.1f} x faster  target >= {PEER_SPEEDUP_TARGET:g}: "
            f"{'met' if speedup >= PEER_SPEEDUP_TARGET else 'NOT met'}  (peer: {g['summary']})"
        )
    worker = c["worker_maxrss_mb"] or c["main_maxrss_mb"]
    report.append(
        f"(e) peak memory (each process's own): largest worker {worker:.0f} MB (of {c.get('workers', 0)}), main process "
        f"{c['main_maxrss_mb']:.0f} MB (-j 1: {b['main_maxrss_mb'] if b else float('nan'):.0f} MB)  target <= {MEMORY_TARGET_MB} MB per worker: "
        f"{'met' if worker <= MEMORY_TARGET_MB else 'NOT met'}"
    )
    report.append(
        f"    parse-apart processes (tool/parse_apart.py): largest {c.get('parse_apart_maxrss_mb', 0.0):.0f} MB "
        f"({c.get('parse_apart_processes', 0)} at -j {JOBS}; -j 1: {b.get('parse_apart_maxrss_mb', 0.0) if b else float('nan'):.0f} MB)"
    )
    passing = ", ".join(f"{k} {v}" for k, v in a["prefilter_pass"].items() if v)
    report.append(
        f"    files passing every prefilter of each codemod: {passing}; text stage of any: "
        f"{a['text_stage_pass_any']}, every stage of any (parsed by LibCST): {a['prefilter_pass_any']} of {n}"
    )
    report.append(f"    CPU: -j 1 {b['main_cpu_s'] if b else float('nan'):.1f}s; -j {JOBS}: main {c['main_cpu_s']:.1f}s + workers {c['workers_cpu_s']:.1f}s")
    cpu_floor = a["parse_cpu_s"]
    report.append(
        f"    CPU against the floor's CPU ({cpu_floor:.1f}s; steadier than wall time on a loaded machine): "
        f"-j 1 {b['main_cpu_s'] / cpu_floor if b else float('nan'):.3f} x, -j {JOBS} {(c['main_cpu_s'] + c['workers_cpu_s']) / cpu_floor:.3f} x in all, "
        f"warm {(d['main_cpu_s'] + d['workers_cpu_s']) / cpu_floor:.3f} x"
    )
    report.append(f"    result: {c['summary']}")
    report.append(f"    the {'three' if b else 'two'} runs printed the same diff: {'yes' if same else 'NO'}")
    a = {k: v for k, v in a.items() if k != "parse_s_per_file"} | {"_per_file": a["parse_s_per_file"]}
    return {"floor": a, "j1": b, "j2": c, "warm": d, "peer": g, "same_output": same}


def apply_startup(workdir: str, repeat: int = 5) -> float:
    """The start-up of (h)'s command on an almost empty tree (one file no codemod acts on):
    Python's, the tool's imports, discovery and the run's set-up, which every app alone pays
    and its parse floor does not (median of ``repeat``, interleaved with nothing)."""
    root = os.path.join(workdir, "almost-empty")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "one.py"), "w") as handle:
        handle.write("x = 1\n")
    cache = os.path.join(workdir, "apps.flask-codemod-cache")
    cli_run([root], cache, "--no-cache", "-j", "1")  # unmeasured: what it imports is compiled into BYTECODE's cache once
    return statistics.median(cli_run([root], cache, "--no-cache", "-j", "1")["wall_s"] for _ in range(repeat))


def measure_apps(targets: list[tuple[str, str]], per_file: dict[str, float], workdir: str, report: list[str]) -> dict:
    """(h) each app alone, -j 1, against the parse floor of its own files: as measured, and net
    of the start-up of the same command on an almost empty tree (measured before and after the
    apps; the lower median is taken off, never making a run shorter than nothing)."""
    cache = os.path.join(workdir, "apps.flask-codemod-cache")
    startups = [apply_startup(workdir)]
    print(f"[apps] start-up of apply -j 1 on an almost empty tree {startups[0]:.2f}s", file=sys.stderr, flush=True)
    rows = {}
    for name, root in targets:
        prefix = os.path.join(os.path.abspath(root), "")
        base = sum(t for path, t in per_file.items() if os.path.abspath(path).startswith(prefix))
        files = sum(1 for path in per_file if os.path.abspath(path).startswith(prefix))
        run = cli_run([root], cache, "--no-cache", "-j", "1")
        rows[name] = {"files": files, "parse_s": base, "j1_s": run["wall_s"], "ratio": run["wall_s"] / base if base else float("nan"), "summary": run["summary"]}
        print(f"[apps] {name}: {files} files, {run['wall_s']:.1f}s = {rows[name]['ratio']:.2f} x", file=sys.stderr, flush=True)
    startups.append(apply_startup(workdir))
    startup_s = min(startups)
    for row in rows.values():
        row["net_s"] = max(row["j1_s"] - startup_s, 0.0)
        row["net_ratio"] = row["net_s"] / row["parse_s"] if row["parse_s"] else float("nan")
    report.append("\n## (h) each real-world app alone, -j 1")
    report.append(
        f"start-up of `apply --dry-run --no-cache -j 1` on an almost empty tree (1 file): {startup_s:.2f}s "
        f"(before the apps {startups[0]:.2f}s, after {startups[1]:.2f}s); 'net' is an app's time less that"
    )
    report.append(f"{'app':22} {'files':>6} {'floor s':>8} {'-j 1 s':>8} {'x floor':>8} {'net s':>8} {'net x':>8}")
    for name, row in sorted(rows.items(), key=lambda item: -item[1]["ratio"]):
        report.append(f"{name:22} {row['files']:6} {row['parse_s']:8.2f} {row['j1_s']:8.2f} {row['ratio']:8.2f} {row['net_s']:8.2f} {row['net_ratio']:8.2f}")
    if rows:
        worst = max(rows, key=lambda name: rows[name]["ratio"])
        worst_net = max(rows, key=lambda name: rows[name]["net_ratio"])
        report.append(f"worst app: {worst} {rows[worst]['ratio']:.2f} x  {verdict(rows[worst]['ratio'], TARGETS[('realworld', 'worst app j1')])}")
        report.append(f"worst app net of start-up: {worst_net} {rows[worst_net]['net_ratio']:.2f} x (as measured {rows[worst_net]['ratio']:.2f} x)")
    return {"startup_s": startup_s, "startup_runs_s": startups, "apps": rows,
            "worst": max(rows, key=lambda name: rows[name]["ratio"]) if rows else None,
            "worst_net": max(rows, key=lambda name: rows[name]["net_ratio"]) if rows else None}


def main() -> None:
    parser = argparse.ArgumentParser(description="flask-codemod speed against the LibCST parse floor")
    parser.add_argument("--tree", action="append", default=[], metavar="PATH", help="measure these folders as the real-world apps instead (repeatable)")
    parser.add_argument("--app", action="append", default=[], help="only these real-world apps (repeatable)")
    parser.add_argument("--mirrors", default=None, help="the mirror root of benchmarks/realworld (default: its own)")
    parser.add_argument("--layouts", default=None, help="where the apps are laid out (default: benchmarks/realworld's)")
    parser.add_argument("--flask-files", type=int, default=300, help="generated Flask modules (default 300)")
    parser.add_argument("--skip-realworld", action="store_true")
    parser.add_argument("--skip-apps", action="store_true", help="not each app alone (h)")
    parser.add_argument("--skip-flask", action="store_true")
    parser.add_argument("--skip-peer", action="store_true", help="not LibCST's codemod CLI (g)")
    parser.add_argument("--warm-only", action="store_true", help="only the floor (a), the cold run (c) and the warm run (d) of each corpus: not (b), (e)'s -j 1, (g), (h), (f)")
    parser.add_argument("--startup-repeat", type=int, default=7)
    parser.add_argument(
        "--source-each-run", action="store_true",
        help="keep this environment's PYTHONDONTWRITEBYTECODE/PYTHONPYCACHEPREFIX for the measured commands (default: their bytecode is kept under the workdir, as an installed package's is)",
    )
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "flask-codemod-bench"))
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args()
    if args.app and not args.tree:
        from realworld_corpus import unknown_apps

        unknown = unknown_apps(args.app)
        if unknown:
            parser.error(f"unknown app in --app: {', '.join(unknown)}")

    os.makedirs(args.workdir, exist_ok=True)
    if not args.source_each_run:
        BYTECODE["PYTHONPYCACHEPREFIX"] = os.path.join(os.path.abspath(args.workdir), "bytecode")
    report = [
        "# flask-codemod benchmark",
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at start",
        "bytecode of the measured commands: "
        + (f"kept in {BYTECODE['PYTHONPYCACHEPREFIX']} (compiled once, as an installed package's)" if BYTECODE
           else f"as this environment says (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})"),
    ]
    results: dict = {}
    if not args.skip_realworld:
        from realworld_corpus import DEFAULT_MIRRORS, app_targets

        if args.tree:
            targets, problems = [(os.path.basename(os.path.abspath(t)), t) for t in args.tree], []
        else:
            targets, problems = app_targets(args.layouts, args.mirrors or DEFAULT_MIRRORS, args.app)
        for problem in problems:
            report.append(f"app left out: {problem}")
        if targets:
            measured = measure_corpus(
                "realworld", [root for _, root in targets], args.workdir, report, not (args.skip_peer or args.warm_only), args.warm_only
            )
            results["realworld"] = measured
            if not (args.skip_apps or args.warm_only):
                results["apps"] = measure_apps(targets, measured["floor"]["_per_file"], args.workdir, report)
            del measured["floor"]["_per_file"]
    if not args.skip_flask:
        from generate_flask_corpus import generate

        root = os.path.join(args.workdir, "flask")
        generate(root, args.flask_files)
        results["flask"] = measure_corpus("flask", [root], args.workdir, report, not (args.skip_peer or args.warm_only), args.warm_only)
        del results["flask"]["floor"]["_per_file"]

    if not args.warm_only:
        start = startup(args.startup_repeat)
        results["startup"] = start
        typer_s = start["import typer"]
        report.append(f"\n## (f) start-up (median of {args.startup_repeat})")
        for name, seconds in start.items():
            ratio = seconds / typer_s
            target = HELP_TARGET if name == "--help" else None
            report.append(f"{name:24} {seconds:6.3f}s  {ratio:5.2f} x import typer  {verdict(ratio, target)}")
    report.append(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\n".join(report))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
