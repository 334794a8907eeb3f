"""upload-limit: a module that does not parse counts only where it may run in the app's process.

StoryMapJS keeps ``s3analysis/s3analysis.py`` beside its Flask API: a Python 2 script run by
hand that imports the app's ``storymap.storage``, never imported by it. It may name a size
(``MAY_HOLD_SIZE``) and does not parse, so the limit was held back with "s3analysis/s3analysis.py
does not parse as Python 3: whether it allows requests larger than 16 MiB cannot be read",
though no request the app serves runs a line of it. What a script run in its own process
allows is not what the app accepts; a module the app's process imports, or one it may load by
a name it computes, still holds the limit back (the finding then names that load).
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, run_codemods

UPLOAD_APP = '''
from flask import Flask, request

from storage import save

app = Flask(__name__)


@app.post("/upload")
def upload():
    data = request.files["file"].read()
    save(data)
    return {"size": len(data)}
'''

# the app's storage, and a Python 2 script that reports sizes of stored uploads through it
STORAGE = "def save(data):\n    pass\n"
SCRIPT = "from storage import save\nMAX_UPLOAD_SIZE = 500 * 1024 * 1024\nprint 'checking uploads'\n"


def test_a_script_the_app_never_imports_does_not_hold_the_limit_back():
    result = run_codemods(UPLOAD_APP, "upload-limit", files={"storage.py": STORAGE, "scripts/report.py": SCRIPT})
    assert finding_messages(result) == []
    assert 'app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024' in result.new_text


def test_a_module_the_app_imports_still_holds_it_back():
    source = UPLOAD_APP.replace("from flask import", "import limits\nfrom flask import", 1)
    result = run_codemods(source, "upload-limit", files={"storage.py": STORAGE, "limits.py": "UPLOAD_LIMIT_MB = 500\nprint 'loading'\n"})
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "limits.py does not parse as Python 3: whether it allows requests larger than 16 MiB" in message


def test_a_module_the_app_may_load_by_a_computed_name_holds_it_back_and_the_finding_says_so():
    source = UPLOAD_APP.replace(
        "from flask import", "import importlib\nimport os\n\nimportlib.import_module(os.environ['SETTINGS'])\nfrom flask import", 1
    )
    result = run_codemods(source, "upload-limit", files={"storage.py": STORAGE, "scripts/report.py": SCRIPT})
    assert result.new_text == textwrap.dedent(source)
    [message] = finding_messages(result)
    assert "scripts/report.py does not parse as Python 3" in message
    assert "app.py:5 loads a module by a name it computes at run time, which may be this one" in message
