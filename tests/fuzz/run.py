"""``make fuzz``: the long versions of the robustness tests (tests/robustness/).

- generated programs (hypothesmith: from the grammar and from LibCST nodes), Flask-flavoured
  modules (all codemods together, then each codemod alone), Flask modules next to generated
  code, and damaged bytes: the engine never crashes, its output parses and compiles, is a
  fixed point, and is byte-identical when nothing was rewritten;
- every ``.py`` file of the installed packages, copied to a temporary folder and run through
  the real pipeline — dry-run, in place, again: 0 crashes, 0 invalid outputs, 0 second-run
  changes (then the same with a test-only codemod that rewrites nearly every file);
- every codemod alone on every file of that corpus, every sample and every ``.py`` file of the
  real-world apps (benchmarks/realworld/apps.tsv, laid out from their mirrors; an app whose
  mirror is missing is named and skipped): 0 internal errors.

Prints how many programs and files it tried and how many failed; each failing input is
saved under ``--failures`` for a reproducer. Exit status 1 when anything failed.

    python tests/fuzz/run.py [--examples 500] [--seed 0] [--only grammar,flask,corpus,...]
                             [--corpus-files all|N] [--jobs N] [--mirrors DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: the robustness helpers
REALWORLD = os.path.join(os.path.dirname(os.path.dirname(HERE)), "benchmarks", "realworld")
sys.path.insert(0, REALWORLD)  # the real-world apps' pins and their layout

import hypothesmith  # noqa: E402
from hypothesis import HealthCheck, Phase, assume, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from flask_codemod import engine, pipeline, pool  # noqa: E402
from layout import DEFAULT_MIRRORS, LayoutError, lay_out  # noqa: E402
from ledger import load_apps  # noqa: E402
from robustness import corpus, shapes, strategies, support  # noqa: E402

PROPERTIES = ("grammar", "node", "whitespace", "flask", "flask-single", "soup", "bytes", "corpus", "alone")


class Tally:
    def __init__(self, failures_dir: str) -> None:
        self.failures_dir = failures_dir
        self.lines: list[str] = []
        self.tried = 0
        self.failed = 0

    def save(self, name: str, index: int, data: bytes | str, problems: list[str]) -> str:
        os.makedirs(self.failures_dir, exist_ok=True)
        stem = os.path.join(self.failures_dir, f"{name}-{index:04}")
        with open(stem + ".py", "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        with open(stem + ".txt", "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write("\n".join(problems) + "\n")
        return stem + ".py"

    def line(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)


def run_property(tally: Tally, name: str, strategy, check, examples: int, seed_value: int) -> None:
    """Run ``check`` on ``examples`` drawn from ``strategy``; count, never stop at a failure."""
    tried = 0
    failed: list[str] = []
    started = time.monotonic()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(strategy)
    def body(example):
        nonlocal tried
        if name in ("soup", "whitespace"):
            assume(support.compiles(example))
        tried += 1
        problems = check(example)
        if problems:
            failed.append(tally.save(name, len(failed), example, problems))

    body()
    tally.tried += tried
    tally.failed += len(failed)
    tally.line(f"{name}: {tried} programs tried, {len(failed)} failed ({time.monotonic() - started:.0f} s)")
    for path in failed[:10]:
        tally.line(f"  failure saved: {path}")


def _all_real():
    return support.real_codemods()


def check_program(text: str) -> list[str]:
    real = _all_real()
    problems = support.check_transform(text, real)
    problems += [f"with the stress codemod: {p}" for p in support.check_transform(text, real + (support.StressRename,))]
    return problems


def check_whitespace(text: str) -> list[str]:
    result = engine.transform_text(text, [support.MarkOld])
    if result.error is not None:
        if "cannot parse (LibCST)" in result.error and result.new_text == text:
            return []  # LibCST's tokenizer refuses it (a form feed inside indentation): not ours
        return [f"error: {result.error}"]
    if result.new_text != text.replace("old_value", "new_value"):
        return ["bytes outside the rewrite changed"]
    return []


def check_flask(text: str) -> list[str]:
    return support.check_transform(text, _all_real())


def check_flask_single(text: str) -> list[str]:
    problems = []
    for codemod in _all_real():
        problems += [f"{codemod.NAME} alone: {p}" for p in support.check_transform(text, (codemod,))]
    return problems


def check_bytes(data: bytes) -> list[str]:
    codemods = _all_real() + (support.StressRename,)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "app.py")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            result = pipeline.process_file(path, codemods)
        except Exception as error:
            return [f"process_file raised {type(error).__name__}: {error}"]
    problems = []
    if "\n" in result.error_line():
        problems.append("the error is not one line")
    if result.error is not None:
        if not support.is_input_problem(result.error):
            problems.append(f"engine error: {result.error}")
        if result.changed:
            problems.append("an error, and yet a change")
    elif result.changed and not support.compiles(result.new_text):
        problems.append("output does not compile")
    return problems


def run_corpus(tally: Tally, count: str, jobs: int) -> None:
    files = corpus.corpus_files()
    if count != "all":
        files = corpus.stable_subset(files, int(count))
    for label, names in (
        ("corpus, every codemod", support.real_codemod_names()),
        ("corpus, test codemod renaming every self", [support.StressRename.NAME]),
    ):
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as folder:
            report = corpus.run_corpus(files, folder, names, jobs=jobs)
        tally.tried += report.files
        tally.failed += len(report.failures)
        tally.line(report.summary(label) + f" ({time.monotonic() - started:.0f} s)")
        for line in report.failures[:20]:
            tally.line(f"  {line}")
        for line in report.rejected[:5]:
            tally.line(f"  rejected (not a failure): {line}")


def realworld_files(workdir: str, mirrors: str) -> tuple[list[str], list[str]]:
    """Every ``.py`` file of the real-world apps, laid out from their mirrors under ``workdir``
    (a folder of the fuzz run's own, so a benchmark run elsewhere is never disturbed), and a
    line for every app that could not be laid out."""
    found: list[str] = []
    missing: list[str] = []
    for app in load_apps():
        try:
            root, _absent = lay_out(app, workdir, mirrors)
        except LayoutError as error:
            missing.append(f"{app.name}: {error}")
            continue
        top = os.path.join(root, app.subdir) if app.subdir else root
        for directory, subdirectories, files in os.walk(top):
            subdirectories[:] = sorted(d for d in subdirectories if d != ".git")
            found += [os.path.join(directory, name) for name in sorted(files) if name.endswith(".py")]
    return found, missing


def run_alone(tally: Tally, count: str, jobs: int, realworld_workdir: str, mirrors: str) -> None:
    """Every codemod alone on every corpus file, every sample and every file of the real-world
    apps: any internal error fails."""
    files = corpus.corpus_files()
    if count != "all":
        files = corpus.stable_subset(files, int(count))
    apps, missing = realworld_files(realworld_workdir, mirrors)
    tally.line(f"real-world apps: {len(apps)} files from {len(load_apps()) - len(missing)} apps")
    for line in missing:
        tally.line(f"  skipped (not a failure): {line}")
    paths = [os.path.join(corpus.site_packages(), relative) for relative in files] + corpus.sample_files() + apps
    started = time.monotonic()
    runs, problems = corpus.each_codemod_alone(paths, support.real_codemod_names(), jobs=jobs)
    tally.tried += runs
    tally.failed += len(problems)
    tally.line(
        f"corpus, samples and real-world apps, each codemod alone: {len(paths)} files x {len(support.real_codemod_names())} codemods, "
        f"{len(problems)} internal errors ({time.monotonic() - started:.0f} s)"
    )
    for line in problems[:20]:
        tally.line(f"  {line}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("FUZZ_EXAMPLES", "300")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "0")))
    parser.add_argument("--only", default=",".join(PROPERTIES), help=f"comma-separated: {', '.join(PROPERTIES)}")
    parser.add_argument("--corpus-files", default=os.environ.get("FUZZ_CORPUS_FILES", "all"))
    parser.add_argument("--jobs", type=int, default=pool.default_jobs())
    parser.add_argument("--mirrors", default=DEFAULT_MIRRORS, help="where the real-world apps' mirrors are")
    parser.add_argument(
        "--realworld-workdir",
        default=os.path.join(tempfile.gettempdir(), "flask-codemod-fuzz-realworld"),
        help="where the real-world apps are laid out (re-used while their pins match)",
    )
    parser.add_argument("--failures", default=os.path.join(tempfile.gettempdir(), "flask-codemod-fuzz-failures"))
    args = parser.parse_args(argv)
    wanted = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(wanted) - set(PROPERTIES)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    support.register_test_codemods()
    # the runs' result cache: a folder of their own, never the user's cache directory
    os.environ["FLASK_CODEMOD_CACHE_DIR"] = tempfile.mkdtemp(prefix="flask-codemod-fuzz-cache-")
    # hypothesmith compiles what it generates: CPython's SyntaxWarnings about that code are noise
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    tally = Tally(args.failures)
    n = args.examples
    print(
        f"fuzzing with {len(_all_real())} codemods ({', '.join(support.real_codemod_names())}), "
        f"seed {args.seed}, {n} examples per property",
        flush=True,
    )
    started = time.monotonic()
    plan = {
        "grammar": lambda: run_property(tally, "grammar", hypothesmith.from_grammar(), check_program, n, args.seed),
        "node": lambda: run_property(tally, "node", hypothesmith.from_node(), check_program, max(1, n // 5), args.seed),
        "whitespace": lambda: run_property(tally, "whitespace", shapes.whitespace_shapes(), check_whitespace, n * 4, args.seed),
        "flask": lambda: run_property(tally, "flask", strategies.flask_modules(), check_flask, n, args.seed),
        "flask-single": lambda: run_property(tally, "flask-single", strategies.flask_modules(), check_flask_single, max(1, n // 5), args.seed + 1),
        "soup": lambda: run_property(tally, "soup", strategies.flask_soup(), check_flask, max(1, n // 3), args.seed),
        "bytes": lambda: run_property(
            tally, "bytes", st.one_of(strategies.damaged_files(), st.binary(max_size=2000)), check_bytes, n, args.seed
        ),
        "corpus": lambda: run_corpus(tally, args.corpus_files, args.jobs),
        "alone": lambda: run_alone(tally, args.corpus_files, args.jobs, args.realworld_workdir, args.mirrors),
    }
    for name in PROPERTIES:
        if name in wanted:
            plan[name]()
    print(
        f"fuzz: {tally.tried} programs and files tried, {tally.failed} failed "
        f"({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
