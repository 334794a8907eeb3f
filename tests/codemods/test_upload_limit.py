"""upload-limit: through the real engine, and what the rewritten app really does."""

from __future__ import annotations

import io
import textwrap

import pytest
from typer.testing import CliRunner

from flask_codemod.cli import app as cli
from flask_codemod.codemods import UsageError, codemod_names, get_codemod
from flask_codemod.codemods._base import validate_options
from helpers import finding_messages, load_source, rewrite, run_codemods

UPLOAD_APP = '''
from flask import Flask, request

app = Flask(__name__)


@app.post("/upload")
def upload():
    data = request.files["file"].read()
    return {"size": len(data)}
'''


def _load(tmp_path, source: str):
    """Import ``source`` as a real module file (Flask finds its root path through it)."""
    return load_source(tmp_path, source, stem="upload_app")


def _post(module, size: int):
    client = module.app.test_client()
    return client.post("/upload", data={"file": (io.BytesIO(b"x" * size), "f.bin")}, content_type="multipart/form-data")


# -- behaviour -------------------------------------------------------------------------------


def test_oversized_upload_is_refused_with_413_after_the_rewrite(tmp_path):
    before = textwrap.dedent(UPLOAD_APP)
    after = rewrite(before, "upload-limit")
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in after

    oversized = 16 * 1024 * 1024 + 1024
    original = _load(tmp_path, before)
    response = _post(original, oversized)
    assert response.status_code == 200 and response.get_json() == {"size": oversized}

    rewritten = _load(tmp_path, after)
    assert _post(rewritten, oversized).status_code == 413
    small = _post(rewritten, 1000)
    assert small.status_code == 200 and small.get_json() == {"size": 1000}


def test_the_limit_comes_from_the_option_and_loaded_config_still_wins(tmp_path):
    source = UPLOAD_APP.replace(
        "app = Flask(__name__)\n", "app = Flask(__name__)\napp.config.from_mapping(CONFIGURED)\n"
    ).replace("from flask import", "CONFIGURED = {}\nfrom flask import")
    after = rewrite(source, "upload-limit", options={"upload-limit": {"max_bytes": 2048}})
    assert 'app.config["MAX_CONTENT_LENGTH"] = 2 * 1024\napp.config.from_mapping(CONFIGURED)' in after
    module = _load(tmp_path, after)
    assert _post(module, 3000).status_code == 413
    assert _post(module, 1000).status_code == 200

    # a value loaded from elsewhere after the app is created overrides the inserted default
    loaded = _load(tmp_path, after.replace("CONFIGURED = {}", "CONFIGURED = {'MAX_CONTENT_LENGTH': 10_000}"))
    assert loaded.app.config["MAX_CONTENT_LENGTH"] == 10_000
    assert _post(loaded, 3000).status_code == 200


# -- what qualifies --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, written",
    [(16 * 1024 * 1024, "16 * 1024 * 1024"), (1024**3, "1 * 1024 * 1024 * 1024"), (5000, "5000"), (3072, "3 * 1024")],
)
def test_the_value_is_written_readably(size, written):
    after = rewrite(UPLOAD_APP, "upload-limit", options={"upload-limit": {"max_bytes": size}})
    assert f'app.config["MAX_CONTENT_LENGTH"] = {written}\n' in after


def test_a_local_function_named_request_does_not_count():
    source = """
        from flask import Flask

        app = Flask(__name__)

        def request():
            pass

        @app.post("/x")
        def x():
            return request.files
    """
    assert rewrite(source, "upload-limit") == textwrap.dedent(source)


