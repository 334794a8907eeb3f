"""open-with in a project that declares its line length: moving an opener into a with header
makes its line longer (``x = urlopen(...)`` becomes ``with urlopen(...) as x:``), and on the
corpus two such headers went past the length the project's flake8 checks (flaskbb: 105
columns of 88; ga4gh-server: two gzip files in one header, past 79). The header is split as
black splits it: at the brackets of its last call. Each result is checked with black itself
at the declared length (a fixed point), and run."""

from __future__ import annotations

import gzip

import black
import pytest

from helpers import rewrite

FLAKE8_79 = {".flake8": "[flake8]\nmax-line-length = 79\n"}

CASES = {
    "one handle": (
        "def read(path_to_the_configuration_file, encoding_of_it):\n"
        "    handle = open(path_to_the_configuration_file, encoding=encoding_of_it)\n"
        "    return handle.read()\n",
        "def read(path_to_the_configuration_file, encoding_of_it):\n"
        "    with open(\n"
        "        path_to_the_configuration_file, encoding=encoding_of_it\n"
        "    ) as handle:\n"
        "        return handle.read()\n",
    ),
    "two handles on Python 2.7 (no parentheses)": (
        "import gzip\n\n\n"
        "def copy(binary_file, local_temp_file_name):\n"
        "    gzip_file = gzip.open(binary_file, 'rb')\n"
        "    output_file = open(local_temp_file_name, 'wb')\n"
        "    output_file.write(gzip_file.read())\n"
        "    gzip_file.close()\n"
        "    output_file.close()\n",
        "import gzip\n\n\n"
        "def copy(binary_file, local_temp_file_name):\n"
        "    with gzip.open(binary_file, 'rb') as gzip_file, open(\n"
        "        local_temp_file_name, 'wb'\n"
        "    ) as output_file:\n"
        "        output_file.write(gzip_file.read())\n",
    ),
}


def _black_stable(text: str, length: int) -> bool:
    mode = black.Mode(line_length=length, string_normalization=False)
    return black.format_str(text, mode=mode) == text


@pytest.mark.parametrize("case", CASES)
def test_the_with_header_keeps_the_declared_line_length_as_black_would(case, tmp_path):
    source, expected = CASES[case]
    assert max(len(line) for line in source.splitlines()) <= 79
    files = {**FLAKE8_79, "setup.py": "from setuptools import setup\nsetup(name='x', python_requires='>=2.7')\n"}
    text = rewrite(source, "open-with", files=files, dedent=False)
    assert text == expected
    assert max(len(line) for line in text.splitlines()) <= 79
    assert _black_stable(text, 79)
    namespace: dict = {}
    exec(compile(text, "reader.py", "exec"), namespace)
    if case == "one handle":
        (tmp_path / "c.cfg").write_text("x = 1\n", encoding="utf-8")
        assert namespace["read"](str(tmp_path / "c.cfg"), "utf-8") == "x = 1\n"
    else:
        with gzip.open(tmp_path / "in.gz", "wb") as handle:
            handle.write(b"data")
        namespace["copy"](str(tmp_path / "in.gz"), str(tmp_path / "out"))
        assert (tmp_path / "out").read_bytes() == b"data"


def test_without_a_declared_length_the_header_stays_on_one_line():
    source, _ = CASES["one handle"]
    text = rewrite(source, "open-with", dedent=False)
    assert "    with open(path_to_the_configuration_file, encoding=encoding_of_it) as handle:\n" in text


def test_a_statement_already_past_the_length_is_not_split():
    source = (
        "def read(path_to_the_configuration_file_of_this_application, encoding_of_it):\n"
        "    handle = open(path_to_the_configuration_file_of_this_application, encoding=encoding_of_it)\n"
        "    return handle.read()\n"
    )
    text = rewrite(source, "open-with", files=FLAKE8_79, dedent=False)
    assert "    with open(path_to_the_configuration_file_of_this_application, encoding=encoding_of_it) as handle:\n" in text


def test_arguments_that_end_with_a_star_argument_are_not_put_one_a_line():
    """A comma after ``**kwargs`` is a SyntaxError on Python 2.7 and before 3.6 (black leaves it
    out too): where the arguments do not fit on one line of their own, the call stays as it is."""
    import libcst as cst

    from flask_codemod.codemods._call_layout import split_at_its_brackets

    module = cst.parse_module("open(a_rather_long_path_name, 'r', encoding_of_the_file, **options_for_it)\n")
    call = module.body[0].body[0].value
    kwargs = dict(head=10, tail=20, indent=4, unit="    ", code_for=module.code_for_node)
    assert split_at_its_brackets(call, limit=40, **kwargs) is None
    hugged = split_at_its_brackets(call, limit=100, **kwargs)
    assert hugged is not None and not module.code_for_node(hugged).rstrip().endswith(",)")
    plain = cst.parse_module("open(a_rather_long_path_name, 'r', encoding_of_the_file, options_for_it)\n").body[0].body[0].value
    exploded = split_at_its_brackets(plain, limit=40, **kwargs)
    assert exploded is not None and "options_for_it,\n" in module.code_for_node(exploded)
