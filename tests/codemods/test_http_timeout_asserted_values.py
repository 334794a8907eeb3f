"""http-timeout: an assertion of a mock's exact arguments holds back only the calls whose URL
can equal the URL it asserts.

Seen on the corpus (session 38, silo-pub): the Twitter tests patch ``requests.post`` for every
caller and assert the exact arguments of the Twitter call (``twitter.CREATE_STATUS_URL,
data=..., auth=ANY``); the test client reaches every publishing module, so the Goodreads,
Tumblr, Blogger ... POSTs of the same keywords were held back too, though none of them can
equal the Twitter URL the assertion names. A call to another literal URL (or a constant its
module binds once) fails that assertion today if the test compares it: where the test passes,
it does not compare it, and a timeout there leaves the test passing.
"""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods, run_project_tests
from publishing_support import BLOG, TWITTER, lay_out_publishing

from flask_codemod import pipeline
from flask_codemod.codemods import get_codemod

TEST = """\
from unittest import mock

from shop import twitter
from shop.views import app


def test_nothing_asserted():
    with mock.patch("requests.post") as post:
        app.test_client().post("/blog", data={"text": "hi"})


@mock.patch("requests.post")
def test_publish_tweets(post):
    assert app.test_client().post("/publish", data={"text": "hi"}).status_code == 200
    post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})
"""

ASSERTION = 'post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})'


def _lay_out(root, test: str = TEST, blog: str = BLOG, twitter: str = TWITTER) -> None:
    lay_out_publishing(root, test, blog=blog, twitter=twitter)


def _result(path):
    result = pipeline.process_file(str(path), [get_codemod("http-timeout")])
    assert result.error is None, result.error
    return result


def _changed(path, before: str) -> bool:
    return _result(path).new_text not in (None, before)


def test_a_call_to_another_constant_url_gets_the_timeout(tmp_path):
    _lay_out(tmp_path)
    after = _result(tmp_path / "shop" / "blog.py").new_text
    assert after is not None and 'requests.post(POST_URL, data={"status": text}, timeout=60)' in after


def test_the_call_the_assertion_names_stays_and_the_finding_cites_that_assertion(tmp_path):
    _lay_out(tmp_path)
    result = _result(tmp_path / "shop" / "twitter.py")
    assert result.new_text in (None, TWITTER)
    messages = [finding.message for finding in result.findings]
    # the patch and the assertion of the test that fits the call, not the first patch of that name
    assert len(messages) == 1 and "tests/test_views.py:12 patches requests.post" in messages[0], messages
    assert "tests/test_views.py:15 asserts" in messages[0], messages


@pytest.mark.parametrize(
    "blog",
    [
        BLOG.replace("requests.post(POST_URL,", "requests.post(url,").replace("def publish(text)", "def publish(text, url=POST_URL)"),
        BLOG.replace("requests.post(POST_URL,", 'requests.post(f"{text}/1.1/statuses/update.json",'),  # (its end may be Twitter's)
        BLOG.replace('(POST_URL, data={"status": text})', "(url, data=payload)").replace("(text):", "(text, url, payload):"),
        BLOG.replace("requests.post(POST_URL,", 'requests.post("https://api.twitter.example/" + text,'),  # (its start is Twitter's)
        BLOG + '\n\ndef move(url):\n    global POST_URL\n    POST_URL = url\n',  # bound twice: either may hold
        BLOG.replace("requests.post(POST_URL,", "requests.post(twitter_url(),") + "\n\ndef twitter_url():\n    return 'x'\n",
    ],
    ids=["parameter", "f-string", "data-name", "concatenation", "rebound", "call"],
)
def test_a_call_whose_url_is_not_told_stays_held_back(tmp_path, blog):
    _lay_out(tmp_path, blog=blog)
    assert not _changed(tmp_path / "shop" / "blog.py", blog)


@pytest.mark.parametrize(
    "assertion",
    [
        'post.assert_called_once_with("https://blog.example/api/posts", data={"status": "hi"})',  # the same URL
        'post.assert_called_once_with(mock.ANY, data={"status": "hi"})',
        'post.assert_called_once_with(twitter.base + "/update", data={"status": "hi"})',
        'post.assert_called_once_with(URL, data={"status": "hi"})',  # a name bound twice in the test module
    ],
)
def test_an_assertion_whose_url_may_equal_the_call_s_holds_it_back(tmp_path, assertion):
    test = TEST.replace(ASSERTION, assertion) + '\n\nURL = "https://a.example"\nURL = "https://blog.example/api/posts"\n'
    _lay_out(tmp_path, test)
    assert not _changed(tmp_path / "shop" / "blog.py", BLOG)