def test_blueprint_module_found_through_the_import_makes_the_app_qualify():
    app_module = """
        from flask import Flask

        from .uploads import bp as uploads_bp
        from . import pages


        def create_app():
            app = Flask(__name__)
            app.register_blueprint(pages.bp)
            app.register_blueprint(uploads_bp)
            return app
    """
    uploads = "from flask import Blueprint, request\nbp = Blueprint('u', __name__)\n\n@bp.post('/u')\ndef u():\n    return str(len(request.files))\n"
    pages = "from flask import Blueprint\nbp = Blueprint('p', __name__)\n"
    after = rewrite(app_module, "upload-limit", files={"uploads.py": uploads, "pages.py": pages})
    assert '    app = Flask(__name__)\n    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\n' in after

    # without the uploading blueprint nothing changes
    unchanged = rewrite(app_module, "upload-limit", files={"uploads.py": pages, "pages.py": pages})
    assert unchanged == textwrap.dedent(app_module)


def test_a_package_that_re_exports_its_blueprint_is_followed():
    app_module = """
        from flask import Flask
        from shop import shop_bp

        app = Flask(__name__)
        app.register_blueprint(shop_bp, url_prefix="/shop")
    """
    files = {
        "shop/__init__.py": "from .views import shop_bp\n",
        "shop/views.py": "import flask\nshop_bp = flask.Blueprint('shop', __name__)\n\n@shop_bp.post('/import')\ndef imp():\n    return flask.request.files['f'].filename\n",
    }
    after = rewrite(app_module, "upload-limit", files=files)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\napp.register_blueprint' in after


def test_helper_reading_files_in_a_module_with_two_apps_is_a_finding():
    source = """
        from flask import Flask, request

        one = Flask("one")
        two = Flask("two")

        def save_all():
            for f in request.files.values():
                f.save(f.filename)
    """
    result = run_codemods(source, "upload-limit")
    assert result.new_text == textwrap.dedent(source)
    assert finding_messages(result) == [
        "8: upload-limit: request.files is read here, but this module creates 2 apps and it cannot tell "
        "which one serves this code; set MAX_CONTENT_LENGTH by hand"
    ]


@pytest.mark.parametrize(
    "setting",
    [
        'app.config["MAX_CONTENT_LENGTH"] = 1024',
        'app.config.setdefault("MAX_CONTENT_LENGTH", 1024)',
        'app.config.from_mapping({"MAX_CONTENT_LENGTH": 1024})',
        "MAX_CONTENT_LENGTH = 1024\napp.config.from_object(__name__)",
    ],
)
def test_a_module_that_sets_the_limit_is_left_alone_silently(setting):
    source = textwrap.dedent(UPLOAD_APP).replace("app = Flask(__name__)\n", f"app = Flask(__name__)\n{setting}\n")
    result = run_codemods(source, "upload-limit", dedent=False)
    assert result.new_text == source
    assert result.findings == []


# -- never below a size the code allows, anywhere in the project ----------------------------------


@pytest.mark.parametrize(
    "where, text",
    [
        # a size named as an upload limit, in bytes, in MB by its name, or from the environment
        ("config.py", "MAX_BACKUP_SIZE = 256 * 1024 * 1024\n"),
        ("settings.py", "UPLOAD_LIMIT_MB = 500\n"),
        ("config.py", "import os\n\nMAX_IMPORT_BYTES = int(os.environ.get('MAX_IMPORT_BYTES', 1 << 30))\n"),
        # a size a view compares a request's body with
        (
            "restore.py",
            "from flask import request, abort\n\nCEILING = 2 ** 28\n\n"
            "def check():\n    if request.content_length > CEILING:\n        abort(413)\n",
        ),
        ("archive.py", "def check(stream):\n    stream.seek(0, 2)\n    if stream.tell() > 64 * 1024 * 1024:\n        raise ValueError\n"),
    ],
)
def test_no_limit_below_a_size_the_project_allows(where, text):
    result = run_codemods(UPLOAD_APP, "upload-limit", files={where: text, "app.py": UPLOAD_APP})
    assert result.new_text == textwrap.dedent(UPLOAD_APP)
    [message] = finding_messages(result)
    assert f"({where}:" in message or where in message
    assert "set MAX_CONTENT_LENGTH by hand" in message


