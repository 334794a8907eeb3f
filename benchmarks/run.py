"""flask-codemod speed, measured against LibCST's own parse time on the same files.

    .venv/bin/python benchmarks/run.py                  # both corpora, default sizes
    .venv/bin/python benchmarks/run.py --real PATH      # your own code as the real corpus
    .venv/bin/python benchmarks/run.py --real-files 1500 --flask-files 200 --json out.json

For each corpus, in one run on the same files:

  (a) floor      LibCST parse-only of every file, one process (files read beforehand):
                 the figure every ratio is quoted against;
  (b) -j 1       `flask-codemod apply --dry-run --no-cache -j 1` (all codemods);
  (c) default    the same with the default jobs (CPU count), cache cleared first: a cold run;
  (d) warm       (c) again on the unchanged tree: the result cache answers;
  (e) memory     peak resident memory of the largest worker (and of the main process) in (c);
  (f) start-up   `flask-codemod --help` and `list` against `python -c "import typer"`.

Corpora: "real" is a deterministic copy of the sources of the packages installed in this
interpreter's site-packages (every k-th file of the sorted list, --real-files of them; or a
copy of --real PATH), "flask" is written by generate_flask_corpus.py (every file parsed and
rewritten). Both are written under --workdir (default: a folder in the temporary directory).

Timings on a shared machine are noisy: quote the ratios, and run it more than once.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

TARGETS = {  # ratio to the parse floor (or to `import typer`), upper bounds
    ("real", "default"): 0.25,
    ("flask", "default"): 1.5,
    ("real", "warm"): 0.05,
    ("flask", "warm"): 0.05,
}
MEMORY_TARGET_MB = 250
HELP_TARGET = 1.5


# -- corpora ------------------------------------------------------------------------------------


def real_corpus(destination: str, files: int, source: str | None = None) -> str:
    """Copy the real-code corpus to ``destination`` (replaced); deterministic."""
    if os.path.exists(destination):
        shutil.rmtree(destination)
    if source is not None:
        shutil.copytree(
            source,
            destination,
            symlinks=True,
            ignore=shutil.ignore_patterns(".git", ".flask-codemod-cache", "__pycache__", ".venv", "venv", "node_modules"),
        )
    else:
        root = sysconfig.get_paths()["purelib"]
        found = []
        for directory, subdirectories, names in os.walk(root):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            for name in names:
                if name.endswith(".py"):
                    found.append(os.path.relpath(os.path.join(directory, name), root))
        found.sort()
        step = max(1, len(found) / files) if files else 1
        chosen = [found[int(i * step)] for i in range(min(files, len(found)))] if files else found
        for relative in chosen:
            target = os.path.join(destination, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(root, relative), target)
    marker = os.path.join(destination, "pyproject.toml")
    if not os.path.exists(marker):  # a project root: where the cache goes
        with open(marker, "w") as handle:
            handle.write('[project]\nname = "benchmark-corpus"\nversion = "0"\n')
    return destination


def corpus_files(root: str) -> list[str]:
    """The files `flask-codemod apply ROOT` processes (its own discovery)."""
    from flask_codemod.discover import discover

    return list(discover([root]).files)


# -- (a) the floor and the cheap gates ---------------------------------------------------------


def floor(files: list[str]) -> dict:
    import libcst as cst

    from flask_codemod import sources
    from flask_codemod.codemods import all_codemods

    from flask_codemod import engine

    paths, texts = [], []
    for path in files:
        try:
            texts.append(sources.read_source(path).text)
            paths.append(path)
        except sources.SourceError:
            pass
    started = time.perf_counter()
    failed = 0
    for text in texts:
        try:
            cst.parse_module(text)
        except Exception:
            failed += 1
    parse = time.perf_counter() - started

    started = time.perf_counter()
    for text in texts:
        try:
            compile(text, "<bench>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except Exception:
            pass
    gate = time.perf_counter() - started

    # the prefilters as the engine asks them: the text stage (applies_to_file) on every file,
    # then, for the files it passes, the compile gate and the tree stage (applies_to_tree)
    codemods = [c() for c in all_codemods()]
    passing = {c.NAME: 0 for c in codemods}
    started = time.perf_counter()
    first_stage = []
    for path, text in zip(paths, texts):
        wanted = [codemod for codemod in codemods if codemod.applies_to_file(text, path)]
        if wanted:
            first_stage.append((path, text, wanted))
    prefilter = time.perf_counter() - started
    started = time.perf_counter()
    any_passing = 0
    for path, text, wanted in first_stage:
        tree, problem = engine.python_tree(text, path)
        if problem is not None:
            continue
        hit = False
        for codemod in wanted:
            if engine._wants_tree(codemod, tree, path):
                passing[codemod.NAME] += 1
                hit = True
        any_passing += hit
    tree_stage = time.perf_counter() - started
    return {
        "files": len(texts),
        "bytes": sum(len(t) for t in texts),
        "parse_s": parse,
        "parse_failures": failed,
        "ast_gate_s": gate,
        "prefilter_s": prefilter,
        "text_stage_pass_any": len(first_stage),
        "tree_stage_s": tree_stage,
        "prefilter_pass": passing,
        "prefilter_pass_any": any_passing,
    }


# -- (b)-(e) the command line -------------------------------------------------------------------


def cli_run(root: str, *extra: str) -> dict:
    """One `flask-codemod apply --dry-run ROOT`: wall time, peak memory, what it printed."""
    handle, probe_file = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    env = dict(os.environ, FLASK_CODEMOD_PROBE=probe_file)
    env.pop("FLASK_CODEMOD_NO_CACHE", None)
    command = [sys.executable, os.path.join(HERE, "_probe.py"), "apply", "--dry-run", "--no-color", *extra, root]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True)
    wall = time.perf_counter() - started
    with open(probe_file) as handle:
        probe = json.load(handle)
    os.unlink(probe_file)
    summary = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return {
        "wall_s": wall,
        "exit": done.returncode,
        "diff_bytes": len(done.stdout),
        "diff_sha": __import__("hashlib").sha256(done.stdout).hexdigest()[:16],
        "summary": summary[0],
        **probe,
    }


def cache_generations(root: str) -> list[str]:
    """The cache's per-tool-version folders (one changes when the tool's source changes)."""
    folder = os.path.join(root, ".flask-codemod-cache")
    return sorted(n for n in os.listdir(folder) if not n.startswith(".")) if os.path.isdir(folder) else []


def clear_cache(root: str) -> None:
    shutil.rmtree(os.path.join(root, ".flask-codemod-cache"), ignore_errors=True)


# -- (f) start-up -------------------------------------------------------------------------------


def startup(repeat: int) -> dict:
    script = os.path.join(os.path.dirname(sys.executable), "flask-codemod")
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "--help": [script, "--help"],
        "list": [script, "list"],
        "explain cache-views": [script, "explain", "cache-views"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so that load changes hit every command alike
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


# -- reporting ----------------------------------------------------------------------------------


def verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return ""
    return f"target <= {target:g}: {'met' if ratio <= target else 'NOT met'}"


def measure_corpus(label: str, root: str, jobs: int | None, report: list[str]) -> dict:
    files = corpus_files(root)
    print(f"[{label}] {len(files)} files under {root}", file=sys.stderr, flush=True)
    a = floor(files)
    print(f"[{label}] (a) parse floor {a['parse_s']:.1f}s", file=sys.stderr, flush=True)
    clear_cache(root)
    b = cli_run(root, "--no-cache", "-j", "1")
    print(f"[{label}] (b) -j 1 {b['wall_s']:.1f}s", file=sys.stderr, flush=True)
    clear_cache(root)
    jobs_args = ["-j", str(jobs)] if jobs else []
    c = cli_run(root, *jobs_args)
    print(f"[{label}] (c) default jobs {c['wall_s']:.1f}s", file=sys.stderr, flush=True)
    before = cache_generations(root)
    d = cli_run(root, *jobs_args)
    if cache_generations(root) != before:
        # the tool's source changed between (c) and (d) (someone edited a codemod): the cache
        # was rightly invalidated; (d) was another cold run. Measure the warm run again.
        print(f"[{label}] tool source changed during the run; warm run repeated", file=sys.stderr, flush=True)
        d = cli_run(root, *jobs_args)
    print(f"[{label}] (d) warm {d['wall_s']:.1f}s", file=sys.stderr, flush=True)
    same = (b["diff_sha"], b["summary"]) == (c["diff_sha"], c["summary"]) == (d["diff_sha"], d["summary"])

    base = a["parse_s"]
    n = a["files"]
    report.append(f"\n## {label} corpus: {n} files, {a['bytes'] / 1e6:.1f} MB ({root})")
    report.append(f"{'figure':34} {'seconds':>8} {'files/s':>9} {'x floor':>8}")
    rows = [
        ("(a) LibCST parse only, 1 process", base, None),
        ("    ast gate (compile ONLY_AST)", a["ast_gate_s"], None),
        ("    text prefilters, every file", a["prefilter_s"], None),
        ("    compile gate + tree prefilters", a["tree_stage_s"], None),
        ("(b) apply --dry-run -j 1", b["wall_s"], None),
        (f"(c) apply --dry-run, default jobs", c["wall_s"], TARGETS.get((label, "default"))),
        ("(d) warm re-run (cache)", d["wall_s"], TARGETS.get((label, "warm"))),
    ]
    for name, seconds, target in rows:
        ratio = seconds / base if base else float("nan")
        report.append(f"{name:34} {seconds:8.2f} {n / seconds if seconds else 0:9.1f} {ratio:8.3f}  {verdict(ratio, target)}")
    worker = c["worker_maxrss_mb"] or c["main_maxrss_mb"]
    report.append(
        f"(e) peak memory: largest worker {worker:.0f} MB, main process {c['main_maxrss_mb']:.0f} MB "
        f"(-j 1: {b['main_maxrss_mb']:.0f} MB)  target <= {MEMORY_TARGET_MB} MB per worker: "
        f"{'met' if worker <= MEMORY_TARGET_MB else 'NOT met'}"
    )
    passing = ", ".join(f"{k} {v}" for k, v in a["prefilter_pass"].items())
    report.append(
        f"    files passing both prefilters of each codemod: {passing}; text stage of any: "
        f"{a['text_stage_pass_any']}, both stages of any (parsed by LibCST): {a['prefilter_pass_any']} of {n}"
    )
    report.append(f"    CPU: -j 1 {b['main_cpu_s']:.1f}s; default jobs: main {c['main_cpu_s']:.1f}s + workers {c['workers_cpu_s']:.1f}s")
    report.append(f"    result: {c['summary']}")
    report.append(f"    the three runs printed the same diff: {'yes' if same else 'NO'}")
    return {"floor": a, "j1": b, "default": c, "warm": d, "same_output": same}


def main() -> None:
    parser = argparse.ArgumentParser(description="flask-codemod speed against the LibCST parse floor")
    parser.add_argument("--real", metavar="PATH", help="copy this tree as the real-code corpus (default: site-packages)")
    parser.add_argument("--real-files", type=int, default=1020, help="files sampled from site-packages (default 1020: discovery skips a few, leaving over 1,000)")
    parser.add_argument("--flask-files", type=int, default=300, help="generated Flask modules (default 300: enough that start-up is not the figure)")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-flask", action="store_true")
    parser.add_argument("--jobs", type=int, default=None, help="jobs for (c)/(d) (default: the tool's default)")
    parser.add_argument("--startup-repeat", type=int, default=7)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "flask-codemod-bench"))
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    args = parser.parse_args()

    from flask_codemod.pool import default_jobs

    os.makedirs(args.workdir, exist_ok=True)
    report = [
        "# flask-codemod benchmark",
        f"python {sys.version.split()[0]}, {default_jobs()} CPUs (default jobs), load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at start",
    ]
    results: dict = {}
    if not args.skip_real:
        root = real_corpus(os.path.join(args.workdir, "real"), args.real_files, args.real)
        results["real"] = measure_corpus("real", root, args.jobs, report)
    if not args.skip_flask:
        from generate_flask_corpus import generate

        root = os.path.join(args.workdir, "flask")
        generate(root, args.flask_files)
        results["flask"] = measure_corpus("flask", root, args.jobs, report)

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
