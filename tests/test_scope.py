"""Where codemods act: one rule (``Codemod.acts_on`` and ``code_kind``), applied by the engine.

Test code is changed only by codemods that release or bound what a statement opens (and by
upgrades: a legacy import breaks a test run too); packaging scripts by none; configuration,
caching, lifecycle and policy codemods only by application code.
"""

from __future__ import annotations

import libcst as cst
import pytest

from flask_codemod.codemods import Codemod, all_codemods, get_codemod
from flask_codemod.codemods._base import APPLICATION, CODE_KINDS, EXAMPLES, PACKAGING, TESTS, code_kind
from flask_codemod.engine import transform_text
from helpers import run_codemods


@pytest.mark.parametrize(
    "path, kind",
    [
        ("app.py", APPLICATION),
        ("shop/views.py", APPLICATION),
        ("testimonials/views.py", APPLICATION),
        ("contest.py", APPLICATION),
        ("latest_test_results.txt.py", APPLICATION),
        ("tests/helpers.py", TESTS),
        ("project\\tests\\helpers.py", TESTS),
        ("shop/test/factories.py", TESTS),
        ("shop/testing/fixtures.py", TESTS),
        ("flask/testsuite/helpers.py", TESTS),
        ("app/test_suite/helpers.py", TESTS),
        ("src/moin/_tests/ldap_testbase.py", TESTS),
        ("httpobs/unittests/files.py", TESTS),
        ("app/integration_tests/fixtures.py", TESTS),
        ("_ui_tests/utils.py", TESTS),  # helpers of browser-driven tests of a running server
        ("tests/ui_tests/ui_testing.py", TESTS),
        ("e2e/models/home.py", TESTS),  # end-to-end tests' page helpers
        ("app/integration/slack.py", APPLICATION),  # a word of the app's own features too
        ("spec/app.py", APPLICATION),  # RPM, goss and JavaScript specs go by the name too
        ("ab_test/views.py", APPLICATION),  # an A/B test feature of the app
        ("examples/flaskr/flaskr.py", EXAMPLES),
        ("docs/conf.py", EXAMPLES),
        ("Demo/app.py", EXAMPLES),
        ("examples/flaskr/test_flaskr.py", TESTS),
        ("samples/legacy_app/app.py", APPLICATION),
        ("exampleshop/app.py", APPLICATION),
        ("test_app.py", TESTS),
        ("shop/test_views.py", TESTS),
        ("shop/views_test.py", TESTS),
        ("shop/backend/database_unittest.py", TESTS),  # unittest's module beside the one it tests
        ("shop/api/build_tests.py", APPLICATION),  # an API resource about a CI server's test runs
        ("conftest.py", TESTS),
        ("tests.py", TESTS),
        ("./setup.py", PACKAGING),
        ("plugins/setup.py", PACKAGING),
        ("tests/setup.py", PACKAGING),
        ("<string>", APPLICATION),
    ],
)
def test_code_kind_from_the_path(path: str, kind: str) -> None:
    assert code_kind(path) == kind


def test_each_codemod_acts_on_application_code_and_never_on_packaging_scripts() -> None:
    for cls in all_codemods():
        kinds = cls.acts_on()
        assert set(kinds) <= set(CODE_KINDS)
        assert APPLICATION in kinds, cls.NAME
        assert PACKAGING not in kinds, cls.NAME


# the codemods that may touch test code, and why: they fix what a test suffers from too
IN_TESTS = {"open-with", "http-timeout"}


def test_only_resource_hygiene_and_upgrades_act_on_tests() -> None:
    acting = {cls.NAME for cls in all_codemods() if TESTS in cls.acts_on() and cls.GROUP != "upgrade"}
    assert acting == IN_TESTS


def test_configuration_caching_and_policy_act_on_the_application_only() -> None:
    """What configures, caches or tunes the app that is served has no meaning in a test, a
    script or an example; lifecycle hooks close what an example app opens too."""
    for cls in all_codemods():
        if cls.GROUP == "policy" or cls.NAME in ("dotenv-config", "cache-views"):
            assert cls.acts_on() == (APPLICATION,), cls.NAME
        elif cls.NAME in ("teardown", "atexit-cleanup"):
            assert cls.acts_on() == (APPLICATION, EXAMPLES), cls.NAME
        else:  # resource hygiene and upgrades
            assert set(cls.acts_on()) == {APPLICATION, TESTS, EXAMPLES}, cls.NAME


def test_a_tutorial_example_gets_no_policy_line_but_its_files_closed() -> None:
    source = (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\n"
        "def index():\n    return open('motd.txt').read()\n"
    )
    names = [cls.NAME for cls in all_codemods()]
    example = run_codemods(source, *names, path="examples/motd/motd.py")
    assert "with open(" in example.new_text and "SEND_FILE_MAX_AGE_DEFAULT" not in example.new_text
    assert "SEND_FILE_MAX_AGE_DEFAULT" in run_codemods(source, *names, path="motd/app.py").new_text