def test_a_content_length_checked_against_an_unreadable_limit_is_a_finding():
    view = (
        "from flask import current_app, request, abort\n\n"
        "def check():\n    if request.content_length > current_app.config['BACKUP_LIMIT']:\n        abort(413)\n"
    )
    result = run_codemods(UPLOAD_APP, "upload-limit", files={"backup.py": view})
    assert result.new_text == textwrap.dedent(UPLOAD_APP)
    [message] = finding_messages(result)
    assert "backup.py:4 compares a request's content length with a limit this codemod cannot read" in message


def test_smaller_sizes_the_project_names_do_not_stop_the_limit():
    files = {
        "config.py": "MAX_AVATAR_SIZE = 2 * 1024 * 1024\nMAX_TITLE_LENGTH = 120\nPAGE_SIZE = 50_000_000\n",
        "forms.py": "def valid(name):\n    return len(name) < 300\n",
    }
    after = rewrite(UPLOAD_APP, "upload-limit", files=files)
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in after


@pytest.mark.parametrize(
    "where, text",
    [
        ("config.py", "class ProductionConfig:\n    MAX_CONTENT_LENGTH = 3 * 1024 * 1024\n"),
        ("instance/settings.cfg", "MAX_CONTENT_LENGTH = 50000000\n"),
        ("factory.py", "def configure(app):\n    app.config.update(MAX_CONTENT_LENGTH=1024)\n"),
    ],
)
def test_a_limit_the_project_sets_elsewhere_is_left_alone_silently(where, text):
    result = run_codemods(UPLOAD_APP, "upload-limit", files={where: text})
    assert result.new_text == textwrap.dedent(UPLOAD_APP) and result.findings == []


def test_a_limit_set_only_in_tests_does_not_count():
    files = {"tests/conftest.py": "MAX_CONTENT_LENGTH = 1024\nMAX_UPLOAD_SIZE = 1 << 30\n"}
    assert "MAX_CONTENT_LENGTH" in rewrite(UPLOAD_APP, "upload-limit", files=files)


def test_idempotent_and_counted():
    first = run_codemods(UPLOAD_APP, "upload-limit")
    assert first.rewrites == {"upload-limit": 1}
    second = run_codemods(first.new_text, "upload-limit", dedent=False)
    assert second.new_text == first.new_text and second.rewrites == {} and second.findings == []


def test_all_codemods_twice_change_nothing_more():
    source = UPLOAD_APP + '\n\n@app.get("/report")\ndef report():\n    import requests\n    return requests.get("http://example.com").text\n'
    every = codemod_names()  # the policy codemods too, which run only when selected
    once = rewrite(source, *every)
    assert "MAX_CONTENT_LENGTH" in once and "SEND_FILE_MAX_AGE_DEFAULT" in once
    assert rewrite(once, *every, dedent=False) == once
    # by default (nothing selected) the policy codemods do not run
    default = rewrite(source)
    assert "MAX_CONTENT_LENGTH" not in default and "SEND_FILE_MAX_AGE_DEFAULT" not in default
    assert "timeout=" in default


def test_option_is_settable_and_explained():
    explained = CliRunner().invoke(cli, ["explain", "upload-limit"], catch_exceptions=False)
    assert explained.exit_code == 0 and "max_bytes" in explained.stdout
    codemods = [get_codemod("upload-limit")]
    assert validate_options(codemods, {"upload-limit": {"max_bytes": "0x100000"}}, from_text=True) == {
        "upload-limit": {"max_bytes": 1024 * 1024}
    }
    with pytest.raises(UsageError, match="upload-limit.max_bytes"):
        validate_options(codemods, {"upload-limit": {"max_bytes": "lots"}}, from_text=True)


# -- uploads of a whole store of data ----------------------------------------------------------

RESTORE_APP = UPLOAD_APP.replace('request.files["file"]', 'request.files["backup"]')


