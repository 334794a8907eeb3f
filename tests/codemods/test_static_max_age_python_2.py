"""static-max-age on code that runs on Python 2 only: no Flask from 2.0 on installs there, and
every Flask before 2.0 already sends static files with a 12 hour max-age, so an hour would
only shorten it. An unpinned Flask does not change that: the install on Python 2 stops at 1.1.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import finding_messages, load_source, run_codemods

SHOP = textwrap.dedent(
    """\
    from flask import Flask

    app = Flask(__name__)


    @app.get("/")
    def home():
        return "shop"
    """
)

PY2_LINKS = "from urlparse import urljoin\n\n\ndef absolute(base, path):\n    return urljoin(base, path)\n"
BOTH_LINKS = (
    "try:\n    from urlparse import urljoin\nexcept ImportError:\n    from urllib.parse import urljoin\n\n\n"
    "def absolute(base, path):\n    return urljoin(base, path)\n"
)


def _files(links: str) -> dict[str, str]:
    return {"requirements.txt": "Flask\n", "links.py": links, "static/shop.css": "p { margin: 0 }\n"}


def test_an_app_whose_code_imports_a_python_2_module_outside_a_try_is_left_alone():
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(PY2_LINKS))
    assert result.new_text == SHOP
    [message] = finding_messages(result)
    assert "runs on Python 2 only (urlparse in links.py, imported outside any try)" in message


def test_a_guarded_python_2_import_is_code_for_both_and_still_gets_the_max_age(tmp_path):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(BOTH_LINKS))
    assert 'app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600\n' in result.new_text
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "shop.css").write_text("p { margin: 0 }\n")
    with load_source(tmp_path, result.new_text, stem="shop_app").app.test_client() as client:
        assert client.get("/static/shop.css").cache_control.max_age == 3600


@pytest.mark.parametrize("where", ["tests/test_links.py", "../tools/links.py"])
def test_python_2_imports_in_tests_or_beside_the_app_folder_do_not_count(where):
    """Tests are no application code; a maintainer's script in a folder beside the app's is not
    the app's code either (the app lives in ``site/``)."""
    files = {"../requirements.txt": "Flask\n", where: PY2_LINKS, "static/shop.css": ""}
    result = run_codemods(SHOP, "static-max-age", dedent=False, path="site/app.py", files=files)
    assert "SEND_FILE_MAX_AGE_DEFAULT" in result.new_text
