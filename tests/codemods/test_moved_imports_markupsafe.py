"""moved-imports: ``flask.Markup``/``jinja2.Markup`` move to ``markupsafe`` only where the
project's install has MarkupSafe.

Jinja2 requires MarkupSafe from 2.7 (May 2013). Jinja2 2.5.1 to 2.6 import it when it is there
and otherwise use the copy they bundle (``jinja2._markupsafe``), and install nothing else: the
2012 pins ``Flask==0.9``, ``Jinja2==2.6``, ``Werkzeug==0.8.3`` give a site with no
``markupsafe`` module (blohg allows ``Jinja2>=2.5.2`` and declares no MarkupSafe). The checks run
the original and the rewritten module against a stand-in of such a site, with the Python's own
site-packages (where a current MarkupSafe lives) left out.
"""

from __future__ import annotations

import subprocess
import sys

from helpers import run_codemods

NAME = "moved-imports"

SOURCE = '''\
from flask import Markup, escape
from jinja2 import Markup as JinjaMarkup

print(Markup("<b>%s</b>") % escape("<i>"), JinjaMarkup is Markup)
'''

# What Jinja2 2.6's jinja2/utils.py did: MarkupSafe when installed, else its bundled copy.
JINJA_26 = '''
try:
    from markupsafe import Markup, escape
except ImportError:
    from jinja2._markupsafe import Markup, escape
'''
BUNDLED = '''
class Markup(str):
    def __html__(self):
        return self

    def __mod__(self, value):
        return Markup(str.__mod__(self, escape(value)))


def escape(value):
    if hasattr(value, "__html__"):
        return value
    return Markup(str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
'''
SITE_26 = {  # Flask 0.9 imports Markup and escape from jinja2
    "flask/__init__.py": "from jinja2 import Markup, escape\n",
    "jinja2/__init__.py": JINJA_26,
    "jinja2/_markupsafe.py": BUNDLED,
}
MARKUPSAFE = {"markupsafe/__init__.py": BUNDLED}  # a MarkupSafe release beside it

EXPECTED = "<b>&lt;i&gt;</b> True\n"


def _run(tmp_path, modules: dict[str, str], text: str) -> subprocess.CompletedProcess:
    site = tmp_path / "site"
    for relative, content in modules.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    script = tmp_path / "app.py"
    script.write_text(text)
    # -S: no site-packages, so the test's own MarkupSafe cannot stand in for a missing one
    return subprocess.run(
        [sys.executable, "-S", str(script)], capture_output=True, text=True, cwd=site, timeout=60,
        env={"PYTHONPATH": str(site)},
    )


def test_jinja_26_without_markupsafe_keeps_the_imports(tmp_path):
    requirements = "Flask==0.9\nJinja2==2.6\nWerkzeug==0.8.3\n"
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": requirements}, dedent=False)
    assert result.new_text == SOURCE
    before = _run(tmp_path, SITE_26, SOURCE)
    assert before.returncode == 0, before.stderr
    assert before.stdout == EXPECTED
    # what the rewrite used to make fails to import there
    moved = "from markupsafe import Markup, escape\nfrom markupsafe import Markup as JinjaMarkup\n" + SOURCE.split("\n", 2)[2]
    assert "No module named 'markupsafe'" in _run(tmp_path, SITE_26, moved).stderr
    messages = [finding.message for finding in result.findings]
    # each name left is said: flask.Markup and flask.escape on line 1, jinja2.Markup on line 2
    assert sorted(m.split(" ")[0] for m in messages) == ["flask.Markup", "flask.escape", "jinja2.Markup"]
    assert all("the project's requirement allows a Jinja2 older than 2.7" in m for m in messages)
    assert all("does not declare MarkupSafe" in m for m in messages)


def test_a_lower_bound_below_2_7_is_held_back_too():
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": "Flask>=0.10.1\nJinja2>=2.5.2\n"}, dedent=False)
    assert result.new_text == SOURCE
    assert len(result.findings) == 3  # flask.Markup, flask.escape, jinja2.Markup


def test_declared_markupsafe_moves(tmp_path):
    requirements = "Flask==0.9\nJinja2==2.6\nMarkupSafe==0.15\nWerkzeug==0.8.3\n"
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": requirements}, dedent=False)
    assert result.findings == []
    assert "from markupsafe import Markup, escape\n" in result.new_text
    after = _run(tmp_path, {**SITE_26, **MARKUPSAFE}, result.new_text)
    assert after.returncode == 0, after.stderr
    assert after.stdout == EXPECTED


def test_markupsafe_declared_beside_a_jinja_older_than_2_5_1_is_held_back():
    # Jinja2 2.4 and 2.5.0 had a Markup class of their own: markupsafe's is another class
    requirements = "Flask==0.9\nJinja2==2.5\nMarkupSafe\n"
    result = run_codemods(SOURCE, NAME, files={"requirements.txt": requirements}, dedent=False)
    assert result.new_text == SOURCE
    assert all("Jinja2 older than 2.5.1" in f.message for f in result.findings)


def test_jinja_2_7_or_an_undeclared_jinja_moves():
    for requirements in ("Flask==0.10.1\nJinja2==2.7.3\n", "Flask==0.10.1\n"):
        result = run_codemods(SOURCE, NAME, files={"requirements.txt": requirements}, dedent=False)
        assert result.findings == []
        assert result.new_text.startswith("from markupsafe import Markup, escape\n"), requirements


def test_a_jinja_from_the_systems_packages_moves():
    # an RPM spec's python3-jinja2: the distribution's Jinja2 depends on its MarkupSafe package
    spec = "Name: koschei\nRequires: python3-flask\nRequires: python3-jinja2\n"
    result = run_codemods(SOURCE, NAME, files={"koschei.spec": spec}, dedent=False)
    assert result.findings == []
    assert result.new_text.startswith("from markupsafe import Markup, escape\n")
