"""cache-views' finding for a template that reads a name its view does not pass (owl-map: the
index page's navbar macro reads ``username`` and ``active_tab``, which the view leaves out and
nothing of the project registers). The finding said a context processor or template global
fills it in, which in that project none does: the page simply renders them empty. Where the
project registers none, the finding says so; where it does, the finding is as before (naming the
project's own processor when it returns the name). The view
stays uncached either way (an extension may fill the name in)."""

from __future__ import annotations

from helpers import finding_messages, run_codemods

APP = """\
from flask import Flask, render_template

app = Flask(__name__)


@app.route("/")
def index():
    return render_template("home.html", pages=["a", "b"])
"""

FILES = {
    "requirements.txt": "flask\nflask-caching\n",
    "templates/home.html": "{% for page in pages %}<a>{{ page }}</a>{% endfor %} {{ username }}",
}

REGISTERS = "from app import app\n\n\n@app.context_processor\ndef who():\n    return {'username': 'x'}\n"


def _reason(files: dict[str, str]) -> str:
    result = run_codemods(APP, "cache-views", dedent=False, path="app.py", files={**FILES, **files})
    assert result.error is None, result.error
    assert result.new_text == APP
    messages = [m for m in finding_messages(result) if "reads username" in m]
    assert len(messages) == 1, finding_messages(result)
    return messages[0]


def test_a_project_that_registers_no_context_processor_is_not_said_to_fill_the_name_in():
    reason = _reason({})
    assert "the view does not pass it, and the project registers no context processor or template global" in reason
    assert "fills it in" not in reason.split("unless")[0]


def test_a_project_whose_processor_gives_the_name_is_said_to_by_name():
    """The processor is the project's own: the finding names it (session 42), not one unseen."""
    reason = _reason({"hooks.py": REGISTERS})
    assert "the view does not pass it; the project's context processor who() (hooks.py:5) fills in username" in reason
    assert "cannot see" not in reason


def test_a_project_that_registers_one_for_other_names_keeps_the_reason():
    reason = _reason({"hooks.py": REGISTERS.replace("'username'", "'other'")})
    assert "so a context processor or template global the codemod cannot see fills it in" in reason


def test_a_module_that_cannot_be_read_may_register_one():
    reason = _reason({"legacy.py": "print 'python 2'\n"})
    assert "so a context processor or template global the codemod cannot see fills it in" in reason
