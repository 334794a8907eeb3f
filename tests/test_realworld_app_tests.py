"""benchmarks/realworld/app_tests.py without the mirrors or the package index: the table of
recipes parses and names pinned apps, relaxed pins replace the app's own, and test outcomes
are read from pytest's JUnit XML and compared."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import REPO

sys.path.insert(0, os.path.join(REPO, "benchmarks", "realworld"))

from app_envs import Recipe, load_recipes, requirements  # noqa: E402
from app_tests import SuiteRun, apply_tool, compare, parse_junit  # noqa: E402
from ledger import App, load_apps  # noqa: E402


def test_every_recipe_names_a_pinned_app_and_a_pytest_command():
    recipes = load_recipes()
    pinned = {app.name for app in load_apps()}
    assert len(recipes) >= 5
    for name, recipe in recipes.items():
        assert name in pinned
        assert recipe.test[0] == "pytest" and recipe.install and recipe.note


def test_relaxed_pins_replace_the_app_s_own_and_dropped_ones_go(tmp_path):
    (tmp_path / "requirements.txt").write_text("-r base.txt\nWerkzeug==0.14.1  # old\nmeinheld==0.6.1\n")
    (tmp_path / "base.txt").write_text("Flask==1.0.2 \\\n    --hash=sha256:00\nshop==1.0\n")
    (tmp_path / "Pipfile.lock").write_text('{"default": {"six": {"version": "==1.11.0"}}}')
    recipe = Recipe("shop", ("requirements.txt", "Pipfile.lock", "pytest==8.3.5"), ("werkzeug==0.16.1", "!meinheld"), ("pytest",), (), "n")
    assert requirements(recipe, str(tmp_path)) == ["Flask==1.0.2", "six==1.11.0", "pytest==8.3.5", "werkzeug==0.16.1"]


def test_included_files_are_followed_as_pip_reads_them(tmp_path):
    (tmp_path / "requirements-dev.txt").write_text("-e .\n-rrequirements.txt\n--requirement=extra.txt  # more\npytest\n")
    (tmp_path / "requirements.txt").write_text("Flask==2.0.1\n")
    (tmp_path / "extra.txt").write_text("-c pins.txt\nmock\n")
    (tmp_path / "pins.txt").write_text("six==1.16.0\n")
    recipe = Recipe("shop", ("requirements-dev.txt",), (), ("pytest",), (), "n")
    assert requirements(recipe, str(tmp_path)) == ["Flask==2.0.1", "mock", "pytest"]


def test_pyproject_dependencies_and_extras(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "shop"\ndependencies = ["flask>=3"]\n[project.optional-dependencies]\ndev = ["pytest"]\n'
    )
    recipe = Recipe("shop", ("pyproject[dev]",), (), ("pytest",), (), "n")
    assert requirements(recipe, str(tmp_path)) == ["flask>=3", "pytest"]


def test_outcomes_are_read_and_compared(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_a" name="test_ok"/>'
        '<testcase classname="tests.test_a" name="test_bad"><failure message="x"/></testcase>'
        '<testcase classname="tests.test_a" name="test_skip"><skipped/></testcase>'
        '<testcase classname="tests.test_a" name="test_ok"><error message="teardown"/></testcase>'
        "</testsuite></testsuites>"
    )
    outcomes = parse_junit(str(junit))
    assert outcomes == {"tests.test_a::test_ok": "error", "tests.test_a::test_bad": "failed", "tests.test_a::test_skip": "skipped"}
    before = SuiteRun({"t::a": "passed", "t::b": "failed", "t::c": "passed"})
    after = SuiteRun({"t::a": "failed", "t::b": "passed"})
    worse, better = compare(before, after)
    assert worse == [("t::a", "passed", "failed"), ("t::c", "passed", "missing")]
    assert better == [("t::b", "failed", "passed")]


def test_a_recipe_may_name_a_step_run_in_each_tree_before_its_tests(tmp_path):
    table = tmp_path / "app_tests.tsv"
    table.write_text(
        "app\tinstall\tpins\ttest\tenv\tnote\tprepare\n"
        "shop\trequirements.txt\t\tpytest tests\t\tno step\n"
        "blog\trequirements.txt\t\tpytest tests\t\tits data file\tcp tests/fixtures/a.json data/a.json\n"
    )
    recipes = load_recipes(str(table))
    assert recipes["shop"].prepare == ""
    assert recipes["blog"].prepare == "cp tests/fixtures/a.json data/a.json"


def test_a_file_the_tool_cannot_process_is_named_and_the_others_are_still_tested(tmp_path):
    """The tool's exit 3 (a file in a newer Python's syntax, say) writes every other file: the run
    goes on with that tree and names the file, rather than dropping the selection."""
    (tmp_path / "app.py").write_text("import requests\n\n\ndef fetch(url):\n    return requests.get(url)\n")
    (tmp_path / "maps.py").write_text("import requests\n\nq = {'crs': 1}\nrequests.get(f'{q['crs']}')\n")
    for step in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "pin"]):
        subprocess.run(["git", *step], cwd=tmp_path, check=True, capture_output=True)
    diff, unprocessed = apply_tool(None, str(tmp_path), App("shop", "o/shop", "0" * 40, "", "n"), ["http-timeout"])
    assert "+    return requests.get(url, timeout=60)" in diff
    assert len(unprocessed) == 1 and unprocessed[0].startswith("maps.py: uses Python 3.12 syntax")


def test_tests_parametrized_with_random_values_are_compared_by_their_function():
    # onionshare's suite draws the parameters of two tests at random (ports, file names): each run
    # names other tests, so id by id every one is "missing" on one side.
    before = SuiteRun({"t::port[1055-1905]": "passed", "t::port[1068-1934]": "passed", "t::name[ab]": "passed",
                       "t::fixed[1]": "passed", "t::gone[x]": "passed"})
    after = SuiteRun({"t::port[1120-1810]": "passed", "t::port[1336-1997]": "passed", "t::name[cd]": "failed",
                      "t::fixed[1]": "passed", "t::new[y]": "passed"})
    worse, better = compare(before, after)
    # the two port tests: the same outcomes by function, so no change; a function whose outcomes
    # differ, and ids with no counterpart of the same function, are still listed one by one
    assert worse == [("t::gone[x]", "passed", "missing"), ("t::name[ab]", "passed", "missing")]
    assert better == [("t::name[cd]", "missing", "failed"), ("t::new[y]", "missing", "passed")]
