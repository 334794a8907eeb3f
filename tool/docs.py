"""The README's table of codemods and its section per codemod, generated from each codemod's
docstring and metadata (NAME, SUMMARY, SAFETY, GROUP, OPTIONS): the docstring is the one
source, what ``flask-codemod explain NAME`` prints too.

    python -m flask_codemod.docs            # rewrite README.md between the markers
    python -m flask_codemod.docs --check    # exit 1 when README.md is not what it would write

Between ``BEGIN`` and ``END`` in the README, everything is generated: edit the docstrings.
The upgrade codemods' catalogue table (between tool/catalogue.py's markers) is generated too,
from their ``CATALOGUE`` rows.

A docstring is plain text in the reStructuredText habits the codemods already use:
paragraphs, ``- `` lists, ````code````, and a paragraph ending with ``::`` followed by an
indented example. A ``Before::`` example followed by an ``After::`` one becomes one diff.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import sys
from typing import Sequence

from . import catalogue
from . import codemods as registry  # the registry, looked up at each call: it may be extended (tests do)
from .codemods import Codemod
from .writing import atomic_write

BEGIN = "<!-- codemods: generated from the codemods' docstrings by `python -m flask_codemod.docs`; edit those -->"
END = "<!-- end of the generated codemods -->"

# what "`<key>` codemods ..." do, for the legend under the table
SAFETY_MEANING = {
    "safe": "preserve behaviour",
    "review": "change behaviour on purpose: a reviewer should read their diff",
}
GROUP_MEANING = {
    "cleanup": "apply the practices the Flask guides preach: release what is opened, keep secrets out of "
    "code, cache what cannot go stale",
    "upgrade": "replace legacy Flask, Werkzeug and SQLAlchemy APIs by what exists at the target version",
    "policy": "set a number the code does not hold: check the value before you accept it",
}

_LITERAL = re.compile(r"``(.+?)``", re.S)


def inline(text: str) -> str:
    """reStructuredText inline literals (````x````) as Markdown code spans (```x```)."""

    def code(match: re.Match[str]) -> str:
        content = match.group(1)
        fence = "``" if "`" in content else "`"
        pad = " " if content.startswith("`") or content.endswith("`") else ""
        return f"{fence}{pad}{content}{pad}{fence}"

    return _LITERAL.sub(code, text)


def _blocks(doc: str) -> list[tuple[str, str]]:
    """The docstring as ``("text", paragraph)`` and ``("example", dedented code)`` blocks;
    an example is the indented lines after a paragraph ending with ``::``."""
    lines = doc.splitlines()
    blocks: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        start = index
        while index < len(lines) and lines[index].strip():
            index += 1
        paragraph = "\n".join(lines[start:index])
        blocks.append(("text", paragraph))
        if not paragraph.rstrip().endswith("::"):
            continue
        indent = len(lines[start]) - len(lines[start].lstrip())
        example: list[str] = []
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
            example.append(lines[index])
            index += 1
        while example and not example[-1].strip():
            example.pop()
        while example and not example[0].strip():
            example.pop(0)
        margin = min(len(line) - len(line.lstrip()) for line in example if line.strip()) if example else 0
        blocks.append(("example", "\n".join(line[margin:].rstrip() for line in example)))
    return blocks


def _fenced(code: str, language: str) -> str:
    return f"```{language}\n{code}\n```"


def _language(code: str) -> str:
    try:
        ast.parse(code)
    except SyntaxError:
        return "text"
    return "python"


def example_diff(before: str, after: str) -> str:
    """``before`` and ``after`` as one diff that shows every line (``-`` gone, ``+`` new)."""
    old, new = before.splitlines(), after.splitlines()
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [f" {line}".rstrip() for line in old[i1:i2]]
            continue
        lines += [f"-{line}" for line in old[i1:i2]]
        lines += [f"+{line}" for line in new[j1:j2]]
    return "\n".join(lines)


def _before_after(blocks: list[tuple[str, str]], index: int) -> tuple[str, str] | None:
    """``(before, after)`` when ``blocks[index:]`` starts with a ``Before::`` example and an
    ``After::`` one."""
    four = blocks[index : index + 4]
    if [kind for kind, _ in four] != ["text", "example", "text", "example"]:
        return None
    if four[0][1].strip() != "Before::" or four[2][1].strip() != "After::":
        return None
    return four[1][1], four[3][1]


def examples(doc: str) -> list[tuple[str, str]]:
    """The ``Before::`` / ``After::`` example pairs of a docstring (each a module's text)."""
    blocks = _blocks(doc)
    return [pair for index in range(len(blocks)) if (pair := _before_after(blocks, index)) is not None]


def markdown(doc: str) -> str:
    """A codemod's docstring as Markdown."""
    blocks = _blocks(doc)
    out: list[str] = []
    index = 0
    while index < len(blocks):
        kind, text = blocks[index]
        if kind == "example":
            out.append(_fenced(text, _language(text)))
            index += 1
            continue
        pair = _before_after(blocks, index)
        if pair is not None:
            out.append(_fenced(example_diff(*pair), "diff"))
            index += 4
            continue
        if text.rstrip().endswith("::"):
            text = text.rstrip()[:-1]  # "Before::" -> "Before:"
        out.append(inline(text.strip("\n")))
        index += 1
    return "\n\n".join(out)


def anchor(cls: type[Codemod]) -> str:
    """The GitHub anchor of a codemod's section heading (``### open-with`` -> ``open-with``)."""
    return re.sub(r"[^\w\- ]", "", cls.NAME.lower()).replace(" ", "-")


def table(codemods: Sequence[type[Codemod]]) -> str:
    rows = ["| codemod | group | safety | what it does |", "|---|---|---|---|"]
    for cls in codemods:
        rows.append(f"| [`{cls.NAME}`](#{anchor(cls)}) | {cls.GROUP} | {cls.SAFETY} | {cls.SUMMARY} |")
    legend = [
        f"- `{key}` codemods {meaning}."
        for meanings, attribute in ((GROUP_MEANING, "GROUP"), (SAFETY_MEANING, "SAFETY"))
        for key, meaning in meanings.items()
        if any(getattr(c, attribute) == key for c in codemods)
    ]
    legend.append("- `flask-codemod explain NAME` prints a codemod's documentation and options.")
    return "\n".join(rows + [""] + legend)


def options(cls: type[Codemod]) -> str:
    """The options of ``cls`` as a table, with how to set them; "" when it has none."""
    if not cls.OPTIONS:
        return ""
    rows = [
        f"Set with `--set {cls.NAME}.OPTION=VALUE`, or `OPTION = VALUE` under "
        f"`[tool.flask-codemod.{cls.NAME}]` in `pyproject.toml`:",
        "",
        "| option | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for name, spec in cls.OPTIONS.items():
        rows.append(f"| `{name}` | {spec.type.__name__} | `{spec.default!r}` | {spec.help} |")
    return "\n".join(rows)


def section(cls: type[Codemod]) -> str:
    parts = [f"### {cls.NAME}", f"*{cls.GROUP} · {cls.SAFETY}*", markdown(cls.documentation())]
    if cls.OPTIONS:
        parts.append(options(cls))
    return "\n\n".join(parts)


def generated(codemods: Sequence[type[Codemod]]) -> str:
    """Everything between the markers: the table, then a section per codemod."""
    return "\n\n".join([table(codemods), *(section(cls) for cls in codemods)])


def updated_readme(readme: str, codemods: Sequence[type[Codemod]]) -> str:
    """``readme`` with what stands between ``BEGIN`` and ``END`` generated afresh, and the
    upgrade catalogue's table (tool/catalogue.py) where the README has its markers;
    ValueError when ``BEGIN`` and ``END`` are not there once each, in that order."""
    if readme.count(BEGIN) != 1 or readme.count(END) != 1 or readme.index(BEGIN) > readme.index(END):
        raise ValueError(f"the README needs one {BEGIN!r} line and, after it, one {END!r} line")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    fresh = f"{head}{BEGIN}\n\n{generated(codemods)}\n\n{END}{tail}"
    if catalogue.START in fresh:
        fresh = catalogue.with_table(fresh, catalogue.render(codemods))
    return fresh


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flask_codemod.docs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--readme", default="README.md", help="the README to rewrite (default: README.md)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the README is stale")
    args = parser.parse_args(argv)
    with open(args.readme, encoding="utf-8", newline="") as handle:
        readme = handle.read()
    try:
        fresh = updated_readme(readme, registry.all_codemods())
    except ValueError as error:
        print(f"{args.readme}: {error}", file=sys.stderr)
        return 2
    if fresh == readme:
        return 0
    if args.check:
        print(f"{args.readme}: the codemod sections are stale; run python -m flask_codemod.docs", file=sys.stderr)
        return 1
    atomic_write(args.readme, fresh.encode("utf-8"))
    print(f"{args.readme}: codemod sections regenerated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
