"""flask-wtf-names: the project's tests against an old class (``_flask_wtf_names_tested``)
are read module by module, never with every module's tree alive at once (issue 19).

The reading follows the project's imports to a fixed point before it knows which names are
bound to an old class, and only then looks for a use. It used to parse every Python module of
the project into one dict first and keep them all until the answer was found: on orcid-hub
(generated API clients of 290 to 450 kB a module, 8 MB of Python) that was 213 MB of trees
for a moment, the peak of the whole run. Now each module's imports are read as a plain fact
(names, no node) while only the shared memo keeps trees, and a module is parsed again, one
at a time, only where its text spells a name bound to an old class. The findings are the
same whether the memo keeps every tree or none."""

from __future__ import annotations

from flask_codemod.codemods import _parsed_modules, _project_memo
from helpers import run_codemods
from parse_counts import fresh, trees_alive  # noqa: F401  (fixtures)

FORMS = '''\
from flask_wtf import Form
from wtforms import StringField


class NameForm(Form):
    name = StringField("Name")
'''

COMPAT = "from flask_wtf import Form as BaseForm\n"

HELPERS = '''\
from app.compat import BaseForm


def is_form(value):
    return isinstance(value, BaseForm)
'''

FILLER = "def filler_{n}(value):\n    return [value + {n} for _ in range(3)]\n"

PROJECT = {
    "app/__init__.py": "",
    "app/compat.py": COMPAT,
    "app/helpers.py": HELPERS,
    **{f"app/filler_{n}.py": FILLER.format(n=n) for n in range(8)},
    "requirements.txt": "Flask-WTF==0.14.3\nWTForms==2.3.3\n",
}


def _run():
    return run_codemods(FORMS, "flask-wtf-names", path="app/forms.py", project=PROJECT, dedent=False)


def test_no_more_trees_are_alive_at_once_than_the_memo_and_the_file_at_hand(trees_alive):
    """With a memo keeping one tree, at each parse at most the file at hand's tree, the memo's
    and the one just parsed are alive (every module's, when the reading held them all)."""
    result = _run()
    modules = 1 + sum(path.endswith(".py") for path in PROJECT)  # (app/forms.py too)
    assert trees_alive.parsed >= modules, "not every module was parsed: the test says nothing"
    assert trees_alive.most <= 3, (trees_alive.most, trees_alive.parsed)
    assert result.new_text == FORMS
    assert any("app/helpers.py:5 tests objects against Form" in finding.message for finding in result.findings)


def test_the_findings_are_the_same_whether_the_memo_keeps_every_tree_or_one(fresh, monkeypatch):
    every = _run()
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    monkeypatch.setattr(_parsed_modules._PYTHON_TREES, "chars", 1)
    one = _run()
    assert [(f.line, f.message) for f in one.findings] == [(f.line, f.message) for f in every.findings]
    assert one.new_text == every.new_text == FORMS
    relaxed = dict(PROJECT, **{"app/helpers.py": HELPERS.replace("isinstance(value, BaseForm)", "BaseForm(value)")})
    _parsed_modules.forget()
    _project_memo.forget_every_memo()
    renamed = run_codemods(FORMS, "flask-wtf-names", path="app/forms.py", project=relaxed, dedent=False)
    assert "class NameForm(FlaskForm):" in renamed.new_text  # (the refusal above is the helper's test, nothing else)
