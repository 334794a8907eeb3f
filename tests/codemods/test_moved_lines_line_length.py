"""Lines that only move one level deeper, in a project that declares its line length: a
codemod that moves a block into a new with-block (open-with, http-timeout's session) pushes
each of its lines one indentation unit to the right, and on the corpus that took lines past
the 79 columns the project's pycodestyle or flake8 checks (pgadmin: a nested with header and
a ``json.loads(...)`` assignment; ga4gh-server: a ``session.get(..., timeout=60)``). A moved
line that kept the length one level up and passes it now is split as black splits it at
that length, when it is a statement whose call black splits at its own brackets; a long
string, a comment or a line that already passed the length stays as it is. Each result is
checked with black itself at the declared length (a fixed point) and run."""

from __future__ import annotations

import json

import black
import pytest

from helpers import rewrite

FLAKE8_79 = {".flake8": "[flake8]\nmax-line-length = 79\n"}
HTTP_FILES = {**FLAKE8_79, "requirements.txt": "requests\n"}

OPEN_WITH = {
    "an assignment deep in a moved loop": (
        "import json\n\n\n"
        "def report(path_of_the_report, response):\n"
        "    report_file = open(path_of_the_report, 'a')\n"
        "    for item in response['data']:\n"
        "        if item['status'] == 'Identical':\n"
        "            decoded = json.loads(response['text'].rstrip('; '), strict=False)\n"
        "            report_file.write(decoded['diff_ddl'])\n"
        "    report_file.close()\n",
        "import json\n\n\n"
        "def report(path_of_the_report, response):\n"
        "    with open(path_of_the_report, 'a') as report_file:\n"
        "        for item in response['data']:\n"
        "            if item['status'] == 'Identical':\n"
        "                decoded = json.loads(\n"
        "                    response['text'].rstrip('; '), strict=False\n"
        "                )\n"
        "                report_file.write(decoded['diff_ddl'])\n",
    ),
    "a nested with header": (
        "def main(include_dir, out_path):\n"
        "    keywords_file = open(out_path, 'w')\n"
        "    keywords_file.write('# ScanKeyword function')\n"
        "    with open(include_dir + \"/postgresql/server/parser/kwlist.h\", \"rb\") as ins:\n"
        "        keywords_file.write(ins.read().decode())\n"
        "    keywords_file.close()\n",
        "def main(include_dir, out_path):\n"
        "    with open(out_path, 'w') as keywords_file:\n"
        "        keywords_file.write('# ScanKeyword function')\n"
        "        with open(\n"
        "            include_dir + \"/postgresql/server/parser/kwlist.h\", \"rb\"\n"
        "        ) as ins:\n"
        "            keywords_file.write(ins.read().decode())\n",
    ),
    "arguments put one a line": (
        "def copy(path, first_argument_value, second_argument_value, third_one):\n"
        "    handle = open(path, 'w')\n"
        "    handle.write(str([first_argument_value, second_argument_value, third_one]))\n"
        "    handle.close()\n",
        "def copy(path, first_argument_value, second_argument_value, third_one):\n"
        "    with open(path, 'w') as handle:\n"
        "        handle.write(\n"
        "            str([first_argument_value, second_argument_value, third_one])\n"
        "        )\n",
    ),
}


def _black_stable(text: str, length: int) -> bool:
    mode = black.Mode(line_length=length, string_normalization=False)
    return black.format_str(text, mode=mode) == text


def _longest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("case", OPEN_WITH)
def test_a_moved_line_that_passes_the_length_is_split_as_black_would(case, tmp_path):
    source, expected = OPEN_WITH[case]
    assert _longest(source) <= 79
    text = rewrite(source, "open-with", files=FLAKE8_79, dedent=False)
    assert text == expected
    assert _longest(text) <= 79
    assert _black_stable(text, 79)
    namespace: dict = {}
    exec(compile(text, "moved.py", "exec"), namespace)
    out = tmp_path / "out.txt"
    if case == "an assignment deep in a moved loop":
        text_of = json.dumps({"diff_ddl": "CREATE"})
        namespace["report"](str(out), {"data": [{"status": "Identical"}], "text": text_of + " "})
        assert out.read_text() == "CREATE"
    elif case == "a nested with header":
        (tmp_path / "postgresql" / "server" / "parser").mkdir(parents=True)
        (tmp_path / "postgresql" / "server" / "parser" / "kwlist.h").write_bytes(b"PG_KEYWORD")
        namespace["main"](str(tmp_path), str(out))
        assert out.read_text() == "# ScanKeyword functionPG_KEYWORD"
    else:
        namespace["copy"](str(out), 1, 2, 3)
        assert out.read_text() == "[1, 2, 3]"


