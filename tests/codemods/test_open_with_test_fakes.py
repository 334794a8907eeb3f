"""open-with: an opener the project's tests replace with a fake of their own that no with can enter.

Seen on the corpus (session 33, an IndieWeb blog engine): the webmention code followed a
redirect with ``urlopen(url).geturl()`` and read a link's headers with ``urlopen(req).info()``;
the project's tests patch ``urllib.request.urlopen`` and make it return a small class of
theirs with ``geturl()`` and ``info()`` and no ``__enter__``. Wrapped in a with-block, the code
enters that object first and the tests fail with TypeError, though the program is right.
Such an opener is left, with a finding naming the test and the class.
"""

from __future__ import annotations

import subprocess
import sys

from helpers import finding_messages, run_codemods

NAME = "open-with"

LINKS = """\
import urllib.request


def final_url(url):
    return urllib.request.urlopen(url).geturl()


def size_of(path):
    return len(open(path).read())
"""

FAKES = """\
class FakeAnswer:
    def __init__(self, url):
        self.url = url

    def geturl(self):
        return self.url


class EnterableAnswer(FakeAnswer):
    pass
"""

TEST = """\
from fakes import FakeAnswer

from blog import links


def test_final_url(mocker):
    urlopen = mocker.patch("urllib.request.urlopen")
    urlopen.return_value = FakeAnswer("https://example.org/b")
    assert links.final_url("https://example.org/a") == "https://example.org/b"
"""


def _project(test: str = TEST, fakes: str = FAKES) -> dict[str, str]:
    return {"blog/__init__.py": "", "blog/links.py": LINKS, "tests/fakes.py": fakes, "tests/test_links.py": test}


def test_an_opener_the_tests_replace_with_a_fake_is_left_with_a_finding():
    result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project())
    assert "return urllib.request.urlopen(url).geturl()" in result.new_text
    messages = finding_messages(result)
    assert any("tests/test_links.py:7" in m and "FakeAnswer" in m and "__enter__" in m for m in messages), messages
    # the module's other opener, which no test replaces, is still wrapped
    assert "with open(path) as f:" in result.new_text


def test_the_patch_spelled_through_the_module_counts():
    test = TEST.replace('mocker.patch("urllib.request.urlopen")', 'mocker.patch("blog.links.urllib.request.urlopen")')
    result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project(test))
    assert "return urllib.request.urlopen(url).geturl()" in result.new_text


def test_a_fake_that_can_be_entered_lets_the_with_block_be_written():
    fakes = FAKES + "\n\nclass Entered:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc):\n        return False\n"
    for fake in ("Entered", "EnterableAnswer"):  # its own __enter__, or a base that may give it one
        test = TEST.replace('FakeAnswer("https', f'{fake}("https').replace("import FakeAnswer", f"import {fake}")
        result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project(test, fakes))
        assert "with urllib.request.urlopen(url) as" in result.new_text, fake


def test_a_patch_of_another_opener_changes_nothing_here():
    test = TEST.replace('"urllib.request.urlopen"', '"http.client.HTTPConnection"')
    result = run_codemods(LINKS, NAME, path="blog/links.py", dedent=False, project=_project(test))
    assert "with urllib.request.urlopen(url) as" in result.new_text


def test_the_project_s_test_passes_before_and_fails_with_the_with_block(tmp_path):
    """The behaviour behind the rule: the fake, entered, raises TypeError."""
    (tmp_path / "fakes.py").write_text(FAKES)
    package = tmp_path / "blog"
    package.mkdir()
    (package / "__init__.py").write_text("")
    check = (
        "import urllib.request\nfrom unittest import mock\n\nfrom fakes import FakeAnswer\nfrom blog import links\n\n"
        'with mock.patch("urllib.request.urlopen") as urlopen:\n'
        '    urlopen.return_value = FakeAnswer("https://example.org/b")\n'
        '    assert links.final_url("https://example.org/a") == "https://example.org/b"\n'
    )
    (tmp_path / "check.py").write_text(check)
    wrapped = LINKS.replace(
        "    return urllib.request.urlopen(url).geturl()",
        "    with urllib.request.urlopen(url) as answer:\n        return answer.geturl()",
    )
    outcomes = []
    for text in (LINKS, wrapped):
        (package / "links.py").write_text(text)
        done = subprocess.run([sys.executable, "check.py"], cwd=tmp_path, capture_output=True, text=True, check=False)
        outcomes.append(done.returncode)
    assert outcomes == [0, 1]


def test_a_library_patch_does_not_reach_a_name_the_module_imported_from_it():
    """``from urllib.request import urlopen`` bound the function before the test patched the
    module's attribute: the module's own name still calls the real one."""
    imported = LINKS.replace("import urllib.request\n", "from urllib.request import urlopen\n").replace(
        "urllib.request.urlopen(url)", "urlopen(url)"
    )
    result = run_codemods(imported, NAME, path="blog/links.py", dedent=False, project=_project())
    assert "with urlopen(url) as" in result.new_text
    test = TEST.replace('"urllib.request.urlopen"', '"blog.links.urlopen"')
    result = run_codemods(imported, NAME, path="blog/links.py", dedent=False, project=_project(test))
    assert "return urlopen(url).geturl()" in result.new_text