@pytest.mark.parametrize(
    "field, sent, said",
    [
        ("backup", "b.tar", "set MAX_CONTENT_LENGTH by hand"),
        # a HAR (HTTP Archive) records every response of a page load, bodies included: as
        # large as the page, often past 16 MiB (lookyloo's capture upload)
        ("har_file", "page.har", "takes a whole store of data"),
    ],
)
def test_a_backup_upload_gets_no_fixed_limit_and_still_accepts_a_large_file(tmp_path, field, sent, said):
    """A backup is as large as what its user collected: 16 MiB would turn the restore the
    view exists for into a 413. The app is left as it was, with a finding naming the field."""
    source = textwrap.dedent(UPLOAD_APP.replace('request.files["file"]', f'request.files["{field}"]'))
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert f"request.files['{field}']" in message and said in message
    large = 16 * 1024 * 1024 + 1024
    client = _load(tmp_path, result.new_text).app.test_client()
    response = client.post("/upload", data={field: (io.BytesIO(b"x" * large), sent)}, content_type="multipart/form-data")
    assert response.status_code == 200 and response.get_json() == {"size": large}


def test_a_check_for_the_har_extension_stops_the_limit_too():
    source = textwrap.dedent(UPLOAD_APP).replace(
        '    data = request.files["file"].read()',
        '    sent = request.files["file"]\n    if not sent.filename.endswith(".har"):\n        return "a HAR, please", 400\n    data = sent.read()',
    )
    result = run_codemods(source, "upload-limit")
    assert result.new_text == source
    assert any("har" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "where, view",
    [
        ("app.py", 'request.files.get("database")'),
        ("app.py", "request.files.getlist('videos')[0]"),
        ("app.py", 'flask.request.files["db_file"]'),
        ("restore.py", 'request.files["sqlite-dump"]'),
    ],
)
def test_any_spelling_of_a_whole_data_field_anywhere_in_the_app_stops_the_limit(where, view):
    other = (
        "import flask\nfrom flask import request\n\n"
        f"def restore():\n    return {view}\n"
    )
    files = {"app.py": UPLOAD_APP} if where != "app.py" else {}
    source = UPLOAD_APP if where != "app.py" else UPLOAD_APP + "\n\nimport flask\n\n@app.post('/restore')\ndef restore():\n    return " + view + "\n"
    if where != "app.py":
        files[where] = other
    result = run_codemods(source, "upload-limit", files=files)
    assert result.new_text == textwrap.dedent(source)
    assert any("takes a whole store of data" in message for message in finding_messages(result))


@pytest.mark.parametrize(
    "view",
    ['request.files["photo"]', 'request.files.get("dashboard")', 'files["database"]', 'request.form["backup"]'],
)
def test_other_fields_and_other_mappings_keep_the_limit(view):
    """A photo says nothing of its size's owner; "dashboard" holds no word of a data store;
    a plain dict or a form field is no upload."""
    files = {"database": None}
    source = UPLOAD_APP + f"\n\nfiles = {files!r}\n\n@app.post('/other')\ndef other():\n    return str({view})\n"
    after = rewrite(source, "upload-limit")
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in after


def test_a_module_that_does_not_parse_is_read_for_the_limit_by_its_text():
    """A Python 2 module is not parsed: one that sets the limit still sets it, and one the app
    imports that may allow larger requests cannot be shown not to (one it never runs:
    test_upload_limit_other_processes.py)."""
    python_2 = "print 'loading settings'\napp.config['MAX_CONTENT_LENGTH'] = 500 * 1024 * 1024\n"
    result = run_codemods(UPLOAD_APP, "upload-limit", files={"settings.py": python_2})
    assert result.new_text == textwrap.dedent(UPLOAD_APP) and result.findings == []
    sizes = "print 'loading'\nUPLOAD_LIMIT_MB = 500\n"
    source = "import limits\n" + UPLOAD_APP
    result = run_codemods(source, "upload-limit", files={"limits.py": sizes})
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "limits.py does not parse as Python 3" in message and "set MAX_CONTENT_LENGTH by hand" in message
