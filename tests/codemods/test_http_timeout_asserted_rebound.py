"""http-timeout: a module constant that other code rebinds is not "bound once".

Session 38 let a call through when a test's exact assertion pins a different URL than the
call's module constant (``requests.post(POST_URL, ...)`` against ``assert_called_once_with(
twitter.CREATE_URL, ...)``). Where a test (or a conftest, or the app itself) rebinds that
constant — ``monkeypatch.setattr(blog, "POST_URL", ...)``, ``mock.patch.object``, ``patch(
"shop.blog.POST_URL", ...)``, ``blog.POST_URL = ...`` — or a later star import or a write
through ``globals()`` may, the value the call passes is no longer the one its module
assigns, and the assertion may then compare it: the call stays held back. The same holds
for the constant the assertion names.
"""

from __future__ import annotations

import pytest

from helpers import project_tests_on
from http_support import http_timeout_result
from publishing_support import BLOG, TWITTER, VIEWS, lay_out_publishing


TEST = """\
from unittest import mock

from shop import blog, twitter
from shop.views import app


@mock.patch("requests.post")
def test_publish(post):
    {REBIND}
    assert app.test_client().post("/blog", data={"text": "hi"}).status_code == 200
    post.assert_called_once_with(twitter.CREATE_URL, data={"status": "hi"})
"""


def _lay_out(root, rebind: str = "pass", *, blog: str = BLOG, twitter: str = TWITTER, views: str = VIEWS,
             conftest: str | None = None, extra: dict[str, str] | None = None) -> None:
    test = TEST.replace("{REBIND}", rebind)
    if "monkeypatch" in rebind:
        test = test.replace("def test_publish(post):", "def test_publish(post, monkeypatch):")
    files = {**(extra or {}), **({"tests/conftest.py": conftest} if conftest is not None else {})}
    lay_out_publishing(root, test, blog=blog, twitter=twitter, views=views, files=files)


def _new_text(path) -> str | None:
    return http_timeout_result(path).new_text


def _freed(path, before: str) -> bool:
    return _new_text(path) not in (None, before)


def test_a_constant_no_code_rebinds_is_compared_as_before(tmp_path):
    _lay_out(tmp_path, 'monkeypatch.setattr(blog, "TIMEOUT", 5)')  # another name: nothing said of POST_URL
    assert _freed(tmp_path / "shop" / "blog.py", BLOG)


@pytest.mark.parametrize(
    "rebind",
    [
        'monkeypatch.setattr(blog, "POST_URL", twitter.CREATE_URL)',
        'monkeypatch.setattr("shop.blog.POST_URL", twitter.CREATE_URL)',
        'mock.patch.object(blog, "POST_URL", twitter.CREATE_URL).start()',
        'mock.patch("shop.blog.POST_URL", twitter.CREATE_URL).start()',
        "mock.patch.multiple(blog, POST_URL=twitter.CREATE_URL).start()",
        "blog.POST_URL = twitter.CREATE_URL",
        "blog.POST_URL, other = twitter.CREATE_URL, 1",
        'setattr(blog, "POST_URL", twitter.CREATE_URL)',
        'blog.__dict__["POST_URL"] = twitter.CREATE_URL',
        'for name in ["POST_URL"]:\n        setattr(blog, name, twitter.CREATE_URL)',  # a name computed, on a module
    ],
    ids=["monkeypatch", "monkeypatch-dotted", "patch-object", "patch-target", "patch-multiple", "attribute",
         "tuple-target", "setattr", "module-dict", "computed-name"],
)
def test_a_call_whose_constant_a_test_rebinds_stays_held_back(tmp_path, rebind):
    _lay_out(tmp_path, rebind)
    assert not _freed(tmp_path / "shop" / "blog.py", BLOG)


def test_a_computed_name_written_on_an_object_of_the_app_s_own_is_no_write_of_a_constant(tmp_path):
    views = VIEWS.replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\n\nclass Post:\n    def __init__(self, **fields):\n"
                          "        self.__dict__.update(fields)\n        for key, value in fields.items():\n            setattr(self, key, value)\n\n\n"
                          "def fill(post, fields):\n    for key, value in fields.items():\n        setattr(post, key, value)\n")
    _lay_out(tmp_path, views=views)
    assert _freed(tmp_path / "shop" / "blog.py", BLOG)


