"""moved-imports: a name moved out of an import line is imported beside that line (in its
group: at its sorted place when the group is sorted, else right after it), not in whichever
import block comes first; nothing else moves."""

from __future__ import annotations

import textwrap

import pytest

from helpers import run_codemods

NAME = "moved-imports"


def rewritten(source: str) -> str:
    return run_codemods(textwrap.dedent(source), NAME).new_text


def test_after_code_the_new_import_goes_beside_the_line_it_came_from():
    """The module's first block (before some set-up code) is not where the flask import lives:
    the name moved out of the flask import is imported right after it."""
    source = """\
        import os
        import shutil

        os.environ["MODE"] = "quiet"

        import random

        import gunicorn
        from flask import Flask, Markup, request
        from werkzeug.utils import secure_filename

        x = Markup("<b>")
    """
    expected = """\
        import os
        import shutil

        os.environ["MODE"] = "quiet"

        import random

        import gunicorn
        from flask import Flask, request
        from markupsafe import Markup
        from werkzeug.utils import secure_filename

        x = Markup("<b>")
    """
    assert rewritten(source) == textwrap.dedent(expected)


@pytest.mark.parametrize(
    "group, expected",
    [
        # a sorted group keeps its order: the new line at its sorted place
        (
            "from flask import Flask, Markup\nfrom flask_login import current_user\nfrom werkzeug.utils import secure_filename\n",
            "from flask import Flask\nfrom flask_login import current_user\nfrom markupsafe import Markup\nfrom werkzeug.utils import secure_filename\n",
        ),
        # a group in no order: right after the line it came from
        (
            "from werkzeug.utils import secure_filename\nfrom flask import Flask, Markup\nimport click\n",
            "from werkzeug.utils import secure_filename\nfrom flask import Flask\nfrom markupsafe import Markup\nimport click\n",
        ),
    ],
    ids=["sorted", "unsorted"],
)
def test_the_new_import_joins_the_group_of_the_line_it_came_from(group, expected):
    source = "import json\nimport os\n\nCONFIG = json.loads(os.environ['CONFIG'])\n\n" + group + "\nx = Markup('<b>')\n"
    assert rewritten(source) == source.replace(group, expected)


def test_an_existing_import_of_the_module_is_still_joined():
    source = "import os\nfrom markupsafe import escape\n\nos.umask(0)\n\nfrom flask import Flask, Markup\n\nx = Markup(escape('<b>'))\n"
    assert rewritten(source) == "import os\nfrom markupsafe import Markup, escape\n\nos.umask(0)\n\nfrom flask import Flask\n\nx = Markup(escape('<b>'))\n"


def test_several_lines_from_one_import_keep_their_order_after_it():
    source = "import os\n\nos.umask(0)\n\nimport click\nfrom werkzeug import FileStorage, Response, secure_filename\nimport attr\n\nx = (FileStorage, Response, secure_filename)\n"
    assert rewritten(source) == (
        "import os\n\nos.umask(0)\n\nimport click\nfrom werkzeug import Response\nfrom werkzeug.datastructures import FileStorage\n"
        "from werkzeug.utils import secure_filename\nimport attr\n\nx = (FileStorage, Response, secure_filename)\n"
    )


@pytest.mark.parametrize("indent", ["", "    "])
def test_the_comment_above_a_split_import_stays_once(indent):
    """An import of which only some names move stays, with the moved names on new lines after it;
    the comment lines above it stay above it, once (inside a function, and at module level where
    the line holds a comment of its own)."""
    head = "def setup(app):\n" if indent else ""
    tail = "  # profiling" if not indent else ""
    source = (
        f"{head}{indent}# Setup profiling\n\n"
        f"{indent}from werkzeug.contrib.profiler import ProfilerMiddleware, MergeStream{tail}\n"
        f"{indent}app.wsgi_app = ProfilerMiddleware(app.wsgi_app, MergeStream())\n"
    )
    new = run_codemods(source, NAME, dedent=False).new_text
    assert new.count("# Setup profiling") == 1
    assert new.index("# Setup profiling") < new.index("from werkzeug.contrib.profiler import MergeStream")
    assert "from werkzeug.middleware.profiler import ProfilerMiddleware" in new
    compile(new, "<rewritten>", "exec")
