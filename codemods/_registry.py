"""Finds the codemods: every public module of a codemod package defines one Codemod subclass.

No list is edited by hand: adding ``codemods/new_thing.py`` is enough. ``all_codemods()``
is this package's; ``discover(package)`` reads any package laid out the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType

from ._base import GROUPS, SAFETY_LEVELS, Codemod, UsageError


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
        if cls.NAME in found:
            raise RuntimeError(f"two codemods are named {cls.NAME!r}")
        found[cls.NAME] = cls
    return tuple(sorted(found.values(), key=lambda c: (c.ORDER, c.NAME)))


@lru_cache(maxsize=None)
def all_codemods() -> tuple[type[Codemod], ...]:
    """Every codemod class of this package, in the fixed order the engine applies them."""
    from . import __name__ as package_name

    return discover(package_name)


def codemod_names() -> list[str]:
    return [c.NAME for c in all_codemods()]


def get_codemod(name: str) -> type[Codemod]:
    for cls in all_codemods():
        if cls.NAME == name:
            return cls
    raise UsageError(f"unknown codemod {name!r} (known: {', '.join(codemod_names())})")


def select_codemods(select: list[str] | None = None, skip: list[str] | None = None) -> tuple[type[Codemod], ...]:
    """The codemods to run, in engine order. Unknown names raise UsageError."""
    chosen = [get_codemod(n) for n in select] if select else list(all_codemods())
    skipped = {get_codemod(n).NAME for n in skip or ()}
    names = {c.NAME for c in chosen} - skipped
    return tuple(c for c in all_codemods() if c.NAME in names)