@pytest.mark.parametrize(
    "assertion, header",
    [
        ('post.assert_called_once_with("https://api.twitter.example/1.1/statuses/update.json", data={"status": "hi"})', ""),
        ('post.assert_called_once_with(URL, data={"status": "hi"})', 'URL = "https://api.twitter.example/1.1/" + "statuses/update.json"\n'),
        ('post.assert_called_once_with(CREATE_URL, data={"status": "hi"})', "from shop.twitter import CREATE_URL\n"),
        ('post.assert_any_call(url=twitter.CREATE_URL, data={"status": "hi"})', ""),
        ('post.assert_has_calls([mock.call(twitter.CREATE_URL, data={"status": "hi"})])', ""),
    ],
    ids=["literal", "test-constant", "imported-constant", "url-keyword", "has-calls"],
)
def test_an_assertion_of_another_url_frees_the_call(tmp_path, assertion, header):
    test = header + TEST.replace(ASSERTION, assertion)
    blog = BLOG.replace("requests.post(POST_URL,", "requests.post(url=POST_URL,") if "url=" in assertion else BLOG
    _lay_out(tmp_path, test, blog=blog)
    assert _changed(tmp_path / "shop" / "blog.py", blog)
    twitter = TWITTER.replace("requests.post(CREATE_URL,", "requests.post(url=CREATE_URL,") if "url=" in assertion else TWITTER
    (tmp_path / "shop" / "twitter.py").write_text(twitter)
    assert not _changed(tmp_path / "shop" / "twitter.py", twitter)  # the URL it asserts: held back


def test_a_has_calls_assertion_of_calls_not_listed_plainly_holds_back_any_call(tmp_path):
    test = TEST.replace(ASSERTION, 'post.assert_has_calls(expected)').replace("def test_publish_tweets(post):", "def test_publish_tweets(post):\n    expected = []")
    _lay_out(tmp_path, test)
    assert not _changed(tmp_path / "shop" / "blog.py", BLOG)


def test_the_project_s_test_passes_with_the_freed_timeout_and_fails_with_the_held_one(tmp_path):
    """The behaviour behind the rule: the project's own tests, run on the code as it was, with
    the timeout the rewrite gives the blog call, and with one given to the asserted call."""
    _lay_out(tmp_path)
    blog_after = _result(tmp_path / "shop" / "blog.py").new_text
    assert blog_after not in (None, BLOG)
    outcomes = [run_project_tests(tmp_path)[0]]
    (tmp_path / "shop" / "blog.py").write_text(blog_after)
    outcomes.append(run_project_tests(tmp_path)[0])
    (tmp_path / "shop" / "twitter.py").write_text(TWITTER.replace('data={"status": text})', 'data={"status": text}, timeout=60)'))
    outcomes.append(run_project_tests(tmp_path)[0])
    assert outcomes == [0, 0, 1]


FLICKR = """\
from requests_oauthlib import OAuth1Session

REQUEST_TOKEN_URL = "https://www.flickr.example/services/oauth/request_token"


def get_authorize_url(key, secret):
    oauth = OAuth1Session(client_key=key, client_secret=secret)
    return oauth.fetch_request_token(REQUEST_TOKEN_URL)
"""

SESSION_POST_TEST = """\
from silopub import flickr, twitter  # (flickr: reached, as a test client reaches every module)


def test_get_authorize_url(mocker):
    post = mocker.patch("requests.Session.post")
    twitter.get_authorize_url("k", "s")
    post.assert_called_once_with(twitter.REQUEST_TOKEN_URL)
"""


