"""Hypothesis strategies for the shapes real files take, whatever code they hold: tabs or
two-space indents, CRLF / CR / mixed newlines, form feeds, trailing whitespace, stray comments,
no final newline (``formatted``), and whitespace in every place Python allows it
(``whitespace_shapes``)."""

from __future__ import annotations

from hypothesis import strategies as st


COMMENTS = (
    "# TODO: clean this up",
    "# flask-codemod: nothing to see here",
    "# ünïcödé comment — with a dash",
    "#!/usr/bin/env python",
    "#",
    "# type: ignore",
    "# -*- not a coding cookie -*-",
    "# flask-codemod: skip",
    "# flask-codemod: skip=open-with,teardown",
)


@st.composite
def formatted(draw, text_strategy) -> str:
    """``text_strategy``'s module, in one of the many shapes real files take."""
    text = draw(text_strategy)
    lines = text.split("\n")
    # stray comments and blank lines (never after a backslash continuation)
    extras = draw(st.lists(st.tuples(st.integers(0, max(0, len(lines) - 1)), st.sampled_from(COMMENTS + ("",)), st.integers(0, 3)), max_size=4))
    for index, comment, depth in sorted(extras, reverse=True):
        if index > 0 and lines[index - 1].endswith("\\"):
            continue
        if _inside_string(lines, index):
            continue
        lines.insert(index, "    " * depth + comment if comment else "")
    unit = draw(st.sampled_from(("    ", "    ", "  ", "\t", "        ")))
    if unit != "    ":
        lines = [_reindent(line, unit) for line in lines]
    if draw(st.booleans()):  # trailing whitespace
        lines = [line + " " if line and not line.endswith("\\") and i % 3 == 0 else line for i, line in enumerate(lines)]
    if draw(st.booleans()):  # form feeds between top-level blocks, as old editors left them
        lines = ["\x0c" if line == "" and i % 2 == 0 else line for i, line in enumerate(lines)]
    if draw(st.booleans()) and lines and lines[0] and not lines[0].startswith(("#!", "# -*-")):
        lines[0] = "\x0c" + lines[0]
    newline = draw(st.sampled_from(("\n", "\n", "\r\n", "\r", "mixed")))
    if newline == "mixed":
        pattern = draw(st.lists(st.sampled_from(("\n", "\r\n")), min_size=1, max_size=5))
        out = "".join(line + pattern[i % len(pattern)] for i, line in enumerate(lines[:-1])) + lines[-1]
    else:
        out = newline.join(lines)
    if draw(st.booleans()):
        out = out.rstrip("\r\n")  # no final newline
    return out


def _inside_string(lines: list[str], index: int) -> bool:
    """Whether line ``index`` starts inside a triple-quoted string (templates use few)."""
    before = "\n".join(lines[:index])
    return (before.count('"""') % 2 == 1) or (before.count("'''") % 2 == 1)


def _reindent(line: str, unit: str) -> str:
    stripped = line.lstrip(" ")
    spaces = len(line) - len(stripped)
    if spaces % 4:
        return line  # a continuation line: its alignment is free
    return unit * (spaces // 4) + stripped


# -- whitespace in every place: what LibCST itself may fail to reproduce ----------------------

_UNITS = (
    ["old_value = 1"],
    ["x = old_value + 1  # trailing comment"],
    ["def f(a=old_value):", "    return old_value"],
    ["if old_value:", "    pass", "else:", "    y = [old_value,", "         2]"],
    ["class A:", "    z = old_value", "", "    def g(self):", "        return old_value"],
    ["for i in old_value:", "    while i:", "        i -= 1"],
    ["# a comment"],
    ["s = '''text", "  inside a string", "'''"],
    ["try:", "    old_value()", "except Exception:", "    raise"],
    ["@old_value", "def h():", "    pass"],
)
_SPACE_LINES = ("", " ", "\t", "\x0c", "  \x0c", "\x0c\x0c", "    # indented comment", "  # odd comment", "#")


@st.composite
def whitespace_shapes(draw) -> str:
    """Small modules using ``old_value`` only as a name, with whitespace-only lines, comments
    at odd indents and form feeds wherever Python allows them, any newline style."""
    lines: list[str] = []
    for unit in draw(st.lists(st.sampled_from(_UNITS), min_size=1, max_size=5)):
        for line in unit:
            if draw(st.integers(0, 3)) == 0 and not _inside_triple_quotes(lines):
                lines.append(draw(st.sampled_from(_SPACE_LINES)))
            if draw(st.integers(0, 5)) == 0 and not _inside_triple_quotes(lines):
                line = "\x0c" + line
            lines.append(line)
    for _ in range(draw(st.integers(0, 3))):
        lines.append(draw(st.sampled_from(_SPACE_LINES)))
    newline = draw(st.sampled_from(("\n", "\r\n", "\r")))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    return text


def _inside_triple_quotes(lines: list[str]) -> bool:
    return sum(line.count("'''") for line in lines) % 2 == 1
