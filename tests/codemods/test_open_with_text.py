"""The text open-with writes: fresh names, kept formatting, what it leaves untouched, the
parenthesised with statements of the target_version option, and how it counts and words
what it did."""

from __future__ import annotations

import os

import pytest

from helpers import SAMPLES, assert_left_alone, rewrite, run_codemods
from open_with_support import read_source, sample

# -- names, formatting, idempotence -----------------------------------------------------------------


def test_the_fresh_name_avoids_names_of_nested_functions_and_strings() -> None:
    source = """\
    def outer(p):
        data = open(p).read()

        def inner():
            return f, fh

        return data, inner, getattr(p, "src")
    """
    after = rewrite(source, "open-with")
    assert "with open(p) as infile:" in after


def test_tabs_and_crlf_are_kept() -> None:
    before, after = sample("tab_indentation")
    assert "\twith open(path) as f:\n\t\tif f.readable():\n\t\t\tdata = f.read()\n" in after
    assert "    " not in after
    before, after = sample("crlf_newlines")
    assert after.count("\r\n") == after.count("\n") and "with open(path) as f:\r\n" in after


def test_nothing_outside_the_rewritten_statements_changes() -> None:
    before, after = sample("comments_and_blank_lines")
    import difflib

    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    # only lines of the two rewritten functions' open/close statements and their re-indented bodies
    assert not any("return True" in line or "def " in line or '"""' in line for line in changed)


def test_files_without_openers_are_not_parsed() -> None:
    from flask_codemod.codemods import get_codemod

    codemod = get_codemod("open-with")()
    assert not codemod.applies_to("import os\nprint('hello')\n")
    assert codemod.applies_to("x = open(p).read()\n")
    assert codemod.applies_to("z = zipfile.ZipFile(p)\n")


def test_the_legacy_app_gets_the_expected_rewrites() -> None:
    app = read_source(os.path.join(SAMPLES, "legacy_app", "app.py"))
    result = run_codemods(app, "open-with", dedent=False)
    assert result.error is None and result.findings == []
    assert result.rewrites == {"open-with": 4}
    text = result.new_text
    assert "    with open(path) as f:\n        settings = json.load(f)\n    return settings\n" in text
    assert "    with open(\"motd.txt\") as f:\n        return f.read()\n" in text
    assert "    with open(\"access.log\", \"a\") as log:\n        log.write(line + \"\\n\")\n\n" in text
    assert "log.close()" not in text
    views = read_source(os.path.join(SAMPLES, "legacy_app", "shop", "views.py"))
    result = run_codemods(views, "open-with", dedent=False)
    assert result.rewrites == {"open-with": 2} and result.findings == []
    assert "    with open(\"catalogue.csv\") as f:\n        for row in csv.reader(f):\n            rows.append(row)\n" in result.new_text
    assert "    with open(path, \"w\") as out:\n        writer = csv.writer(out)\n" in result.new_text
    assert "out.close()" not in result.new_text


# -- the target_version option: parenthesised with statements ----------------------------------------

LONG = """\
def convert(source_path_with_a_long_name, target_path_with_a_long_name):
    source_handle = open(source_path_with_a_long_name, encoding="utf-8")
    target_handle = open(target_path_with_a_long_name, "w", encoding="utf-8")
    target_handle.write(source_handle.read())
    source_handle.close()
    target_handle.close()
"""


def test_long_with_statements_are_parenthesised_when_the_target_python_allows_it() -> None:
    after = rewrite(LONG, "open-with", options={"open-with": {"target_version": "3.10"}})
    assert after == (
        "def convert(source_path_with_a_long_name, target_path_with_a_long_name):\n"
        "    with (\n"
        '        open(source_path_with_a_long_name, encoding="utf-8") as source_handle,\n'
        '        open(target_path_with_a_long_name, "w", encoding="utf-8") as target_handle,\n'
        "    ):\n"
        "        target_handle.write(source_handle.read())\n"
    )
    assert rewrite(after, "open-with", options={"open-with": {"target_version": "3.10"}}) == after


def test_by_default_and_for_short_lines_the_with_statement_stays_on_one_line() -> None:
    default = rewrite(LONG, "open-with")
    assert "    with open(source_path_with_a_long_name, encoding=\"utf-8\") as source_handle, open(" in default
    short = "def copy(a, b):\n    src = open(a)\n    dst = open(b, 'w')\n    dst.write(src.read())\n    src.close()\n    dst.close()\n"
    assert "with open(a) as src, open(b, 'w') as dst:\n" in rewrite(short, "open-with", options={"open-with": {"target_version": "3.12"}})


def test_a_bad_target_version_is_a_usage_error() -> None:
    from flask_codemod.codemods import get_codemod
    from flask_codemod.codemods._base import UsageError, validate_options

    with pytest.raises(UsageError, match="target_version"):
        validate_options([get_codemod("open-with")], {"open-with": {"target_version": "2.7"}}, from_text=True)


def test_the_summary_counts_one_rewrite_per_handle() -> None:
    result = run_codemods(LONG, "open-with")
    assert result.rewrites == {"open-with": 2}
    before, _ = sample("several_handles")
    assert run_codemods(before, "open-with", dedent=False).rewrites == {"open-with": 7}  # 2 + 3 + 2


def test_an_immediate_close_is_not_a_leak() -> None:
    source = "def touch(path):\n    open(path, 'a').close()\n"
    assert_left_alone("open-with", source)


def test_a_bare_open_statement_becomes_a_with_block_without_a_name() -> None:
    source = "def check(p):\n    open(p)  # raises when missing\n    return True\n"
    assert rewrite(source, "open-with") == "def check(p):\n    with open(p):\n        pass  # raises when missing\n    return True\n"


def test_managed_openers_are_silent_even_when_open_may_be_shadowed() -> None:
    source = "import builtins\nbuiltins.open = None\n\ndef read(p):\n    with open(p) as f:\n        return f.read()\n"
    assert_left_alone("open-with", source)


def test_the_line_length_check_counts_the_indentation_of_the_block() -> None:
    # the with line is 82 characters without indentation: 86 in a function, 90 in a method
    body = "    x = open(aaaaaaaaaaaaaaaaaaaa)\n    y = open(bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)\n    return x.read() + y.read()\n"
    options = {"open-with": {"target_version": "3.11"}}
    in_function = rewrite("def f():\n" + body, "open-with", options=options)
    assert "with open(aaaaaaaaaaaaaaaaaaaa) as x, open(bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb) as y:\n" in in_function
    method = "class K:\n    def m(self):\n" + "".join("    " + line + "\n" for line in body.splitlines())
    in_method = rewrite(method, "open-with", options=options)
    assert "        with (\n            open(aaaaaaaaaaaaaaaaaaaa) as x,\n" in in_method


def test_a_handle_named_handle_is_quoted_in_the_finding():
    result = run_codemods(
        """
        def dump(path):
            handle = open(path)
            data = handle.read()

            def name():
                return handle.name

            handle.close()
            return data, name
        """,
        "open-with",
    )
    messages = [finding.message for finding in result.findings]
    assert messages == [
        "the handle `handle` is used by a nested function or lambda (line 7), which may run after the with-block has closed it"
    ]