SETUP_PY = '''\
from setuptools import setup

setup(
    name="shop",
    long_description=open("README.rst").read(),
)
'''


def test_setup_py_is_left_alone_by_every_codemod() -> None:
    result = run_codemods(SETUP_PY, path="setup.py")
    assert result.error is None
    assert result.new_text == SETUP_PY and not result.findings and not result.project_edits
    # the same text anywhere else is application code
    assert "with open(" in run_codemods(SETUP_PY, "open-with", path="build_docs.py").new_text


TEST_MODULE = '''\
import requests
from flask import Flask, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-test-key-0d9f8a7e"


@app.route("/upload", methods=["POST"])
def upload():
    request.files["f"].save("/tmp/f")
    return "ok"


def test_upload():
    data = open("fixture.bin", "rb").read()
    assert requests.get("http://localhost:5000/health").ok
    assert app.test_client().post("/upload", data={"f": data}).status_code == 200
'''


@pytest.mark.parametrize("path", ["tests/test_upload.py", "conftest.py", "shop/upload_test.py", "tests/helpers.py"])
def test_in_test_code_only_the_resource_codemods_act(path: str) -> None:
    names = [cls.NAME for cls in all_codemods()]
    result = run_codemods(TEST_MODULE, *names, path=path)
    assert result.error is None
    assert set(result.rewrites) == IN_TESTS
    assert {f.codemod for f in result.findings} <= IN_TESTS
    assert not result.project_edits  # no .env, no requirement, no gunicorn.conf.py
    assert "with open(" in result.new_text and "timeout=" in result.new_text
    assert "MAX_CONTENT_LENGTH" not in result.new_text and "SEND_FILE_MAX_AGE_DEFAULT" not in result.new_text
    assert '"s3cr3t-test-key-0d9f8a7e"' in result.new_text


def test_the_same_module_as_application_code_gets_every_codemod() -> None:
    names = [cls.NAME for cls in all_codemods()]
    result = run_codemods(TEST_MODULE, *names, path="shop/uploads.py")
    assert {"open-with", "http-timeout", "upload-limit", "static-max-age", "dotenv-config"} <= set(result.rewrites)


def _codemod(group: str, acts_on: tuple[str, ...] | None = None) -> type[Codemod]:
    class Marker(Codemod):
        """Adds a comment line at the top of the module it runs on."""

        NAME = f"marker-{group}"
        SUMMARY = "Marks the module."
        GROUP = group
        ACTS_ON = acts_on

        def transform(self, module: cst.Module, ctx) -> cst.Module:
            ctx.rewrote()
            return module.with_changes(header=[cst.EmptyLine(comment=cst.Comment("# marked"))])

    return Marker


@pytest.mark.parametrize(
    "group, acts_on, acted",
    [
        # upgrades act on tests (a legacy import breaks them too), never on setup.py
        ("upgrade", None, {"app.py": True, "tests/test_app.py": True, "docs/app.py": True, "setup.py": False}),
        ("cleanup", None, {"app.py": True, "tests/test_app.py": False, "setup.py": False}),
        ("policy", None, {"app.py": True, "tests/test_app.py": False, "examples/app.py": False, "setup.py": False}),
        # a declared ACTS_ON wins over the group's
        ("cleanup", (APPLICATION, TESTS), {"app.py": True, "tests/test_app.py": True, "setup.py": False}),
    ],
)
def test_the_engine_runs_a_codemod_only_where_it_acts(group, acts_on, acted) -> None:
    codemod = _codemod(group, acts_on)
    for path, expected in acted.items():
        # a packaging script is a setup.py that runs setuptools (tests/test_scope_setup_modules.py)
        text = "from setuptools import setup\n" if path == "setup.py" else "x = 1\n"
        result = transform_text(text, [codemod], path=path)
        assert (result.new_text == "# marked\n" + text) is expected, (group, path)


def test_the_scope_is_checked_before_the_gates() -> None:
    """A codemod is not even asked about a file out of its scope (no gate repeats the rule)."""
    asked: list[str] = []

    class Recording(_codemod("policy")):  # type: ignore[misc, valid-type]
        def applies_to_file(self, source: str, path: str) -> bool:
            asked.append(path)
            return True

    transform_text("x = 1\n", [Recording], path="tests/test_app.py")
    transform_text("x = 1\n", [Recording], path="app.py")
    assert asked == ["app.py"]


def test_no_codemod_tests_paths_itself() -> None:
    """The rule lives in one place (codemods/_code_kinds.py): no other codemod module spells a
    test-path check (setup.py is named only as a project-root marker)."""
    import glob
    import os
    import re

    from helpers import REPO

    spelled = re.compile(r"""["'](?:conftest\.py|tests)["']|["']test_["']|["']_test\.py["']""")
    for path in glob.glob(os.path.join(REPO, "codemods", "*.py")):
        if os.path.basename(path) == "_code_kinds.py":  # the one place (re-exported by _base.py)
            continue
        with open(path, encoding="utf-8") as handle:
            found = spelled.findall(handle.read())
        assert not found, f"{os.path.basename(path)} checks paths itself: {found}"
