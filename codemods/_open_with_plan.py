"""open-with, the plan: what the analysis decides and the rewriter carries out.

Vocabulary:
- an *opener* is a call that returns a handle (``open(p)``, ``gzip.open(p)``, ``urlopen(u)``);
- an *inline* opener is used once where it stands (``open(p).read()``); the with-block wraps
  its statement and the opener is replaced by a fresh name;
- a *binding* is ``f = open(p)`` as a statement; the with-block replaces it and spans the
  statements that use ``f``: up to ``f.close()`` (removed), the ``try`` whose ``finally`` only
  closes ``f``, or the last use;
- a *derived* object is built on the handle and reads it later (``csv.reader(f)``); it must
  not outlive the with-block either.

A ``Region`` is a run of statements of one block that becomes one with-block; the regions of a
block form a forest (a region may hold nested ones). A ``Use`` says how one expression holding
the handle uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import libcst as cst
from libcst.metadata.scope_provider import Scope

from ._open_with_catalog import PREFERRED_NAMES, OpenerSpec


@dataclass(eq=False)
class Opener:
    call: cst.Call
    spec: OpenerSpec
    reads: bool  # its mode is a literal that only reads
    problem: str | None = None  # why `open` here may not be the builtin (reported unless managed)

    @property
    def preferred_names(self) -> tuple[str, ...]:
        family = self.spec.family
        if family == "file":
            return PREFERRED_NAMES["read" if self.reads else "write"]
        return PREFERRED_NAMES[family]


@dataclass(eq=False)
class Item:
    """One ``opener as name`` of a with statement."""

    opener: Opener
    inline: bool  # True: the opener stays where it is and is replaced by ``name``
    name: str = ""  # the user's name for bindings; chosen fresh for inline items
    binding: int | None = None  # index of the dropped ``name = opener`` statement
    discarded: bool = False  # a bare ``open(p)`` statement: no name, the body is ``pass``


@dataclass(eq=False)
class Region:
    """Statements ``owner.body[start:end+1]`` that go into one with-block."""

    owner: cst.CSTNode  # cst.Module or cst.IndentedBlock
    start: int
    end: int
    items: list[Item]
    kind: str  # "inline", "free" (no close: ends at the last use), "close", "finally"
    scope: Scope
    closes: set[int] = field(default_factory=set)  # explicit close statements, removed
    unwrap: int | None = None  # the try statement whose ``finally: f.close()`` is removed
    children: list["Region"] = field(default_factory=list)

    @property
    def drops(self) -> set[int]:
        return {item.binding for item in self.items if item.binding is not None} | self.closes

    @property
    def binding_end(self) -> int:
        """The last statement that binds one of the items (start - 1 when none does)."""
        bound = [item.binding for item in self.items if item.binding is not None]
        return max(bound) if bound else self.start - 1

    def contains(self, other: "Region") -> bool:
        return self.start <= other.start and other.end <= self.end


def subtree(region: Region) -> Iterator[Region]:
    """``region`` and every region nested in it."""
    yield region
    for child in region.children:
        yield from subtree(child)


def nest(regions: list[Region]) -> list[Region]:
    """Laminar regions → a forest (children sorted by start)."""
    roots: list[Region] = []
    stack: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        region.children = []
        while stack and not stack[-1].contains(region):
            stack.pop()
        (stack[-1].children if stack else roots).append(region)
        stack.append(region)
    return roots


@dataclass
class Plan:
    regions: dict[cst.CSTNode, list[Region]] = field(default_factory=dict)  # owner -> top regions
    inline_names: dict[cst.Call, str] = field(default_factory=dict)
    discarded: set[cst.CSTNode] = field(default_factory=set)  # lines that become `pass`
    findings: list[tuple[cst.CSTNode, str]] = field(default_factory=list)
    rewrites: int = 0
    # openers over several lines: their column, counted from their statement's indentation
    columns: dict[cst.Call, int] = field(default_factory=dict)


class Refusal(Exception):
    """Raised inside the analysis of one opener: leave it alone and say why."""

    def __init__(self, message: str, silent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.silent = silent  # nothing to report (e.g. the handle is already managed)


# -- how an expression holding the handle uses it ------------------------------------------------

SAFE, CLOSE, MANAGED, BIND, DERIVED_BIND, ESCAPE, MAY_KEEP_USE = (
    "safe", "close", "managed", "bind", "derived-bind", "escape", "may-keep",
)


@dataclass
class Use:
    kind: str
    consumer: cst.CSTNode | None = None  # the expression (or for loop) that finishes the use
    message: str = ""
    name: str = ""  # BIND / DERIVED_BIND: the name bound
    statement: cst.CSTNode | None = None  # BIND / DERIVED_BIND: the Assign
    maker: str = ""  # DERIVED_BIND: "csv.reader" …


DISCARDED = "<discarded>"  # Use.name of a bare `open(p)` statement: `with open(p): pass`
