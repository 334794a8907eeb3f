"""Python 2 evidence: a list sorted with a comparison function when a module is imported.

Python 2's ``list.sort(f)`` and ``sorted(xs, cmp=f)`` take a comparison function; Python 3's
take none (``sort()`` takes no positional argument, ``cmp=`` is no keyword of either), so a
module whose top-level code sorts that way raises TypeError on import: the app runs on
Python 2 only, where every Flask is older than 2.0. static-max-age, which does nothing there,
shows it.
"""

from __future__ import annotations

import textwrap

import pytest

from helpers import DEPLOYED, finding_messages, run_codemods

SHOP = textwrap.dedent(
    """\
    from flask import Flask

    app = Flask(__name__)


    @app.get("/")
    def home():
        return "shop"
    """
)

BY_GROUP = "def by_group(a, b):\n    return (a > b) - (a < b)\n\n\n"


def _files(kinds: str) -> dict[str, str]:
    return {**DEPLOYED, "requirements.txt": "Flask\n", "kinds.py": kinds, "static/shop.css": "p { margin: 0 }\n"}


@pytest.mark.parametrize(
    ("kinds", "said"),
    [
        (BY_GROUP + "groups = list(set(['b', 'a']))\ngroups.sort(by_group)\n", "groups.sort() with a comparison function"),
        (BY_GROUP + "groups = ['b', 'a']\ngroups.sort(cmp=by_group)\n", "groups.sort() with a comparison function"),
        (BY_GROUP + "ordered = sorted(['b', 'a'], cmp=by_group)\n", "sorted() with a comparison function"),
    ],
)
def test_a_module_sorting_with_a_comparison_function_at_import_runs_on_python_2_only(kinds, said):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(kinds))
    assert result.new_text == SHOP
    [message] = finding_messages(result)
    assert f"runs on Python 2 only ({said} in kinds.py, called at import)" in message


@pytest.mark.parametrize(
    "kinds",
    [
        # Python 3's own sorts: by a key, or reversed
        "groups = ['b', 'a']\ngroups.sort(key=len)\nordered = sorted(groups, reverse=True)\n",
        # not a list: another object's sort method may take an argument
        "import table\n\nframe = table.load()\nframe.sort('name')\n",
        # a name bound to something else as well
        BY_GROUP + "groups = ['b', 'a']\nif table:\n    groups = table.Groups()\ngroups.sort(by_group)\n",
        # inside a function: nothing runs at import
        BY_GROUP + "def ordered(groups):\n    groups = list(groups)\n    groups.sort(by_group)\n    return groups\n",
    ],
)
def test_other_sorts_are_no_evidence(kinds):
    result = run_codemods(SHOP, "static-max-age", dedent=False, files=_files(kinds))
    assert "SEND_FILE_MAX_AGE_DEFAULT" in result.new_text