@pytest.mark.parametrize(
    "url, held",
    [("REQUEST_TOKEN_URL", False), ('"https://api.twitter.example/oauth/request_token"', True), ("url", True)],
)
def test_a_token_request_is_held_back_by_a_session_s_post_asserted_with_its_url_only(url, held):
    """A token request of requests-oauthlib hands its URL on to the Session's ``post``
    unchanged (silo-pub: the Twitter test asserts the request token POST; Flickr's, Tumblr's
    and Goodreads' token requests go to URLs of their own)."""
    flickr = FLICKR.replace("fetch_request_token(REQUEST_TOKEN_URL)", f"fetch_request_token({url})").replace("(key, secret)", "(key, secret, url=None)")
    project = {
        "silopub/__init__.py": "",
        "silopub/twitter.py": 'REQUEST_TOKEN_URL = "https://api.twitter.example/oauth/request_token"\n',
        "tests/test_twitter.py": SESSION_POST_TEST,
    }
    result = run_codemods(flickr, "http-timeout", path="silopub/flickr.py", dedent=False, project=project)
    assert ("timeout=" not in result.new_text) is held, finding_messages(result)
    if held:
        assert any("tests/test_twitter.py:7 asserts" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "data, held",
    [
        ('{"body": text}', False),  # other keys: no dict of them equals the one asserted
        ('{"status": text, "media": 1}', False),
        ('{"status": text}', True),
        ('{"status": text, **extra}', True),  # keys not told
        ('{key: text}', True),
        ("dict(status=text)", True),
    ],
)
def test_a_mapping_of_other_literal_keys_cannot_equal_the_asserted_one(tmp_path, data, held):
    """redwind: the login test asserts the IndieAuth POST's ``data={code, client_id,
    redirect_uri, state}``; the token endpoint's POST of an unknown URL sends ``me`` too, and
    the micropub probe's GET sends ``headers={"Authorization": ...}`` where the assertion has
    ``User-Agent``: neither can equal it."""
    blog = BLOG.replace("requests.post(POST_URL,", "requests.post(url,").replace("(text):", "(text, url, key='k', extra=None):")
    blog = blog.replace('data={"status": text}', f"data={data}")
    _lay_out(tmp_path, blog=blog)
    assert (not _changed(tmp_path / "shop" / "blog.py", blog)) is held


def test_the_url_of_a_method_of_a_patched_module_is_read_where_that_method_takes_it(tmp_path):
    """``patch("shop.blog.requests")`` and ``mock_requests.request.assert_called_with("POST",
    url, ...)``: the URL is ``request``'s second argument, not the method's name."""
    blog = BLOG.replace("requests.post(POST_URL,", 'requests.request("POST", POST_URL,')
    test = TEST.replace('@mock.patch("requests.post")\ndef test_publish_tweets(post):', '@mock.patch("shop.blog.requests")\ndef test_publish_tweets(mock_requests):')
    test = test.replace(ASSERTION, 'mock_requests.request.assert_called_once_with("POST", "https://blog.example/api/posts", data={"status": "hi"})')
    _lay_out(tmp_path, test, blog=blog)
    assert not _changed(tmp_path / "shop" / "blog.py", blog)


OAUTH2_TOKEN = """\
from requests_oauthlib import OAuth2Session

TOKEN_URL = "https://auth.example/token"


def login(code):
    oauth = OAuth2Session("client-id")
    return oauth.fetch_token(TOKEN_URL, code=code, headers={"X-Client": "shop"})
"""


def test_a_token_request_s_mappings_are_not_what_the_session_s_method_is_given():
    """``fetch_token`` adds headers of its own before it calls the Session's ``request``: the
    keys the call writes are not the keys the patched method compares."""
    test = (
        "from shop import auth\n\n\ndef test_login(mocker):\n"
        '    request = mocker.patch("requests.Session.request")\n'
        '    auth.login("c")\n'
        '    request.assert_called_once_with(method="POST", url=auth.TOKEN_URL, headers={"Accept": "application/json"})\n'
    )
    project = {"shop/__init__.py": "", "tests/test_auth.py": test, "requirements.txt": "requests-oauthlib>=1.0\n"}
    result = run_codemods(OAUTH2_TOKEN, "http-timeout", path="shop/auth.py", dedent=False, project=project)
    assert "timeout=" not in result.new_text, finding_messages(result)


CLASS_TEST = """\
from unittest import mock

from shop import blog, twitter
from shop.views import app


class TestPublishing:
    @mock.patch("requests.post")
    def test_blog(self, post):
        app.test_client().post("/blog", data={"text": "hi"})
        post.assert_called_once_with(blog.POST_URL, data={"status": "hi"})

    @mock.patch("requests.post")
    def test_tweet(self, post):
        app.test_client().post("/publish", data={"text": "hi"})
        post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})
"""


def test_the_finding_cites_the_patch_and_assertion_of_one_test_method(tmp_path):
    """pybossa: the newsletter tests are methods of one class, each patching its own function
    and asserting its call; a PUT was cited with the POST test's assertion."""
    _lay_out(tmp_path, CLASS_TEST)
    messages = [finding.message for finding in _result(tmp_path / "shop" / "twitter.py").findings]
    assert len(messages) == 1 and "tests/test_views.py:13 patches" in messages[0] and "tests/test_views.py:16 asserts" in messages[0], messages
