"""http-timeout: what the project's tests pin costs what the call asked about needs (issue 19,
session 41: privacyidea's reading of its tests' pins took 2.8 s of its 8.7 s; the reach of
many test modules: test_test_reach.py).

An assertion's URL read through a constant of another module (which may read every module of
the project, to know whether code writes that constant) is resolved only for a patch that
names the call asked about, and an assertion whose shape and keys fit it. The answers stay those of the full reading: the call no patch names
gets its timeout and the project's test still passes; the call the patch names stays, cited.
"""

from __future__ import annotations

from helpers import run_project_tests
from publishing_support import BLOG, TWITTER, lay_out_publishing

from flask_codemod import pipeline
from flask_codemod.codemods import _http_timeout_asserted_values as values
from flask_codemod.codemods import get_codemod
from flask_codemod.codemods._projects_kept import forget_projects

TEST = """\
from unittest import mock

from shop import twitter
from shop.views import app


@mock.patch("shop.twitter.requests.post")
def test_publish_tweets(post):
    assert app.test_client().post("/publish", data={"text": "hi"}).status_code == 200
    post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})
"""


def _resolutions(monkeypatch) -> list[tuple]:
    asked: list[tuple] = []
    original = values.resolved_url

    def counted(reader, importer, url, rebinding, follow=1):
        asked.append((importer, url))
        return original(reader, importer, url, rebinding, follow)

    monkeypatch.setattr(values, "resolved_url", counted)
    forget_projects()  # (no answer of an earlier test recalled)
    return asked


def _result(path):
    result = pipeline.process_file(str(path), [get_codemod("http-timeout")])
    assert result.error is None, result.error
    return result


def test_a_call_no_patch_names_never_resolves_an_asserted_url_and_the_test_still_passes(tmp_path, monkeypatch):
    lay_out_publishing(tmp_path, TEST)
    asked = _resolutions(monkeypatch)
    after = _result(tmp_path / "shop" / "blog.py").new_text
    assert after is not None and 'requests.post(POST_URL, data={"status": text}, timeout=60)' in after
    assert asked == []
    (tmp_path / "shop" / "blog.py").write_text(after)
    assert run_project_tests(tmp_path)[0] == 0


def test_the_call_a_patch_names_resolves_the_url_once_and_stays_cited(tmp_path, monkeypatch):
    lay_out_publishing(tmp_path, TEST)
    asked = _resolutions(monkeypatch)
    result = _result(tmp_path / "shop" / "twitter.py")
    assert result.new_text in (None, TWITTER)
    messages = [finding.message for finding in result.findings]
    assert len(messages) == 1 and "tests/test_views.py:7 patches shop.twitter.requests.post" in messages[0], messages
    # the test module's twitter.CREATE_URL, then the constant it names in shop/twitter.py
    assert [importer for importer, _ in asked] == ["tests/test_views.py", "shop/twitter.py"]
    assert _result(tmp_path / "shop" / "blog.py").new_text not in (None, BLOG)
    assert len(asked) == 2  # (blog's call: its patch names another module)
