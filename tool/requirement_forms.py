"""The forms of a requirement the requirements writer (tool/requirements.py) reads and writes:
its name, its lowest release as a pin, whether a list pins everything, and the line it adds in
that style; and ``Outcome``, what adding requirements did."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .results import ProjectFileChange

_PIP_OPTION = re.compile(r"\s--?[A-Za-z]")  # options after a requirement: --hash=..., -e ...


def requirement_name(text: str) -> str | None:
    """The normalised name a requirement (a line of a requirements file, or an item of
    ``dependencies``) declares; None for a comment, an option, a path or a URL."""
    text = text.split(" #", 1)[0].split("\t#", 1)[0]
    text = _PIP_OPTION.split(" " + text, 1)[0].strip().rstrip("\\").strip()
    if not text or text.startswith(("#", "-")):
        return None
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def parsed_requirement(text: str) -> Requirement | None:
    text = _PIP_OPTION.split(" " + text.split(" #", 1)[0], 1)[0].strip().rstrip("\\").strip()
    try:
        return Requirement(text) if text and not text.startswith(("#", "-")) else None
    except InvalidRequirement:
        return None


def pinned_version(spec: str) -> str | None:
    """The lowest release ``spec`` allows, as ``X.Y.Z`` (``>=1.0`` → ``1.0.0``), or None."""
    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    bounds = []
    for specifier in specifiers:
        if specifier.operator in (">=", "~=", "==", "===") and "*" not in specifier.version:
            try:
                bounds.append(Version(specifier.version))
            except InvalidVersion:
                return None
    if not bounds:
        return None
    lowest = max(bounds)
    release = list(lowest.release) + [0] * (3 - len(lowest.release))
    text = ".".join(str(part) for part in release)
    return text if specifiers.contains(text, prereleases=True) else None


@dataclass
class Outcome:
    """What adding requirements did: the file changes, and what the user must still do."""

    changes: list[ProjectFileChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def all_pinned(requirements: Iterable[Requirement | None]) -> bool:
    """Whether every requirement of a list (there is one at least) pins one version."""
    found = [r for r in requirements if r is not None]
    return bool(found) and all(
        len(r.specifier) == 1 and next(iter(r.specifier)).operator in ("==", "===") and "*" not in str(r.specifier)
        for r in found
    )


def written(name: str, spec: str, pinned: bool, outcome: Outcome, where: str) -> str:
    """``name`` with ``spec``, or pinned (``name==X.Y.Z``) in a file that pins everything."""
    if not pinned:
        return name + spec
    version = pinned_version(spec)
    if version is None:
        outcome.problems.append(f"{where} pins every package: pin {name} there to the version you test with")
        return name + spec
    return f"{name}=={version}"
