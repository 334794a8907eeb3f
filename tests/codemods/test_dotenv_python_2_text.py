"""dotenv-config and Python 2: a project whose code runs on Python 2 reads its environment as
bytes, which python-dotenv encodes in the locale's encoding rather than as the literal's own
bytes, so a non-ASCII secret moved to ``.env`` would come back as another key (sessions and
tokens signed with the old one stop verifying). Evidence that the code runs on Python 2: a
module of the project that only Python 2 parses (a print statement). ASCII values still move."""

from __future__ import annotations

import pytest

from helpers import finding_messages, run_codemods

CONFIG = '''
import os


class BaseConfig(object):
    DEBUG = False
    SECRET_KEY = {value}
    SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]


class ProductionConfig(BaseConfig):
    DEBUG = False
'''
APP = "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('config.ProductionConfig')\n"
MANAGE_PY2 = 'from app import app\n\nif __name__ == "__main__":\n    print "serving"\n    app.run()\n'
MANAGE_PY3 = 'from app import app\n\nif __name__ == "__main__":\n    print("serving")\n    app.run()\n'
NON_ASCII = "'\\xbf\\xb0\\x11\\xb1\\xcd\\xf9\\xba\\x8bp\\x0c'"
ASCII = "'k3y-Qz81-PpA7-rTy9-wWnX'"


def _run(value: str, manage: str):
    source = CONFIG.format(value=value)
    project = {"config.py": source, "app.py": APP, "manage.py": manage, "requirements.txt": "Flask==0.10.1\n"}
    return run_codemods(source, "dotenv-config", path="config.py", project=project)


def test_a_non_ascii_secret_of_a_python_2_project_stays_with_a_finding():
    result = _run(NON_ASCII, MANAGE_PY2)
    assert "SECRET_KEY = " + NON_ASCII in result.new_text
    assert any("runs on Python 2 (manage.py" in message for message in finding_messages(result)), finding_messages(result)


@pytest.mark.parametrize("value, manage", [(NON_ASCII, MANAGE_PY3), (ASCII, MANAGE_PY2)], ids=["python 3 project", "ascii secret"])
def test_otherwise_the_secret_moves(value, manage):
    result = _run(value, manage)
    assert "SECRET_KEY = " + value not in result.new_text, finding_messages(result)
