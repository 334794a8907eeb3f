"""An RPM spec the project ships declares the system packages it runs on (``_setup_scripts``).

Fedora's elections app (2020) lists ``wtforms`` unpinned in requirements.txt, and packages
itself with ``files/fedora-elections.spec``: ``Requires: python-wtforms``, for EPEL 6 and 7,
whose python-wtforms predates WTForms 2.0 (no ``StringField``, no ``DataRequired`` before
1.0.4). Like ``apt-get install python-sqlalchemy`` in a setup script, a spec's ``Requires`` of a
Python library installs the distribution's release, which may be the oldest: a name that a
newer release brings is not written (a finding names the spec and the package).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import finding_messages, run_codemods

FORMS = """\
import wtforms
from flask_wtf import Form


class CandidateForm(Form):
    name = wtforms.TextField('Name', [wtforms.validators.Required()])
"""

SPEC = """\
Name:           fedora-elections
Version:        2.9
BuildRequires:  python-setuptools
Requires:       python-flask-wtf
Requires:       python-wtforms, python-kitchen

%if ( 0%{?rhel} && 0%{?rhel} == 6 )
Requires:  python-sqlalchemy0.7
%else
Requires:  python-sqlalchemy > 0.5
%endif
"""

ELECTIONS = {"requirements.txt": "Flask>=0.10\nFlask-wtf\nSQLAlchemy\nwtforms\n", "files/fedora-elections.spec": SPEC}


def _imports_against_wtforms_1_0(code: str, folder) -> bool:
    """Whether ``code`` imports where WTForms is a 1.0 release (TextField and Required, no
    StringField or DataRequired) and Flask-WTF one with ``Form``."""
    tmp_path = folder / f"run{len(list(folder.iterdir()))}"
    site = tmp_path / "site"
    (site / "wtforms").mkdir(parents=True)
    (site / "wtforms" / "__init__.py").write_text(
        "class TextField:\n    def __init__(self, *a, **k):\n        pass\n\n\nfrom wtforms import validators\n"
    )
    (site / "wtforms" / "validators.py").write_text("class Required:\n    pass\n")
    (site / "flask_wtf.py").write_text("class Form:\n    pass\n")
    (tmp_path / "forms.py").write_text(code)
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = [{str(site)!r}, {str(tmp_path)!r}]; import forms"],
        capture_output=True,
    )
    return run.returncode == 0


def test_elections_keeps_the_names_its_spec_packages_have(tmp_path):
    assert _imports_against_wtforms_1_0(FORMS, tmp_path)  # the original runs there
    result = run_codemods(FORMS, "flask-wtf-names", project=ELECTIONS, path="fedora_elections/forms.py", dedent=False)
    assert "TextField" in result.new_text and "Required()" in result.new_text
    assert _imports_against_wtforms_1_0(result.new_text, tmp_path)
    messages = finding_messages(result)
    assert any("files/fedora-elections.spec" in m and "python-wtforms" in m for m in messages), messages


@pytest.mark.parametrize(
    "spec",
    [
        # a build requirement only: the package is not installed where the app runs
        "BuildRequires:  python-wtforms\n",
        # another library's package
        "Requires:  python-wtforms-doc\nRequires: python3-flask\n",
        # the requirement is commented out
        "# Requires:  python-wtforms\n",
    ],
)
def test_the_names_move_where_no_spec_requires_the_system_package(spec):
    project = {"requirements.txt": "wtforms\n", "pkg.spec": spec}
    result = run_codemods(FORMS, "flask-wtf-names", project=project, path="forms.py", dedent=False)
    assert "wtforms.StringField(" in result.new_text


@pytest.mark.parametrize("line", ["Requires: python3-wtforms", "Requires: python3dist(wtforms) >= 1.0", "Requires: python2-wtforms"])
def test_each_spelling_of_the_package_counts(line):
    project = {"requirements.txt": "wtforms\n", "packaging/app.spec": line + "\n"}
    result = run_codemods(FORMS, "flask-wtf-names", project=project, path="forms.py", dedent=False)
    assert "TextField" in result.new_text
    assert any("packaging/app.spec" in m for m in finding_messages(result))


# MirrorManager 2 (2019) builds one spec for EPEL 7 and Fedora: the package names carry a macro
# that expands to nothing on RHEL 7 (python-wtforms, the system's WTForms 1.0) and to python3's
# part elsewhere; its forms keep a fallback import for a Flask-WTF without FlaskForm.
MACRO_SPEC = """\
%if (0%{?rhel} && 0%{?rhel} <= 7)
%global python_pkgversion %{nil}
%else
%global python_pkgversion %{python3_pkgversion}
%endif
Name:           mirrormanager2
BuildRequires:  python%{python_pkgversion}-devel
Requires:  python%{python_pkgversion}-flask-wtf
Requires:  python%{python_pkgversion}-wtforms
"""

FALLBACK_FORMS = """\
import wtforms
try:
    from flask_wtf import FlaskForm
except ImportError:
    from flask_wtf import Form as FlaskForm


class LoginForm(FlaskForm):
    username = wtforms.TextField('username', [wtforms.validators.Required()])
"""


def test_a_spec_package_named_through_a_macro_is_the_systems(tmp_path):
    project = {"requirements.txt": "flask\nflask-wtf\nwtforms\n", "utility/mirrormanager2.spec": MACRO_SPEC}
    assert _imports_against_wtforms_1_0(FALLBACK_FORMS, tmp_path)  # the original runs on RHEL 7's WTForms
    result = run_codemods(FALLBACK_FORMS, "flask-wtf-names", project=project, path="mirrormanager2/login_forms.py", dedent=False)
    assert "wtforms.TextField(" in result.new_text
    assert _imports_against_wtforms_1_0(result.new_text, tmp_path)
    messages = finding_messages(result)
    assert any("utility/mirrormanager2.spec" in m and "python%{python_pkgversion}-wtforms" in m for m in messages), messages


@pytest.mark.parametrize("line", ["Requires: python%{python3_pkgversion}-wtforms-doc", "BuildRequires: python%{python_pkgversion}-wtforms"])
def test_a_macro_spelling_of_another_package_or_a_build_requirement_counts_for_nothing(line):
    project = {"requirements.txt": "wtforms\n", "app.spec": line + "\n"}
    result = run_codemods(FORMS, "flask-wtf-names", project=project, path="forms.py", dedent=False)
    assert "wtforms.StringField(" in result.new_text
