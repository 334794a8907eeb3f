"""open-with indents a with-block's body as the block it nests into is indented.

PiFire's modules mix the two styles, function by function: ``common/app.py`` opens with
functions indented by four spaces (LibCST's module default) and goes on with functions
indented by tabs. The with-blocks written into a tab-indented function were indented by a
tab and four spaces, then a tab for the lines under them: valid Python, but tabs and spaces
mixed on one line, which no maintainer of the file writes (pycodestyle E101/W191).
"""

from __future__ import annotations

from helpers import load_source, run_codemods

MIXED = (
    "def allowed(name):\n"
    "    return '.' in name\n"
    "\n"
    "\n"
    "def export(path, rows):\n"
    "\tcsvfile = open(path, 'w')\n"
    "\tif rows:\n"
    "\t\tfor row in rows:\n"
    "\t\t\tcsvfile.write(row + '\\n')\n"
    "\telse:\n"
    "\t\tcsvfile.write('No Data\\n')\n"
    "\tcsvfile.close()\n"
    "\treturn path\n"
)


def test_a_tab_indented_function_gets_a_tab_indented_with_block(tmp_path):
    result = run_codemods(MIXED, "open-with", path="common/app.py", dedent=False)
    assert "\twith open(path, 'w') as csvfile:\n\t\tif rows:\n\t\t\tfor row in rows:\n\t\t\t\tcsvfile.write(" in result.new_text
    assert not any(line.lstrip("\t").startswith(" ") for line in result.new_text.splitlines() if line.startswith("\t"))
    for stem, code in (("before", MIXED), ("after", result.new_text)):
        target = tmp_path / f"{stem}.csv"
        load_source(tmp_path, code, stem).export(str(target), ["a", "b"])
        assert target.read_text() == "a\nb\n"


def test_a_space_indented_function_of_the_same_module_keeps_spaces():
    source = MIXED.replace("def allowed(name):\n    return '.' in name\n", "def allowed(name):\n    f = open(name)\n    text = f.read()\n    f.close()\n    return text\n")
    result = run_codemods(source, "open-with", path="common/app.py", dedent=False)
    assert "    with open(name) as f:\n        text = f.read()\n" in result.new_text
    assert "\twith open(path, 'w') as csvfile:\n\t\tif rows:\n" in result.new_text


def test_a_block_indented_by_an_odd_number_of_spaces_gets_the_module_unit():
    """PowerDNS-Admin's ``if`` whose body is five spaces in: the with-block under it is four
    spaces deeper, as the rest of the module is indented."""
    source = "def load(path):\n    if path:\n         cert = open(path).readlines()\n         return cert\n"
    result = run_codemods(source, "open-with", path="app/saml.py", dedent=False)
    assert "         with open(path) as f:\n             cert = f.readlines()\n" in result.new_text
