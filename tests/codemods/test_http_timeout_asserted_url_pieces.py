"""http-timeout: a URL built from literal pieces around computed parts cannot equal an asserted
URL whose text does not hold those pieces, in order, from its start to its end.

Seen on the corpus (session 38, silo-pub): the Tumblr publisher posts to
``CREATE_POST_URL.format(site.domain)`` (``"https://api.tumblr.com/v2/blog/{}/post"``) while the
Twitter test patches ``requests.post`` for every caller and asserts Twitter's status URL. No
domain formatted into the Tumblr template can make it Twitter's URL: its literal start differs.
The call was held back; a timeout there leaves the Twitter test passing. Where the pieces may
fit (a computed host before Twitter's path, Twitter's host before a computed path), or a
piece is not surely the text the URL holds, the call stays held back.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result
from publishing_support import BLOG, lay_out_publishing


# silo-pub's Tumblr shape: a template constant formatted in the function, the data a name
BLOG_TEMPLATE = BLOG.replace('POST_URL = "https://blog.example/api/posts"', 'CREATE_POST_URL = "https://api.blog.example/v2/blog/{}/post"').replace(
    '    return requests.post(POST_URL, data={"status": text})',
    '    create_post_url = CREATE_POST_URL.format(text)\n    data = {"status": text}\n    return requests.post(create_post_url, data=data)',
)

TEST = """\
from unittest import mock

from shop import twitter
from shop.views import app


@mock.patch("requests.post")
def test_publish_tweets(post):
    assert app.test_client().post("/publish", data={"text": "hi"}).status_code == 200
    post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})


@mock.patch("requests.post")
def test_blog_posts(post):
    assert app.test_client().post("/blog", data={"text": "mine"}).status_code == 200
"""


def _lay_out(root, blog: str = BLOG_TEMPLATE) -> None:
    lay_out_publishing(root, TEST, blog=blog)


def _new_text(path) -> str | None:
    return http_timeout_result(path).new_text


def _freed(path, before: str) -> bool:
    return _new_text(path) not in (None, before)


def _url(url: str) -> str:
    return BLOG_TEMPLATE.replace("create_post_url = CREATE_POST_URL.format(text)", f"create_post_url = {url.replace('site', 'text')}")


@pytest.mark.parametrize(
    "url",
    [
        "CREATE_POST_URL.format(site)",  # another start, another end
        '"https://api.blog.example/v2/" + site',  # another start
        'f"https://api.blog.example/{site}/post"',
        '"https://api.blog.example/%s/post" % site',
        'site + "/v2/post"',  # another end
        '"https://api.twitter.example/1.1/statuses/" + site + ".xml"',  # Twitter's start, another end
        '"https://api.twitter.example/1.1/{}".format(site) + "/media"',
    ],
    ids=["format-constant", "start", "f-string", "percent", "end", "start-and-end", "format-then-sum"],
)
def test_a_url_whose_literal_pieces_the_asserted_url_does_not_hold_gets_the_timeout(tmp_path, url):
    blog = _url(url)
    _lay_out(tmp_path, blog)
    after = _new_text(tmp_path / "shop" / "blog.py")
    assert after is not None and "requests.post(create_post_url, data=data, timeout=60)" in after


@pytest.mark.parametrize(
    "url",
    [
        'site + "/1.1/statuses/update.json"',  # a computed host before Twitter's path
        '"https://api.twitter.example/" + site',  # Twitter's host before a computed path
        'f"https://api.twitter.example/{site}/update.json"',
        '"{}{}".format(site, site)',  # nothing of it spelled
        '"https://api.blog.example/{{v2}}/{}".format(site)',  # a template whose braces are not read
        'f"https://api.blog.example/\\\\{site}"',  # an escape the source spells
        '"https://api.blog.example/%s" % site if site else site',  # not read
    ],
    ids=["computed-host", "computed-path", "f-string-middle", "all-holes", "escaped-braces", "escape", "conditional"],
)
def test_a_url_whose_pieces_may_fit_the_asserted_url_stays_held_back(tmp_path, url):
    blog = _url(url)
    _lay_out(tmp_path, blog)
    assert not _freed(tmp_path / "shop" / "blog.py", blog)


def test_a_template_other_code_rebinds_stays_held_back(tmp_path):
    _lay_out(tmp_path)
    conftest = "from shop import blog, twitter\n\nblog.CREATE_POST_URL = twitter.CREATE_URL + '{}'\n"
    (tmp_path / "tests" / "conftest.py").write_text(conftest)
    assert not _freed(tmp_path / "shop" / "blog.py", BLOG_TEMPLATE)


def test_the_project_s_tests_pass_with_the_timeout_on_the_formatted_url(tmp_path):
    """The behaviour behind the rule: the project's own tests pass on the module as it was and
    as rewritten (the blog's call gets the timeout; the Twitter assertion never compares it)."""
    _lay_out(tmp_path)
    module = tmp_path / "shop" / "blog.py"
    after = _new_text(module)
    assert after not in (None, BLOG_TEMPLATE)
    assert [code for code, _ in project_tests_on(tmp_path, module, (BLOG_TEMPLATE, after))] == [0, 0]
