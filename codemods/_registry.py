"""Finds the codemods: every public module of a codemod package defines one Codemod subclass.

No list is edited by hand: adding ``codemods/new_thing.py`` is enough. ``all_codemods()``
is this package's; ``discover(package)`` reads any package laid out the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType
from typing import Any, Sequence

from ._base import CODE_KINDS, GROUPS, SAFETY_LEVELS, Codemod, UsageError


def discover(package: str | ModuleType) -> tuple[type[Codemod], ...]:
    """Every codemod class of ``package`` (a package or its dotted name), in the order the
    engine applies them: one per public module (``<name>.py``); modules starting with ``_``
    are helpers. RuntimeError when a module breaks the contract."""
    if isinstance(package, str):
        package = importlib.import_module(package)
    found: dict[str, type[Codemod]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        classes = [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, Codemod)
            and obj is not Codemod
            and obj.__module__ == module.__name__
        ]
        if len(classes) != 1:
            raise RuntimeError(f"{module.__name__} must define exactly one codemod, found {len(classes)}")
        cls = classes[0]
        if not cls.NAME or not cls.SUMMARY:
            raise RuntimeError(f"{cls.__qualname__} needs NAME and SUMMARY")
        if cls.SAFETY not in SAFETY_LEVELS:
            raise RuntimeError(f"{cls.NAME}: SAFETY must be one of {SAFETY_LEVELS}")
        if cls.GROUP not in GROUPS:
            raise RuntimeError(f"{cls.NAME}: GROUP must be one of {GROUPS}")
        if cls.ACTS_ON is not None and (not cls.ACTS_ON or not set(cls.ACTS_ON) <= set(CODE_KINDS)):
            raise RuntimeError(f"{cls.NAME}: ACTS_ON must name some of {CODE_KINDS}")
        if cls.NAME in found:
            raise RuntimeError(f"two codemods are named {cls.NAME!r}")
        found[cls.NAME] = cls
    return tuple(sorted(found.values(), key=lambda c: (c.ORDER, c.NAME)))


@lru_cache(maxsize=None)
def all_codemods() -> tuple[type[Codemod], ...]:
    """Every codemod class of this package, in the fixed order the engine applies them."""
    from . import __name__ as package_name

    return discover(package_name)


# ``all_codemods`` as defined here: tells whether it was replaced since (tests extend the
# registry with their own codemods by replacing it), for a reader of the codemods' information
# that does not import them (tool/codemod_info.py).
OWN_ALL_CODEMODS = all_codemods


def codemod_names() -> list[str]:
    return [c.NAME for c in all_codemods()]


def get_codemod(name: str) -> type[Codemod]:
    for cls in all_codemods():
        if cls.NAME == name:
            return cls
    raise UsageError(f"unknown codemod {name!r} (known: {', '.join(codemod_names())})")


def default_codemods() -> tuple[type[Codemod], ...]:
    """The codemods that run when none is selected: all but the policy group's."""
    return tuple(c for c in all_codemods() if c.runs_by_default())


def select_codemods(select: list[str] | None = None, skip: list[str] | None = None) -> tuple[type[Codemod], ...]:
    """The codemods to run, in engine order: ``select`` (default: ``default_codemods()``)
    less ``skip``. Unknown names raise UsageError."""
    return select_from(all_codemods(), select, skip)


def select_from(known: Sequence[Any], select: list[str] | None = None, skip: list[str] | None = None) -> tuple[Any, ...]:
    """``select_codemods`` among ``known`` (every codemod, in engine order: classes, or
    anything with their NAME and ``runs_by_default``)."""
    by_name = {c.NAME: c for c in known}

    def named(name: str) -> Any:
        if name not in by_name:
            raise UsageError(f"unknown codemod {name!r} (known: {', '.join(by_name)})")
        return by_name[name]

    chosen = [named(n) for n in select] if select else [c for c in known if c.runs_by_default()]
    skipped = {named(n).NAME for n in skip or ()}
    names = {c.NAME for c in chosen} - skipped
    return tuple(c for c in known if c.NAME in names)
