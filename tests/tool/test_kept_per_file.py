"""What the codemods keep by a file's trees is dropped when its transform ends
(codemods/_kept_per_file.py), and what they keep by text when a process moves on to other
projects (codemods/_projects_kept.py's ``dropped_with_projects``, tool/projects_kept.py)."""

from __future__ import annotations

from flask_codemod import walk
from flask_codemod.codemods import _dotenv_config_env_reads, _flask, _kept_per_file, _name_candidates, _parsed_modules
from flask_codemod.codemods import _projects_kept, _import_lines
from flask_codemod.engine import transform_text
from flask_codemod.projects_kept import forget_projects

from flask_codemod.codemods import get_codemod

# a view that cache-views reads (a Flask index of the module) and a request that http-timeout
# looks up by its names (the module's name candidates)
VIEWS = """\
import requests
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def index():
    requests.get("https://example.com/ping")
    return render_template("index.html")
"""


def test_the_trees_a_transform_kept_are_dropped_when_it_ends(monkeypatch):
    held_at_the_end: list[tuple[int, object]] = []
    real = _kept_per_file.forget_file_memos

    def forget() -> None:
        held_at_the_end.append((len(_flask._BUILT), _name_candidates._LAST[0]))
        real()

    monkeypatch.setattr("flask_codemod.engine.forget_file_memos", forget)
    codemods = [get_codemod("cache-views"), get_codemod("http-timeout")]
    first = transform_text(VIEWS, codemods, path="app.py")
    assert held_at_the_end and held_at_the_end[-1][0] > 0 and held_at_the_end[-1][1] is not None, "the memos were used"
    assert _flask._BUILT == [] and _name_candidates._LAST == [None, None] and not _parsed_modules._RECENT
    again = transform_text(VIEWS, codemods, path="app.py")  # derived afresh: the same result
    assert again.new_text == first.new_text != VIEWS
    assert [f.message for f in again.findings] == [f.message for f in first.findings]


def test_what_is_kept_by_text_is_dropped_with_the_projects(tmp_path):
    text = "import os\n\nSECRET = os.environ['SECRET_KEY']\n"
    assert _dotenv_config_env_reads.env_names_read(text) == frozenset({"SECRET_KEY"})
    assert _import_lines.imports_spelled(text)
    (tmp_path / "app.py").write_text(text)
    walk.project_listing(str(tmp_path))
    kept = [_dotenv_config_env_reads._env_names_read, _import_lines._spelled]
    assert all(memo.cache_info().currsize for memo in kept)
    assert len(_projects_kept._EMPTIERS) >= len(kept)
    forget_projects()
    assert [memo.cache_info().currsize for memo in kept] == [0, 0]
    assert walk.listing_stamps(str(tmp_path)) is None  # the listing is walked again when asked
    assert _dotenv_config_env_reads.env_names_read(text) == frozenset({"SECRET_KEY"})
