"""Names spelled in a form Python reads as another (``ｏｓ`` is ``os``, PEP 3131): the
codemods compare spellings, so the engine leaves such a text unchanged with a one-line
reason (tool/name_forms.py); strings and comments may hold any character."""

from __future__ import annotations

import textwrap

import pytest

from flask_codemod import pipeline
from flask_codemod.codemods import get_codemod, select_codemods
from flask_codemod.name_forms import refusal
from helpers import SAMPLES, run_codemods


def fullwidth(name: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in name)


@pytest.mark.parametrize(
    "text",
    [
        "import os\n",
        "",
        "# ｃｏｎｆｉｇ, café, “quoted” — a dash … and a\u00a0no-break space\n",
        "x = 'ｏｓ'\ny = b'a'\nz = rb'ｃ'  # ｍｅｔｈｏｄｓ\n",
        "doc = '''first\nｓｅｃｏｎｄ\n'''\n",
        "# 中文注释（说明）\nx = '日本語'\n",
        "Ω = 'ώ'\ncafé = 1\n",  # precomposed: NFKC leaves them
        "x = (\n",  # ASCII: settled before tokenizing
        'flash(f"用户{name}已存在！")\n',  # an f-string's literal text is text
        "x = f'（{a!r:>{width}}）{{！}}'\n",  # escaped braces and a nested field
        'x = f\'{d["}"]}：{e}\'\n',  # a brace in a field's string ends no field
        'x = rf"""\n①{a}\n②"""\n',
    ],
)
def test_texts_whose_names_read_as_spelled(text):
    assert refusal(text) is None


@pytest.mark.parametrize(
    ("text", "line", "spelled", "read"),
    [
        ("ｏｓ = 1\n", 1, "ｏｓ", "os"),
        ("import os\n\n𝐜𝐨𝐧𝐟𝐢𝐠 = 1\n", 3, "𝐜𝐨𝐧𝐟𝐢𝐠", "config"),
        ("ﬁle = open('x')\n", 1, "ﬁle", "file"),
        ("cafe\u0301 = 1\n", 1, "cafe\u0301", "caf\u00e9"),  # a combining accent: composed by NFKC
        ("x = f'{ｏｓ.sep}'\n", 1, "ｏｓ", "os"),  # an f-string's fields are code
        ("x = f'！{{a}}！{ｏｓ.sep:>{ｗ}}'\n", 1, "ｏｓ", "os"),  # beside text, in a nested field
        ('x = f"""\n！{\nｏｓ}"""\n', 3, "ｏｓ", "os"),  # a field over several lines
        # escaped braces beside a field never hide the field's names
        ("x = f'a{{b{ｏｓ}'\n", 1, "ｏｓ", "os"),
        ("x = f'！}}}}}}{ｏｓ}'\n", 1, "ｏｓ", "os"),
        ("x = f'''！\n{{{{\n{ｏｓ}'''\n", 3, "ｏｓ", "os"),
        ("x = f'''{d['}']}！{ｏｓ}'''\n", 1, "ｏｓ", "os"),  # a quoted brace ends no field
        ("s = '''a\nｂ\n'''; ｙ = 2\n", 3, "ｙ", "y"),  # a line number past a string of several lines
        ("a = 1\r\nx = '\x0c'\r\n\x0c\r\nｂ = 2\r\n", 4, "ｂ", "b"),
    ],
)
def test_texts_that_spell_a_name_otherwise(text, line, spelled, read):
    reason = refusal(text)
    assert reason is not None
    assert reason.startswith(f"{line}: {spelled!r} is spelled in a form Python reads as {read!r}")
    assert "\n" not in reason


def test_an_f_string_whose_fields_cannot_be_told_apart_counts_as_code_whole():
    assert refusal("x = f'{a'  # ｃ\n") is None  # ASCII code: the comment is text
    reason = refusal("x = f'}}}！'\n")  # a lone closing brace: no field can be told
    assert reason is not None and reason.startswith("1: ")


def test_a_text_that_does_not_tokenize_is_refused_when_not_in_nfkc_form():
    assert "does not tokenize" in refusal("x = '''ｏ\n")


FACTORY = textwrap.dedent(
    """\
    from flask import Flask


    def create_app():
        ｏｓ = "posix"
        app = Flask(__name__)
        app.secret_key = "Hs8dK2mW5qZ9xT3vQ1"
        return app


    app = create_app()
    """
)


