"""open-with: a test's fake of a library's opener (``mocker.patch("urllib.request.urlopen")``
returning a class of the tests' own with no ``__enter__``) holds back the openers of the
modules the test reaches through the project's own imports (``_test_reach``), not every
module of the project: a module no such test imports, directly or through the modules and
conftests it imports, never runs under that fake.

Session 38: the rule held such openers back project-wide (redwind's wm_sender.py:166 was cited
with the receiver's test, which never imports the sender).
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "open-with"

OPENER = """\
import urllib.request


def final_url(url):
    return urllib.request.urlopen(url).geturl()
"""

FAKES = """\
class FakeAnswer:
    def __init__(self, url):
        self.url = url

    def geturl(self):
        return self.url
"""

TEST = """\
from fakes import FakeAnswer

from blog import links


def test_final_url(mocker):
    urlopen = mocker.patch("urllib.request.urlopen")
    urlopen.return_value = FakeAnswer("https://example.org/b")
    assert links.final_url("https://example.org/a") == "https://example.org/b"
"""


def _project(links: str = OPENER) -> dict[str, str]:
    return {
        "blog/__init__.py": "",
        "blog/links.py": links,
        "blog/feeds.py": OPENER,
        "blog/jobs.py": OPENER,
        "tests/fakes.py": FAKES,
        "tests/test_links.py": TEST,
    }


def test_a_module_the_faking_test_does_not_reach_gets_its_with_block():
    result = run_codemods(OPENER, NAME, path="blog/jobs.py", dedent=False, project=_project())
    assert "with urllib.request.urlopen(url) as" in result.new_text, finding_messages(result)


def test_a_module_the_faking_test_reaches_through_another_stays_with_a_finding():
    links = "from . import feeds\n\n\n" + OPENER
    result = run_codemods(OPENER, NAME, path="blog/feeds.py", dedent=False, project=_project(links))
    assert "return urllib.request.urlopen(url).geturl()" in result.new_text
    messages = finding_messages(result)
    assert any("tests/test_links.py:7" in m and "FakeAnswer" in m for m in messages), messages


def test_the_module_the_test_imports_stays_with_a_finding():
    result = run_codemods(OPENER, NAME, path="blog/links.py", dedent=False, project=_project())
    assert "return urllib.request.urlopen(url).geturl()" in result.new_text


def test_a_fake_a_conftest_fixture_installs_holds_back_every_module():
    """A conftest's fixture (or a helper a test calls) patches for whichever test uses it, and
    that test reaches what it imports, not what the conftest does: project-wide, as before."""
    project = _project()
    project["tests/conftest.py"] = (
        "import pytest\n\nfrom fakes import FakeAnswer\n\n\n@pytest.fixture(autouse=True)\ndef answer(mocker):\n"
        '    mocker.patch("urllib.request.urlopen", return_value=FakeAnswer("https://example.org/b"))\n'
    )
    project["tests/test_links.py"] = "from blog import jobs\n\n\ndef test_jobs():\n    assert jobs.final_url('x')\n"
    result = run_codemods(OPENER, NAME, path="blog/feeds.py", dedent=False, project=project)
    assert "return urllib.request.urlopen(url).geturl()" in result.new_text, finding_messages(result)


def test_a_conftest_that_replaces_open_holds_back_every_module_s_open():
    """The same for a replacement of ``open`` itself (session 37's rule read the conftest's
    own imports only)."""
    project = {
        "blog/__init__.py": "",
        "blog/jobs.py": "def size(path):\n    return len(open(path).read())\n",
        "tests/conftest.py": (
            "from unittest import mock\n\nimport pytest\n\n\n@pytest.fixture(autouse=True)\ndef no_files():\n"
            '    with mock.patch("builtins.open", mock.Mock()):\n        yield\n'
        ),
        "tests/test_jobs.py": "from blog import jobs\n\n\ndef test_size():\n    assert jobs.size('x') is not None\n",
    }
    result = run_codemods(project["blog/jobs.py"], NAME, path="blog/jobs.py", dedent=False, project=project)
    assert "return len(open(path).read())" in result.new_text, finding_messages(result)
