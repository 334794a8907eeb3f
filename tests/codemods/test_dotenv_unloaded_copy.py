"""dotenv-config: the same secret in a module that no configuration loading reaches.

Newspipe keeps two example configurations side by side in ``instance/``: ``sqlite.py``,
which the app loads by name when the environment names no file, and ``config.py``, the
PostgreSQL example its README says to copy and name in ``NEWSPIPE_CONFIG``. Both hold the
same ``SECRET_KEY`` and ``SECURITY_PASSWORD_SALT``, letter for letter. Moving the copies of
``sqlite.py`` to ``.env`` hid nothing (``config.py``, which nothing loads, so nothing
rewrites, still holds them) and made two variables required. What the rule should have
known: a copy in another module of the application that no loading reaches stays in the
code whatever the tool does, as one in a base class does. The secret stays, with a finding
naming the copy. A copy in a module the loading reaches moves (or stays) in its own run, as
before, and so does one another app sets directly (``admin.config["SECRET_KEY"] = ...``,
configuration the tool moves in that module's own run); a value of its own still moves.
"""

from __future__ import annotations

from helpers import finding_messages, run_codemods

NAME = "dotenv-config"

BOOTSTRAP = """
    import os

    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    chosen = os.environ.get("SHOP_CONFIG")
    if chosen:
        app.config.from_pyfile(chosen)
    else:
        app.config.from_pyfile("sqlite.py")
"""

SQLITE = """
    HOST = "0.0.0.0"
    SECRET_KEY = "LCx3BchmHRxFzkEv4BqQJyeXRLXenf"
    MAIL_SERVER = "localhost"
"""

TEMPLATE = """
    # Copy this file to postgresql.py, edit it, and set SHOP_CONFIG=postgresql.py.
    SECRET_KEY = "LCx3BchmHRxFzkEv4BqQJyeXRLXenf"
    DATABASE = "postgresql://shop@db/shop"
"""


def _files(template: str = TEMPLATE) -> dict[str, str]:
    return {
        "requirements.txt": "flask\n",
        "shop/__init__.py": "",
        "shop/bootstrap.py": BOOTSTRAP,
        "instance/sqlite.py": SQLITE,
        "instance/config.py": template,
    }


def _run(files: dict[str, str]):
    return run_codemods(files["instance/sqlite.py"], NAME, path="instance/sqlite.py", project=files)


def test_a_secret_a_module_nothing_loads_repeats_stays_with_a_finding():
    result = _run(_files())
    assert result.error is None
    assert "os.environ" not in result.new_text, result.new_text
    assert [e for e in result.project_edits if e.kind == "env"] == []
    messages = [m for m in finding_messages(result) if "SECRET_KEY" in m or "same value" in m]
    assert len(messages) == 1, finding_messages(result)
    assert "the same value stays in the code at instance/config.py:3" in messages[0], messages[0]
    assert "would hide nothing" in messages[0]


def test_a_secret_of_its_own_still_moves():
    result = _run(_files(TEMPLATE.replace("LCx3BchmHRxFzkEv4BqQJyeXRLXenf", "Vb7Qm2Lp9Xc4Rt6Yz1Kd8Wn3Hs5Jf0")))
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text, finding_messages(result)
    assert 'MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")' in result.new_text


def test_a_copy_in_a_module_the_loading_reaches_moves_in_its_own_run():
    files = _files()
    files["shop/bootstrap.py"] = BOOTSTRAP.replace("if chosen:", 'if chosen == "pg":\n        app.config.from_pyfile("config.py")\n    elif chosen:')
    result = _run(files)
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text, finding_messages(result)


def test_the_text_in_a_comment_or_a_docstring_of_another_module_is_no_copy():
    template = '    """Set SECRET_KEY, not "LCx3BchmHRxFzkEv4BqQJyeXRLXenf"."""\n    # LCx3BchmHRxFzkEv4BqQJyeXRLXenf\n    DATABASE = "x"\n'
    result = _run(_files(template))
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text, finding_messages(result)


def test_a_copy_another_app_sets_directly_moves_in_its_own_run_and_holds_nothing_back():
    files = _files(TEMPLATE.replace("LCx3BchmHRxFzkEv4BqQJyeXRLXenf", "Vb7Qm2Lp9Xc4Rt6Yz1Kd8Wn3Hs5Jf0"))
    files["admin.py"] = 'from flask import Flask\n\nadmin = Flask(__name__)\nadmin.config["SECRET_KEY"] = "LCx3BchmHRxFzkEv4BqQJyeXRLXenf"\n'
    result = _run(files)
    assert 'SECRET_KEY = os.environ["SECRET_KEY"]' in result.new_text, finding_messages(result)
