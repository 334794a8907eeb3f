"""Run a corpus app's own test suite on its pinned tree, then on the tree flask-codemod
wrote, and compare.

    .venv/bin/python benchmarks/realworld/app_tests.py                  # every app of app_tests.tsv
    .venv/bin/python benchmarks/realworld/app_tests.py --app microblog  # one app (repeatable)

For each app: lay it out (layout.py, as run.py does), make a virtual environment with what
its tests need (app_envs.py; cached under --cache, by default the user cache dir), copy the
layout and run the tests there; then for each selection (the default one, and every codemod
of `flask-codemod list`) copy the layout again, run `flask-codemod apply` on it in write mode
and run the tests again. A selection whose tree is the same as the one before re-uses its
outcomes. Printed per app and selection: the files the tool changed, tests passed / failed /
errored / skipped before and after, and every test whose outcome changed. Exit status: 0
when no test got worse, 1 when one did, 3 when an app could not be set up or its tests did
not run. Not part of `make test`: it needs the mirrors and the package index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from app_envs import APP_TESTS_FILE, Recipe, SetupError, environment, load_recipes  # noqa: E402
from layout import DEFAULT_MIRRORS, LayoutError, default_workdir, lay_out  # noqa: E402
from ledger import APPS_FILE, App, load_apps  # noqa: E402
from tool_runs import ToolFailure, codemod_names, tool_command  # noqa: E402

OUTCOMES = ("passed", "failed", "error", "skipped")
_WORSE = {"passed": 0, "skipped": 1, "failed": 2, "error": 3, "missing": 4}  # a higher rank is worse


@dataclass
class SuiteRun:
    """One run of an app's test command on one tree."""

    outcomes: dict[str, str] = field(default_factory=dict)  # test id -> passed/failed/error/skipped
    exit_code: int = 0
    output_tail: str = ""

    def counts(self) -> dict[str, int]:
        return {outcome: sum(1 for value in self.outcomes.values() if value == outcome) for outcome in OUTCOMES}


def default_cache() -> str:
    return os.path.join(os.path.dirname(default_workdir()), "app-tests")


def parse_junit(path: str) -> dict[str, str]:
    """Test id -> outcome from pytest's JUnit XML; a test reported twice (an error in its
    teardown) keeps its worse outcome."""
    outcomes: dict[str, str] = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
        if _WORSE[outcome] >= _WORSE.get(outcomes.get(name, "passed"), 0):
            outcomes[name] = outcome
    return outcomes


