"""upload-limit and static-max-age: a project that keeps its settings module out of git and
ships a template of it to copy (``settings.py.example``, ``config.py.sample``, the CI's
``settings.py.travis``) chooses its limits there. A deployment copies the template, whose
value the app loads after any default the codemod inserts: the inserted line would be dead
code that reads as the project's choice (dedupe-api's 5 MB example and 500 MB CI settings)."""

from __future__ import annotations

import pytest

from helpers import run_codemods

FACTORY = '''\
from flask import Flask, request


def create_app(settings="shop.settings"):
    app = Flask(__name__)
    app.config.from_object(settings)

    @app.post("/import")
    def import_rows():
        request.files["sheet"].save("/tmp/sheet.csv")
        return "queued"

    return app
'''


@pytest.mark.parametrize(
    "template",
    [
        "shop/settings.py.example",
        "shop/settings.py.sample",
        "shop/settings.py.travis",
        # archive-term's configs/general.py_distr (16 MB), beside the untracked configs/general.py
        "shop/settings.py_distr",
        "shop/settings.py-dist",
    ],
)
def test_a_limit_set_in_a_settings_template_is_the_project_s(template):
    result = run_codemods(
        FACTORY,
        "upload-limit",
        path="shop/__init__.py",
        project={template: "SECRET_KEY = 'change me'\nMAX_CONTENT_LENGTH = 5 * 1024 * 1024\n"},
        dedent=False,
    )
    assert result.new_text == FACTORY and result.findings == []


def test_a_template_that_sets_other_keys_leaves_the_limit_to_the_codemod():
    result = run_codemods(
        FACTORY,
        "upload-limit",
        path="shop/__init__.py",
        project={"shop/settings.py.example": "SECRET_KEY = 'change me'\n"},
        dedent=False,
    )
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in result.new_text
