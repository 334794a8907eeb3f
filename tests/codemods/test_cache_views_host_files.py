"""cache-views: a file read by an absolute path (``/version.json``, ``/etc/app/motd.txt``,
``~/notes.txt``, ``C:\\data\\x.json``) is the host's or the deploy's, not one shipped with the
app: what it says changes with each deploy, or at any time, and a cache outlives that.

Corpus 42: sso-dashboard's ``/version`` view returns ``/version.json``, which its Dockerfile
writes at the file system's root (``RUN echo $RELEASE_NAME > /version.json``); the codemod
cached it for 300 s as a file shipped with the app (and added Flask-Caching to the project for
it). With the shared cache the codemod's own note recommends for several workers (Redis), the
endpoint a deploy is checked by would go on naming the old release after the new one is up.
"""

from __future__ import annotations

import builtins
import textwrap

import pytest

from helpers import finding_messages, rewrite, run_codemods

NAME = "cache-views"

VIEW = """\
import os

from flask import Flask, jsonify

app = Flask(__name__)
{before}

@app.route("/about")
def about():
    with open({path}) as handle:
        text = handle.read().replace("\\n", "")
    return jsonify(about=text)
"""


@pytest.mark.parametrize(
    "before, path",
    [
        ("", '"/version.json"'),  # sso-dashboard
        ('VERSION_FILE = "/srv/app/version.json"\n', "VERSION_FILE"),  # through a name
        ("", 'f"/etc/{app.name}/about.txt"'),  # an f-string that starts at the root
        ("", 'os.path.join("/etc", "about.txt")'),  # an os.path function of one
        ("", 'os.path.join(os.path.dirname(__file__), "/etc/about.txt")'),  # join drops what comes before it
        ("", 'os.path.expanduser("~/about.txt")'),  # a home folder
        ("", 'r"C:\\data\\about.txt"'),  # a drive
    ],
)
def test_a_file_read_by_an_absolute_path_is_not_cached(before, path, request):
    source = VIEW.format(before=before, path=path)
    result = run_codemods(source, NAME, dedent=False)
    assert result.error is None and result.new_text == source and not result.project_edits
    request.getfixturevalue("every_refusal_said")  # the reason, where it is said
    result = run_codemods(source, NAME, dedent=False)
    assert any("reads a file that may not be one shipped with the app" in m for m in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize(
    "path",
    [
        '"about.txt"',  # relative to where the app runs: its own folder
        'os.path.join(os.path.dirname(__file__), "about.txt")',
        'os.path.dirname(__file__) + "/about.txt"',  # a "/" after the app's own folder is no root
        'f"{os.path.dirname(__file__)}/about.txt"',
    ],
)
def test_a_file_of_the_app_s_own_folder_is_still_cached(path):
    after = rewrite(VIEW.format(before="", path=path), NAME, dedent=False)
    assert "@cache.cached(timeout=" in after


def test_the_cached_view_would_keep_the_old_release_the_left_one_answers_the_new(tmp_path):
    """The behaviour behind the rule: a deploy writes a new release name into the file; the
    view as the codemod leaves it answers it at once, the view cached as it used to be, not."""
    pytest.importorskip("flask_caching")
    stamp = tmp_path / "version.json"  # read by the app as /version.json (below)
    source = VIEW.format(before="", path='"/version.json"')
    assert rewrite(source, NAME, dedent=False) == source
    cached = source.replace("app = Flask(__name__)\n", textwrap.dedent("""\
        app = Flask(__name__)
        from flask_caching import Cache
        cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
        """)).replace('@app.route("/about")\n', '@app.route("/about")\n@cache.cached(timeout=300)\n')
    answers = {}
    for label, text in (("left", source), ("cached", cached)):
        namespace: dict = {"__name__": f"app_{label}", "open": lambda path, *rest: builtins.open(stamp, *rest)}
        stamp.write_text("release-1\n")
        exec(compile(text, f"app_{label}.py", "exec"), namespace)
        client = namespace["app"].test_client()
        first = client.get("/about").get_json()["about"]
        stamp.write_text("release-2\n")  # the deploy
        answers[label] = (first, client.get("/about").get_json()["about"])
    assert answers == {"left": ("release-1", "release-2"), "cached": ("release-1", "release-1")}