def test_a_constant_a_conftest_rebinds_stays_held_back(tmp_path):
    conftest = (
        "import pytest\n\nfrom shop import blog, twitter\n\n\n@pytest.fixture(autouse=True)\n"
        "def to_twitter(monkeypatch):\n    monkeypatch.setattr(blog, 'POST_URL', twitter.CREATE_URL)\n"
    )
    _lay_out(tmp_path, conftest=conftest)
    assert not _freed(tmp_path / "shop" / "blog.py", BLOG)


def test_a_constant_the_app_rebinds_from_another_module_stays_held_back(tmp_path):
    views = VIEWS.replace("app = Flask(__name__)\n", "app = Flask(__name__)\nblog.POST_URL = app.config.get('BLOG_URL', blog.POST_URL)\n")
    _lay_out(tmp_path, views=views)
    assert not _freed(tmp_path / "shop" / "blog.py", BLOG)


@pytest.mark.parametrize(
    "blog",
    [
        BLOG.replace("\n\ndef publish", "from .settings import *\n\n\ndef publish"),  # may rebind POST_URL
        BLOG + '\n\ndef configure(url):\n    globals()["POST_URL"] = url\n',
        BLOG + "\n\ndef configure(**urls):\n    globals().update(urls)\n",
    ],
    ids=["star-import-after", "globals-item", "globals-update"],
)
def test_a_constant_its_own_module_may_rebind_otherwise_stays_held_back(tmp_path, blog):
    _lay_out(tmp_path, blog=blog, extra={"shop/settings.py": 'POST_URL = "https://api.twitter.example/1.1/statuses/update.json"\n'})
    assert not _freed(tmp_path / "shop" / "blog.py", blog)


def test_a_star_import_before_the_constant_leaves_it_bound_once(tmp_path):
    blog = BLOG.replace("import requests\n", "import requests\nfrom .settings import *\n")
    _lay_out(tmp_path, blog=blog, extra={"shop/settings.py": "RETRIES = 3\n"})
    assert _freed(tmp_path / "shop" / "blog.py", blog)


@pytest.mark.parametrize(
    "where",
    ["conftest", "twitter-star-import", "test-star-import"],
)
def test_an_asserted_constant_that_may_be_rebound_holds_back_any_call(tmp_path, where):
    """The other side: the constant the assertion names is rebound (to the blog's URL, say),
    so the assertion may equal the blog's call."""
    conftest = twitter = None
    extra = {"shop/settings.py": 'CREATE_URL = "https://blog.example/api/posts"\n'}
    if where == "conftest":
        conftest = (
            "import pytest\n\nfrom shop import blog, twitter\n\n\n@pytest.fixture(autouse=True)\n"
            "def to_blog(monkeypatch):\n    monkeypatch.setattr(twitter, 'CREATE_URL', blog.POST_URL)\n"
        )
    elif where == "twitter-star-import":
        twitter = TWITTER.replace("\n\ndef tweet", "from .settings import *\n\n\ndef tweet")
    _lay_out(tmp_path, conftest=conftest, twitter=twitter or TWITTER, extra=extra)
    if where == "test-star-import":
        test = (tmp_path / "tests" / "test_views.py").read_text()
        test = test.replace("twitter.CREATE_URL, data", "CREATE_URL, data")
        test = test.replace("from shop.views import app\n", 'from shop.views import app\n\nCREATE_URL = "https://api.twitter.example/1.1/statuses/update.json"\nfrom shop.settings import *\n')
        (tmp_path / "tests" / "test_views.py").write_text(test)
    assert not _freed(tmp_path / "shop" / "blog.py", BLOG)


def test_the_project_s_test_fails_once_the_call_of_a_rebound_constant_gets_a_timeout(tmp_path):
    """The behaviour behind the rule: the test points the blog at Twitter's URL and asserts
    the exact call; it passes on the module as it was, fails with timeout= added, and the
    engine now leaves the module as it was."""
    _lay_out(tmp_path, 'monkeypatch.setattr(blog, "POST_URL", twitter.CREATE_URL)')
    module = tmp_path / "shop" / "blog.py"
    assert _new_text(module) in (None, BLOG)
    timed = BLOG.replace('data={"status": text})', 'data={"status": text}, timeout=60)')
    assert [code for code, _ in project_tests_on(tmp_path, module, (BLOG, timed))] == [0, 1]