def test_a_local_spelled_as_another_form_of_os_keeps_the_module_unchanged():
    """Python reads ``ｏｓ`` as ``os``: ``os.environ[...]`` written into that function would read
    the local string (AttributeError when the app starts). Left unchanged, said why."""
    result = run_codemods(FACTORY)
    assert result.new_text == FACTORY and not result.project_edits and not result.findings
    assert result.error.startswith("5: 'ｏｓ' is spelled in a form Python reads as 'os'")
    namespace: dict = {"__name__": "factory"}
    exec(compile(result.new_text, "factory.py", "exec"), namespace)
    assert namespace["app"].secret_key == "Hs8dK2mW5qZ9xT3vQ1"


def test_a_post_only_view_spelled_so_is_not_cached():
    """``ｍｅｔｈｏｄｓ=["POST"]`` is ``methods=`` to Python: the view answers POST only, and no
    codemod may take it for a GET view."""
    text = textwrap.dedent(
        f"""\
        from flask import Flask, render_template

        app = Flask(__name__)


        @app.route("/about", {fullwidth("methods")}=["POST"])
        def about():
            return render_template("about.html")
        """
    )
    result = run_codemods(text, "cache-views", files={"templates/about.html": "<p>About</p>\n"})
    assert result.new_text == text and result.error.startswith("6: ")


def test_names_spelled_otherwise_anywhere_in_a_sample_leave_it_unchanged_for_every_codemod():
    path = f"{SAMPLES}/open-with/inline_read.before.py"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert run_codemods(text).new_text != text  # the sample as written is rewritten
    respelled = text.replace("    text = open(", f"    text = {fullwidth('open')}(", 1)
    assert respelled != text
    result = run_codemods(respelled)
    assert result.new_text == respelled and "reads as 'open'" in result.error


def test_characters_in_strings_and_comments_keep_the_rewrites():
    path = f"{SAMPLES}/open-with/inline_read.before.py"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    marked = f"# {fullwidth('notes')}: ｍｅｔｈｏｄｓ\n" + text
    assert run_codemods(marked).error is None
    assert run_codemods(marked).new_text == f"# {fullwidth('notes')}: ｍｅｔｈｏｄｓ\n" + run_codemods(text).new_text


def test_fullwidth_punctuation_in_an_f_string_keeps_the_rewrites():
    """CJK apps write ``！``, ``：``, ``（）`` in their messages: text, not names, so the file is
    rewritten as if they were ASCII, and the rewritten code runs."""
    template = textwrap.dedent(
        """\
        from flask import Flask
        from werkzeug.urls import url_parse

        app = Flask(__name__)


        @app.route("/next/<path:target>")
        def next_page(target):
            try:
                parts = url_parse(target)
            except ValueError:
                return "bad"
            return f"{MESSAGE}{parts.path}{END}"
        """
    )
    text = template.replace("{MESSAGE}", "目标（路径）：").replace("{END}", "！")
    plain = template.replace("{MESSAGE}", "path: ").replace("{END}", "!")
    result = run_codemods(text, "werkzeug-stdlib")
    assert result.error is None
    assert result.new_text != text
    assert result.new_text == run_codemods(plain, "werkzeug-stdlib").new_text.replace(
        "path: ", "目标（路径）："
    ).replace("}!", "}！")
    namespace: dict = {"__name__": "cjk"}
    exec(compile(result.new_text, "cjk.py", "exec"), namespace)
    response = namespace["app"].test_client().get("/next/a/b")
    assert response.get_data(as_text=True) == "目标（路径）：a/b！"


def test_the_reason_reaches_the_file_result_through_the_suppression_path(tmp_path):
    path = tmp_path / "factory.py"
    path.write_text(FACTORY.replace('"posix"\n', '"posix"  # flask-codemod: skip\n'), encoding="utf-8")
    result = pipeline.process_file(str(path), list(select_codemods()))
    assert result.error is not None and "'ｏｓ' is spelled in a form Python reads as 'os'" in result.error
    assert path.read_text(encoding="utf-8").count("ｏｓ") == 1


def test_a_file_no_selected_codemod_acts_on_is_not_refused():
    """A cleanup codemod acts on no test file: nothing would read it, so nothing to refuse."""
    assert not get_codemod("dotenv-config").acts_on_path("tests/test_app.py")
    assert run_codemods("ｏｓ = 1\n", "dotenv-config", path="tests/test_app.py").error is None
    assert run_codemods("ｏｓ = 1\n", "dotenv-config", path="app.py").error is not None