def test_a_session_moved_into_its_with_block_keeps_the_length_of_its_grown_calls():
    """ga4gh-server's test_oidc: ``, timeout=60`` keeps 79 columns where the call was, the
    session's with-block then takes it one level deeper."""
    source = (
        "import requests\n\n\n"
        "def get_key(server_url):\n"
        "    session = requests.session()\n"
        "    loginPage = session.get(\"{}/\".format(server_url), verify=False)\n"
        "    return loginPage.text\n"
    )
    text = rewrite(source, "http-timeout", files=HTTP_FILES, dedent=False)
    assert text == (
        "import requests\n\n\n"
        "def get_key(server_url):\n"
        "    with requests.session() as session:\n"
        "        loginPage = session.get(\n"
        "            \"{}/\".format(server_url), verify=False, timeout=60\n"
        "        )\n"
        "    return loginPage.text\n"
    )
    assert _longest(text) <= 79
    assert _black_stable(text, 79)
    namespace: dict = {}
    exec(compile(text, "client.py", "exec"), namespace)
    assert callable(namespace["get_key"])


UNSPLIT = {
    "a long string": "        handle.write('a string that cannot be split by black at all, whatsoever')\n",
    "a comment": "        # a comment line that is long enough to pass the length one level deeper\n        handle.write('x')\n",
    "already past the length": "        handle.write(str([first_argument_value, second_argument_value, third_value]))\n",
    "a noqa comment": "        handle.write(str([first_argument_value, second_argument_value]))  # noqa\n",
    "a subscript after the call": "        first = handle.readlines(first_argument_value + second_argument_value)[0]\n",
    "a backslash continuation": "        url = 'schema_diff/ddl_compare/{0}/{1}/{2}/{3}/{4}/{5}/{6}/' \\\n            '{7}'.format(1)\n",
}


@pytest.mark.parametrize("case", UNSPLIT)
def test_a_moved_line_black_cannot_split_at_its_own_brackets_stays(case):
    line = UNSPLIT[case]
    source = (
        "def copy(path, first_argument_value, second_argument_value, third):\n"
        "    handle = open(path, 'w')\n"
        "    if path:\n"
        f"{line}"
        "    handle.close()\n"
    )
    text = rewrite(source, "open-with", files=FLAKE8_79, dedent=False)
    moved = "".join("    " + part for part in line.splitlines(keepends=True))
    assert moved in text
    assert "    with open(path, 'w') as handle:\n" in text


def test_without_a_declared_length_a_moved_line_stays_on_one_line():
    source, _ = OPEN_WITH["an assignment deep in a moved loop"]
    text = rewrite(source, "open-with", dedent=False)
    assert "                decoded = json.loads(response['text'].rstrip('; '), strict=False)\n" in text


def test_an_elif_header_counts_its_el():
    """The header of an elif is two columns longer than an if's: judged and split as such."""
    import libcst as cst

    from flask_codemod.codemods._moved_lines import moved_deeper

    source = (
        "if first:\n"
        "    pass\n"
        "elif check_the_value(first_argument_value, second_argument_value, third):\n"
        "    pass\n"
    )
    assert len(source.splitlines()[2]) == 73  # 77 at column 4: within 79; 81 at column 8
    module = cst.parse_module(source)
    moved = module.code_for_node(moved_deeper(module.body[0], 8, 79, "    "))
    assert moved == (
        "if first:\n"
        "    pass\n"
        "elif check_the_value(\n"
        "    first_argument_value, second_argument_value, third\n"
        "):\n"
        "    pass\n"
    )
    placed = "def f():\n    with x:\n" + "".join("        " + line + "\n" for line in moved.splitlines())
    assert _black_stable(placed, 79)
