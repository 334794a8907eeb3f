"""open-with puts a call's arguments back on its line when the opener was what split them.

citationhunt builds a list at import from ``json.load(`` / ``open(os.path.join(...,`` /
``...))``: the opener's length had pushed the call's only argument onto lines of its own.
With the opener moved into the with header the handle was left alone on the next line
(``json.load(`` / ``f)``), where a maintainer, and black, writes ``json.load(f)``. The same
holds when the handle is inside an argument (fatcat's tests: ``entity_from_json(`` /
``open(...).read(), ReleaseEntity`` / ``)`` left ``f.read(), ReleaseEntity`` alone). A call whose
arguments end with a comma or sit one a line (on purpose: iati-datastore writes every
``ResourceFactory.create(`` so), carry a comment, or would not fit on the call's line keeps its
layout.
"""

from __future__ import annotations

from helpers import load_source, run_codemods

PATTERNS = """\
import json
import os
import re

agent_patterns = [
    re.compile(entry["pattern"], re.IGNORECASE)
    for entry in json.load(
        open(os.path.join(os.path.dirname(__file__),
            "lists", "agents.json")))
]
"""


def test_the_handle_joins_the_call_it_is_passed_to(tmp_path):
    result = run_codemods(PATTERNS, "open-with", path="handlers/patterns.py", dedent=False)
    assert result.new_text.endswith(
        "    agent_patterns = [\n"
        '        re.compile(entry["pattern"], re.IGNORECASE)\n'
        "        for entry in json.load(f)\n"
        "    ]\n"
    ), result.new_text
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "agents.json").write_text('[{"pattern": "bot"}]')
    before = load_source(tmp_path, PATTERNS, "before").agent_patterns
    after = load_source(tmp_path, result.new_text, "after").agent_patterns
    assert [p.pattern for p in before] == [p.pattern for p in after] == ["bot"]


def test_the_other_arguments_join_it_too():
    source = 'import csv\n\nrows = list(csv.reader(\n    open("data/rows.csv"), delimiter=";"))\n'
    result = run_codemods(source, "open-with", path="app/rows.py", dedent=False)
    assert '    rows = list(csv.reader(f, delimiter=";"))\n' in result.new_text, result.new_text


KEPT = {
    "a trailing comma": 'import json\n\nsettings = json.load(\n    open("settings.json"),\n)\n',
    "a comment": 'import json\n\nsettings = json.load(\n    open("settings.json"),  # the shared file\n    object_hook=dict)\n',
    "one argument a line": 'import csv\n\nrows = list(csv.reader(\n    open("data/rows.csv"),\n    delimiter=";"))\n',
    # iati-datastore's tests: ``fac.ResourceFactory.create(`` / ``url=u"http://res2",`` /
    # ``document=open(...).read()`` / ``)``, the file's way of writing every such call
    "one argument a line, the handle inside one": (
        "import fac\n\n\ndef test_metadata():\n    res = fac.ResourceFactory.create(\n"
        '        url=u"http://res2",\n        document=open("complex_example_dfid.xml").read()\n    )\n'
    ),
    "too long for the line": (
        "import json\n\nsettings_of_the_application_loaded_once = json.load(\n"
        '    open("settings.json"), object_hook=a_rather_long_name_for_a_hook_function_that_builds_dicts)\n'
    ),
}


def test_a_call_laid_out_on_purpose_or_too_long_keeps_its_lines():
    for case, source in KEPT.items():
        result = run_codemods(source, "open-with", path="app/settings.py", dedent=False)
        assert "load(\n" in result.new_text or "reader(\n" in result.new_text or "create(\n" in result.new_text, (case, result.new_text)
        assert "with open(" in result.new_text, (case, result.new_text)


FIXTURE_READ = """\
import json


def load_release():
    release = json.loads(
        open("files/release_etodop5banbndg3faecnfm6ozi_and_more_of_its_name.json", "r").read(), object_hook=dict
    )
    return release["title"]
"""


def test_a_handle_read_inside_an_argument_joins_the_call_too(tmp_path, monkeypatch):
    # fatcat's tests/transform_elasticsearch.py: ``entity_from_json(`` / ``open(...).read(),
    # ReleaseEntity`` / ``)``, split by black only for the opener's length. Once the opener
    # is in the with header, ``f.read()`` holds the handle as ``json.load(f)`` does, and the
    # call fits its line again: black (the project's ``make fmt``) would join it.
    result = run_codemods(FIXTURE_READ, "open-with", path="tests/test_release.py", dedent=False)
    assert (
        '    with open("files/release_etodop5banbndg3faecnfm6ozi_and_more_of_its_name.json", "r") as f:\n'
        "        release = json.loads(f.read(), object_hook=dict)\n"
        '    return release["title"]\n'
    ) in result.new_text, result.new_text
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "release_etodop5banbndg3faecnfm6ozi_and_more_of_its_name.json").write_text('{"title": "x"}')
    monkeypatch.chdir(tmp_path)
    before = load_source(tmp_path, FIXTURE_READ, "before").load_release()
    after = load_source(tmp_path, result.new_text, "after").load_release()
    assert before == after == "x"


def test_a_handle_inside_an_argument_split_on_purpose_keeps_its_lines():
    source = 'import json\n\nsettings = json.loads(\n    open("settings.json").read(),\n)\n'
    result = run_codemods(source, "open-with", path="app/settings.py", dedent=False)
    assert "json.loads(\n" in result.new_text and "with open(" in result.new_text, result.new_text
