"""static-max-age leaves alone an app that writes into its own static folder at run time.

A max-age is right for files that change only with a deploy. Files the app itself saves,
replaces or deletes under ``static/`` (uploads kept there, pictures it generates) change
behind the same URL while it runs: with ``SEND_FILE_MAX_AGE_DEFAULT`` browsers (and, the
response being ``public``, shared caches) would keep a replaced or deleted file for the
max-age.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from helpers import DEPLOYED, finding_messages, load_source, rewrite, run_codemods

AVATARS = '''
import os

from flask import Flask, request

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = os.path.join(os.path.dirname(__file__), "static", "avatars")


@app.post("/avatar/<name>")
def avatar(name):
    request.files["picture"].save(os.path.join(app.config["UPLOAD_FOLDER"], name + ".png"))
    return "", 204
'''


@pytest.fixture
def site(tmp_path):
    (tmp_path / "static" / "avatars").mkdir(parents=True)
    (tmp_path / "static" / "site.css").write_text("p { margin: 0 }\n")
    return tmp_path


def test_an_app_that_saves_uploads_into_its_static_folder_is_left_alone(site):
    source = textwrap.dedent(AVATARS)
    result = run_codemods(source, "static-max-age", dedent=False, files={**DEPLOYED, "static/site.css": "p {}\n"})
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "writes into its static folder (app.py:7)" in message
    assert "SEND_FILE_MAX_AGE_DEFAULT" in message

    # what the line would have done: a replaced picture, same URL, kept by browsers an hour
    after = source.replace("app = Flask(__name__)\n", 'app = Flask(__name__)\napp.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n')
    for text, max_age in ((source, None), (after, 3600)):
        app = load_source(site, text, stem="avatars_app").app
        with app.test_client() as client:
            for picture in (b"first", b"second"):
                sent = client.post("/avatar/ada", data={"picture": (io.BytesIO(picture), "a.png")})
                assert sent.status_code == 204
            response = client.get("/static/avatars/ada.png")
            assert response.data == b"second"
            assert response.cache_control.max_age == max_age
            response.close()


def test_a_delete_or_a_generated_file_in_another_module_counts_too():
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    writers = {
        "admin.py": "import os\nfrom flask import current_app\n\ndef drop(name):\n"
                    "    os.remove(os.path.join(current_app.static_folder, 'covers', name))\n",
        "charts.py": "def draw(figure):\n    figure.savefig('static/charts/today.png')\n",
        "notes.py": "def keep(text):\n    with open('static/notes.txt', 'a') as notes:\n        notes.write(text)\n",
        "upload_settings.py": "UPLOADED_PHOTOS_DEST = 'static/photos'\n",
    }
    for name, text in writers.items():
        result = run_codemods(app, "static-max-age", files={**DEPLOYED, name: text, "static/site.css": "p {}\n"})
        assert result.new_text == app, name
        assert f"writes into its static folder ({name}:" in finding_messages(result)[0], name


@pytest.mark.parametrize(
    "other",
    [
        # uploads kept outside the static folder
        "import os\nfrom flask import request\n\ndef up():\n    request.files['f'].save(os.path.join('instance', 'uploads', 'f'))\n",
        # a static file only read, a path only spelled
        "def css():\n    with open('static/site.css') as f:\n        return f.read()\n",
        "def bare(url):\n    return url.replace('/static/', '/')\n",
        # a setting that names the static folder but is no place files are written to
        "STATIC_URL_PREFIX = '/static'\n",
    ],
)
def test_reads_and_writes_elsewhere_are_no_reason_to_stay(other):
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(app, "static-max-age", files={**DEPLOYED, "other.py": other, "static/site.css": "p {}\n"})


def test_a_module_that_names_the_static_folder_and_does_not_parse_may_write_into_it():
    """A Python 2 module is not read: that it writes no file under static/ cannot be shown."""
    app = "from flask import Flask\n\napp = Flask(__name__)\n"
    python_2 = "def draw(figure):\n    print 'drawing'\n    figure.savefig('static/charts/today.png')\n"
    result = run_codemods(app, "static-max-age", files={**DEPLOYED, "charts.py": python_2, "static/site.css": "p {}\n"})
    assert result.new_text == app
    message = finding_messages(result)[0]
    # what it does cannot be read: it may write there, which the finding must not claim it does
    assert "the app may write into its static folder (charts.py, which does not parse as Python 3)" in message
    assert "the app writes" not in message


def test_the_place_named_in_this_module_is_its_line_on_disk_after_an_earlier_codemod_moved_it():
    """static-max-age runs after the default codemods: a line of this module it names is the
    line of the file the user has, not of the tree an earlier codemod lengthened."""
    import libcst as cst

    from flask_codemod.codemods import Codemod, get_codemod
    from flask_codemod.engine import transform_text
    from helpers import ProjectReader

    class InsertsAtTop(Codemod):
        NAME = "inserts-at-top"
        SUMMARY = "Insert a line at the top."

        def transform(self, module, ctx):
            return module.with_changes(body=[cst.parse_statement("import sys\n"), *module.body])

    source = textwrap.dedent(AVATARS)
    files = {**DEPLOYED, "static/site.css": "p {}\n", "app.py": source}
    result = transform_text(source, [InsertsAtTop, get_codemod("static-max-age")], path="app.py", read_file=ProjectReader(files, "app.py"))
    assert "\nimport sys\nimport os\n" in result.new_text  # line 7 of the file is line 8 of the tree given
    [message] = finding_messages(result)
    assert "writes into its static folder (app.py:7)" in message
