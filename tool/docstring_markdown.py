"""The codemods' docstrings as Markdown: the one converter behind the README's generated
codemod sections (tool/docs.py), the Markdown report and the SARIF rules' help.

A docstring is plain text in the reStructuredText habits the codemods use: paragraphs,
``- `` lists, ````code````, ``*emphasis*`` and ``**strong**`` (the same in Markdown), and a
paragraph ending with ``::`` followed by an indented example. A ``Before::`` example followed
by an ``After::`` one becomes one diff. Nothing of reStructuredText is left in the Markdown.
"""

from __future__ import annotations

import ast
import difflib
import re

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