def _test_environment(recipe: Recipe, bin_dir: str, tree: str, home: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME") and not key.startswith(("FLASK_", "PYTEST_"))}
    env.update({"PATH": bin_dir + os.pathsep + env.get("PATH", ""), "VIRTUAL_ENV": os.path.dirname(bin_dir),
                "PYTHONPATH": tree, "HOME": home, "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(dict(recipe.env))
    return env


def run_tests(recipe: Recipe, bin_dir: str, tree: str, timeout: int) -> SuiteRun:
    """Run the app's test command in ``tree`` (the app's folder of a copied layout)."""
    with tempfile.TemporaryDirectory(prefix="app-tests-") as scratch:
        junit = os.path.join(scratch, "junit.xml")
        home = os.path.join(scratch, "home")
        os.makedirs(home)
        command = [os.path.join(bin_dir, "python"), "-m", "pytest", *recipe.test[1:],
                   "-p", "no:cacheprovider", f"--junitxml={junit}"]
        with open(os.path.join(scratch, "output"), "w+", encoding="utf-8", errors="replace") as output:
            if "." in recipe.install:  # the app looks up its own distribution: this tree's
                subprocess.run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                                "-e", tree], stdout=output, stderr=subprocess.STDOUT, check=False)
            env = _test_environment(recipe, bin_dir, tree, home)
            if recipe.prepare:  # the same step on every tree, before its tests
                subprocess.run(["sh", "-c", recipe.prepare], cwd=tree, env=env, stdout=output, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, check=False)
            process = subprocess.Popen(command, cwd=tree, env=env,
                                       stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
            try:
                exit_code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                exit_code = -1
            output.seek(0)
            tail = "\n".join(output.read().rstrip().splitlines()[-15:])
        outcomes = parse_junit(junit) if os.path.isfile(junit) else {}
    return SuiteRun(outcomes, exit_code, tail)


def copy_layout(layout: str, destination: str) -> None:
    if os.path.lexists(destination):
        shutil.rmtree(destination)
    shutil.copytree(layout, destination, symlinks=True)


def apply_tool(tool: str | None, repo: str, app: App, select: list[str] | None) -> tuple[str, list[str]]:
    """Run ``flask-codemod apply`` (write mode) on the app in ``repo``; return the change as a
    diff of the whole work tree (new files such as .env included), and the files the tool could
    not process (exit 3: each named on stderr with the reason; every other file was written)."""
    command = tool_command(tool) + ["apply", "--no-color", "-q", "--no-cache"]
    if select is not None:
        command += ["--select", ",".join(select)]
    command.append(app.subdir or ".")
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1, 3):
        raise ToolFailure(f"{app.name}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    unprocessed = done.stderr.strip().splitlines() if done.returncode == 3 else []
    subprocess.run(["git", "add", "-A", "-f", "."], cwd=repo, check=True, capture_output=True)
    diff = subprocess.run(["git", "-c", "core.quotepath=off", "diff", "--cached", "--no-color"], cwd=repo,
                          capture_output=True, text=True, errors="surrogateescape", check=True).stdout
    return diff, unprocessed


def changed_files(diff: str) -> list[str]:
    return [line.split(" b/", 1)[1] for line in diff.splitlines() if line.startswith("diff --git ")]


def _renamed_by_chance(before: SuiteRun, after: SuiteRun) -> set[str]:
    """The ids of tests parametrized with values drawn at random (onionshare's ports and file
    names): a test function whose ids found in one run only differ from run to run, but whose
    outcomes over those ids are the same, was run the same way; its ids are not compared one by one."""
    only: dict[str, tuple[list[str], list[str]]] = {}
    for run, side in ((before, 0), (after, 1)):
        other = after if side == 0 else before
        for name, outcome in run.outcomes.items():
            if "[" in name and name not in other.outcomes:
                only.setdefault(name.split("[", 1)[0], ([], []))[side].append(name)
    matched: set[str] = set()
    for old_names, new_names in only.values():
        if sorted(before.outcomes[n] for n in old_names) == sorted(after.outcomes[n] for n in new_names):
            matched.update(old_names + new_names)
    return matched


def compare(before: SuiteRun, after: SuiteRun) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(tests whose outcome got worse, tests whose outcome got better), each (id, before, after)."""
    worse, better = [], []
    by_chance = _renamed_by_chance(before, after)
    for name in sorted((set(before.outcomes) | set(after.outcomes)) - by_chance):
        old, new = before.outcomes.get(name, "missing"), after.outcomes.get(name, "missing")
        if old != new:
            (worse if _WORSE[new] > _WORSE[old] else better).append((name, old, new))
    return worse, better


def _counts_text(run: SuiteRun) -> str:
    counts = run.counts()
    return " / ".join(str(counts[outcome]) for outcome in OUTCOMES) + f" (exit {run.exit_code})"


def _print_run(label: str, run: SuiteRun, show_tail: bool) -> None:
    print(f"  {label:<9} passed / failed / error / skipped: {_counts_text(run)}")
    if show_tail and not run.outcomes:
        print("    no test outcome; the run's last lines:")
        print("\n".join("      " + line for line in run.output_tail.splitlines()))


def check_app(app: App, recipe: Recipe, args: argparse.Namespace, every: list[str]) -> int:
    """Print the app's before/after outcomes; return its exit status (0, 1 or 3)."""
    print(f"== {app.name}")
    try:
        layout, _absent = lay_out(app, args.workdir, args.mirrors)
        app_dir = os.path.join(layout, app.subdir)
        bin_dir = environment(recipe, app_dir, args.cache)
    except (LayoutError, SetupError, OSError, subprocess.CalledProcessError) as error:
        print(f"  not set up: {error}")
        return 3
    trees = os.path.join(args.cache, "trees", app.name)
    copy_layout(layout, os.path.join(trees, "original"))
    before = run_tests(recipe, bin_dir, os.path.join(trees, "original", app.subdir), args.timeout)
    _print_run("original", before, True)
    failing = sorted(name for name, outcome in before.outcomes.items() if outcome in ("failed", "error"))
    for name in failing[:10]:
        print(f"    already {before.outcomes[name]} on the original: {name}")
    if len(failing) > 10:
        print(f"    ... and {len(failing) - 10} more")
    if not before.outcomes:
        return 3
    status = 0
    previous: tuple[str, SuiteRun] | None = None
    for selection, select in (("default", None), ("all", every)):
        if selection not in args.selection:
            continue
        tree = os.path.join(trees, selection)
        copy_layout(layout, tree)
        try:
            diff, unprocessed = apply_tool(args.tool, tree, app, select)
        except (ToolFailure, subprocess.CalledProcessError) as error:
            print(f"  {selection}: the tool failed: {error}")
            status = 3
            continue
        files = changed_files(diff)
        print(f"  {selection}: the tool changed {len(files)} file(s): {', '.join(files) or '-'}")
        for line in unprocessed:
            print(f"    not processed (the tool's exit 3): {line}")
        if not files:
            after = before
        elif previous is not None and previous[0] == diff:
            after = previous[1]
            print("  (the same tree as the selection before: its outcomes)")
        else:
            after = run_tests(recipe, bin_dir, os.path.join(tree, app.subdir), args.timeout)
        previous = (diff, after)
        _print_run(selection, after, True)
        worse, better = compare(before, after)
        for name, old, new in worse:
            print(f"    WORSE  {name}: {old} -> {new}")
        for name, old, new in better:
            print(f"    better {name}: {old} -> {new}")
        if worse or not after.outcomes:
            status = max(status, 1 if after.outcomes else 3)
            if worse:
                print("    the run's last lines:")
                print("\n".join("      " + line for line in after.output_tail.splitlines()))
    return status


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", action="append", default=[], metavar="NAME", help="only this app (repeatable)")
    parser.add_argument("--workdir", default=default_workdir(), help="where the apps are laid out (default: %(default)s)")
    parser.add_argument("--mirrors", default=DEFAULT_MIRRORS, help="where fetch puts the mirrors (default: %(default)s)")
    parser.add_argument("--cache", default=default_cache(), help="virtual environments and test trees (default: %(default)s)")
    parser.add_argument("--tool", help="the flask-codemod command (default: this python -m flask_codemod)")
    parser.add_argument("--selection", action="append", choices=("default", "all"),
                        help="run the tests after this selection only (repeatable; default: both)")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds one test run may take (default: %(default)s)")
    parser.add_argument("--apps-file", default=APPS_FILE)
    parser.add_argument("--table", default=APP_TESTS_FILE, help="the recipes (default: app_tests.tsv beside this file)")
    args = parser.parse_args(argv)
    args.selection = args.selection or ["default", "all"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    apps = {app.name: app for app in load_apps(args.apps_file)}
    recipes = load_recipes(args.table)
    names = args.app or list(recipes)
    unknown = [name for name in names if name not in recipes or name not in apps]
    if unknown:
        print(f"no recipe or no pin for: {', '.join(unknown)}", file=sys.stderr)
        return 2
    every = codemod_names(args.tool)
    status = 0
    for name in names:
        status = max(status, check_app(apps[name], recipes[name], args, every))
    return status


if __name__ == "__main__":
    sys.exit(main())
