"""The README's table of codemods and its section per codemod, generated from each codemod's
docstring and metadata (NAME, SUMMARY, SAFETY, GROUP, OPTIONS): the docstring is the one
source, what ``flask-codemod explain NAME`` prints too.

    python -m flask_codemod.docs            # rewrite README.md between the markers
    python -m flask_codemod.docs --check    # exit 1 when README.md is not what it would write

Between ``BEGIN`` and ``END`` in the README, everything is generated: edit the docstrings.
The docstrings become Markdown through tool/docstring_markdown.py, the converter the Markdown
report uses too. The upgrade codemods' catalogue table (between tool/catalogue.py's markers)
is generated too, from their ``CATALOGUE`` rows.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Sequence

from . import catalogue
from . import codemods as registry  # the registry, looked up at each call: it may be extended (tests do)
from .codemods import Codemod
from .docstring_markdown import examples, markdown  # noqa: F401 (examples: the tests read the docstrings' examples here)
from .codemods._base import APPLICATION, EXAMPLES, PACKAGING, RETIRED, TESTS
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
    "policy": "set a number the code does not hold, so they run only when selected (`--select NAME`, or "
    "`select` in `[tool.flask-codemod]`): check the value before you accept it",
}
# how a section names the kinds of code a codemod acts on (codemods/_code_kinds.py CODE_KINDS)
KIND_WORDS = {
    APPLICATION: "application code",
    TESTS: "tests",
    EXAMPLES: "examples",
    PACKAGING: "packaging scripts",
    RETIRED: "retired code",
}

def anchor(cls: type[Codemod]) -> str:
    """The GitHub anchor of a codemod's section heading (``### open-with`` -> ``open-with``)."""
    return re.sub(r"[^\w\- ]", "", cls.NAME.lower()).replace(" ", "-")


def by_default(cls: type[Codemod]) -> str:
    return "yes" if cls.runs_by_default() else "no"


def table(codemods: Sequence[type[Codemod]]) -> str:
    rows = ["| codemod | group | safety | by default | what it does |", "|---|---|---|---|---|"]
    for cls in codemods:
        rows.append(f"| [`{cls.NAME}`](#{anchor(cls)}) | {cls.GROUP} | {cls.SAFETY} | {by_default(cls)} | {cls.SUMMARY} |")
    legend = [
        f"- `{key}` codemods {meaning}."
        for meanings, attribute in ((GROUP_MEANING, "GROUP"), (SAFETY_MEANING, "SAFETY"))
        for key, meaning in meanings.items()
        if any(getattr(c, attribute) == key for c in codemods)
    ]
    legend.append(
        "- Test code (`tests/`, `ui_tests/`, `e2e/` ..., `test_*.py`, `*_test.py`, `*_unittest.py`, `tests.py`, `conftest.py`) and examples (`examples/`, `demo/`, "
        "`tutorial/`, `docs/` ...) are changed only by the codemods whose section says *tests* or *examples*; a `setup.py` "
        "that uses setuptools or distutils (and the `ez_setup.py` bootstrap beside it) by none."
    )
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
    default = "runs by default" if cls.runs_by_default() else "runs only when selected"
    words = [KIND_WORDS[kind] for kind in cls.acts_on()]
    kinds = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
    parts = [f"### {cls.NAME}", f"*{cls.GROUP} · {cls.SAFETY} · {default} · acts on {kinds}*", markdown(cls.documentation())]
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
