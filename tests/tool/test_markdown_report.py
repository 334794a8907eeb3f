"""The Markdown report as a reviewer reads it: rendered Markdown with no reStructuredText left
(read with a CommonMark parser, as GitHub would), a "Before you merge" section that says what
the app needs to run, and a size that fits a GitHub comment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from helpers import REPO
from flask_codemod import codemods as registry
from flask_codemod.cli import app
from flask_codemod.codemods._contract_records import Finding
from flask_codemod.commits import codemod_why
from flask_codemod.docstring_markdown import markdown
from flask_codemod.outcome import Outcome, Summary
from flask_codemod.report_markdown import GITHUB_COMMENT_LIMIT, _md, markdown_report, size
from flask_codemod.results import FileResult

LEGACY_APP = os.path.join(REPO, "samples", "legacy_app")


_DIRECTIVE = re.compile(r"(?m)^\.\. ([\w-]+::|_|\[)")
_ROLE = re.compile(r":[a-z]+:(`|$)")


def rst_left(text: str) -> list[str]:
    """The reStructuredText markup left in ``text`` read as Markdown (with a CommonMark
    parser): an inline literal written RST's way (````x```` with no backtick inside: a
    Markdown code span, but RST's spelling), and, in the text a reader sees (outside code), a
    backtick, ``**`` or a ``*`` pair that did not become emphasis (``\\*\\*x\\*\\*``), a ``::``
    ending a paragraph, a ``.. directive::`` or a ``:role:`` reference."""
    parser = MarkdownIt("commonmark").enable("table")
    found = []
    for block in parser.parse(text):
        for token in block.children or ():
            if token.type == "code_inline" and token.markup == "``" and "`" not in token.content:
                found.append(f"RST literal ``{token.content}``")
            if token.type != "text":
                continue
            content = token.content
            for marker in ("`", "**"):
                if marker in content:
                    found.append(f"{marker!r} in {content!r}")
            if content.count("*") >= 2:
                found.append(f"'*' pair in {content!r}")
            if content.rstrip().endswith("::"):
                found.append(f"'::' ending {content!r}")
            if _DIRECTIVE.search(content) or _ROLE.search(content):
                found.append(f"directive or role in {content!r}")
    return found


def test_the_check_finds_restructuredtext():
    assert rst_left("Wrap ``open()`` calls.") != []
    assert rst_left("Wait \\*\\*forever\\*\\*.") != []
    assert rst_left("Before::\n\n    x = 1\n") != []
    assert rst_left("See :func:`open`.") != []
    assert rst_left(".. note::\n\n   Careful.\n") != []
    # what the report used to do: the documentation escaped as plain text shows its markup
    assert rst_left(_md(codemod_why(registry.get_codemod("http-timeout")))) != []
    assert rst_left("Wrap `open()` calls, **forever**, *really*.\n\n```python\nx = ``y``\n```\n") == []


def test_every_codemod_documentation_becomes_markdown_without_restructuredtext():
    for cls in registry.all_codemods():
        assert rst_left(markdown(cls.documentation())) == [], cls.NAME


def _legacy_app(tmp_path, *, requirements: bool = True):
    folder = tmp_path / "legacy_app"
    shutil.copytree(LEGACY_APP, folder)
    if not requirements:
        (folder / "requirements.txt").unlink()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _report(folder, monkeypatch, *args: str) -> str:
    monkeypatch.chdir(folder)
    target = folder.parent / "pr.md"
    result = CliRunner().invoke(app, ["apply", "-j", "1", "--dry-run", *args, "--report", str(target), "."], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    return text.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]


def test_the_report_of_a_dotenv_and_cache_views_run(tmp_path, monkeypatch):
    folder = _legacy_app(tmp_path)
    text = _report(folder, monkeypatch, "--select", "dotenv-config,cache-views")
    assert rst_left(text) == []
    before = _section(text, "Before you merge")
    for variable, kind in (("SECRET_KEY", "secret"), ("DATABASE", "setting")):
        assert f"  - `{variable}` (a {kind}:" in before, variable
    # a secret outside the Flask configuration, and DEBUG (a setting that stays), do not move
    assert "`DB_PASSWORD`" not in before and "`DEBUG`" not in before
    assert "  - `python-dotenv>=0.10`: added to `requirements.txt`" in before
    assert "  - `Flask-Caching`: added to `requirements.txt`" in before
    assert "- **Behaviour changes to review**" in before
    assert "  - `app.py`: lines " in before and "(`cache-views`, `dotenv-config`)" in before
    assert "- **Findings**: 2 places left alone" in before  # cache-views 1 (the shop cannot reach the cache), dotenv-config 1 (DB_PASSWORD)
    # the documentation is rendered: the dotenv-config section has a code span, not ``.env``
    assert "into `.env`" in _section(text, "`dotenv-config`: Move hard-coded secrets and environment settings of the Flask configuration into .env.")
    # and no value moved to .env is in the report
    assert "dev-3f9a1c2b7e" not in text
    assert "hunter2-shop" not in text


def test_a_dependency_that_could_not_be_declared_says_so(tmp_path, monkeypatch):
    """No dependency file: cache-views makes no cache the project could not install (its
    views stay uncached), and the report says why, instead of a requirement not added."""
    folder = _legacy_app(tmp_path, requirements=False)
    text = _report(folder, monkeypatch, "--select", "cache-views")
    assert "**not added**" not in text
    assert "Flask-Caching cannot be added to the project's dependencies (no requirements list, pyproject.toml or Pipfile declares them)" in text


class _Rename(registry.Codemod):
    """Rename ``old`` to ``new``.

    Why: ``old`` is **gone**.
    """

    NAME = "long-rename"
    SUMMARY = "Rename old to new."
    SAFETY = "review"


def _long_outcome(files: int, reproduce: str = "flask-codemod apply .") -> Outcome:
    results = []
    for index in range(files):
        path = f"/repo/package_{index:05}/module_with_a_long_name.py"
        findings = tuple(Finding("long-rename", line, 5, f"old left alone: its owner on line {line} is unknown") for line in (3, 9))
        results.append(FileResult(path, "x = old\n" * 10, "x = new\n" + "x = old\n" * 9, findings, rewrites=(("long-rename", 1),)))
    summary = Summary(scanned=files, changed=files)
    return Outcome(
        results, [], [], [], [], summary, base="/repo", mode="dry-run", codemods=[_Rename],
        codemods_by_path={r.path: (_Rename,) for r in results}, reproduce=reproduce,
    )


def test_a_long_report_is_summarised_to_fit_a_github_comment():
    outcome = _long_outcome(3000)
    text = markdown_report(outcome)
    assert size(text) <= GITHUB_COMMENT_LIMIT
    assert "more (a JSON report, `--report FILE.json`, lists them all)" in text
    assert "### How to reproduce" in text  # summarised, not cut
    assert "package_00000/module_with_a_long_name.py" in text
    assert rst_left(text) == []
    short = markdown_report(_long_outcome(3))  # a short one is whole
    assert "more (a JSON report" not in short and short.count("module_with_a_long_name.py:3") == 3


def test_a_reason_said_at_several_places_is_listed_once_with_its_places():
    """pgadmin's 59 migrations each got the same sentence: the report gives it once."""
    results = [
        FileResult(f"/repo/migrations/{name}.py", "x = old\n", "x = old\n",
                   (Finding("long-rename", 4, 1, "old left alone: run it with op.execute"),), rewrites=())
        for name in ("a", "b", "c")
    ]
    results.append(FileResult("/repo/app.py", "x = old\n", "x = old\n", (Finding("long-rename", 7, 1, "old left alone: unknown owner"),), rewrites=()))
    outcome = Outcome(
        results, [], [], [], [], Summary(scanned=4), base="/repo", mode="dry-run", codemods=[_Rename],
        codemods_by_path={r.path: (_Rename,) for r in results}, reproduce="flask-codemod apply .",
    )
    section = _section(markdown_report(outcome), "`long-rename`: Rename old to new.")
    assert section.count("run it with op.execute") == 1
    assert "- old left alone: run it with op.execute (3 places: `migrations/a.py:4`, `migrations/b.py:4`, `migrations/c.py:4`)" in section
    assert "- `app.py:7`: old left alone: unknown owner" in section
    assert "**Findings**: 4 places left alone" in markdown_report(outcome)


def test_a_report_that_cannot_be_summarised_enough_is_cut_with_a_note():
    text = markdown_report(_long_outcome(50), limit=1500)
    assert size(text) <= 1500
    assert text.endswith("*This report was cut to fit; a JSON report (`--report FILE.json`) has everything.*\n")


def test_size_counts_what_github_counts():
    assert size("abc") == 3 and size("é") == 1 and size("🙂") == 2


def test_a_cut_inside_a_code_block_closes_it():
    reproduce = "flask-codemod apply " + " ".join(f"src/package_{i}" for i in range(40))  # a long last line
    whole = markdown_report(_long_outcome(1, reproduce))
    text = markdown_report(_long_outcome(1, reproduce), limit=size(whole) - 1)
    note = "\n\n*This report was cut to fit; a JSON report (`--report FILE.json`) has everything.*\n"
    assert size(text) < size(whole) and text.endswith(note)
    kept = text[: -len(note)]
    assert "```sh" in kept and "src/package_0" not in kept  # cut inside the block
    assert kept.endswith("\n```") and kept.count("```") == 2  # which is closed
