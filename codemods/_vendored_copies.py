"""Copies of libraries a project ships in its own tree (vendored), and the release each is.

A project that puts a folder of library copies on its import path (``sys.path.insert(0,
'lib')``, App Engine's ``lib/``) imports those copies, whatever its requirement files say or
leave unsaid: Maraschino (2012) ships Flask 0.8 and SQLAlchemy 0.7.4 in ``lib/`` and declares
nothing. The copy's release is what the code runs on, so a form newer than it must not be
written.

A copy is ``<folder>/<package>/__init__.py`` in one of ``VENDOR_FOLDERS`` at the project root
(``lib``, ``libs``, and the names a project gives a folder of other projects' code,
``named_for_copies``: ``vendor``, pip's ``_vendor``, ``third_party`` ...; a copy under another
name is not seen: ``read_file`` reads names, not patterns). Its release is the
literal ``__version__`` it sets; a copy that sets none or one that is no release (Flask from 2.3 on reads its
distribution's metadata) is a release not known, possibly the oldest: ``UNKNOWN`` (``==0``),
below every release, so nothing that needs a release is written for it.

Nothing is imported or run: the files are read (``read_file`` of a ``Context``, or the disk).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, NamedTuple

from packaging.version import InvalidVersion, Version

# The names a project gives a folder of other projects' code it ships, in any case and with or
# without leading underscores (pip's and setuptools' own ``_vendor``): what the project says of
# the folder. Said of a folder of its own code too (a blueprint for third-party services named
# ``third_party``): the walk also asks what its modules import (``tool/walk.py``).
_COPIES_NAMES = ("vendor", "vendored", "vendors", "third_party", "thirdparty", "3rdparty")
# the folders a project's copies of libraries are usually kept in, at its root: ``lib/``
# (App Engine's ``pip install -t lib``) and the names above, as they are spelled
VENDOR_FOLDERS = ("lib", "libs", *_COPIES_NAMES, *(f"_{name}" for name in _COPIES_NAMES))
# the release of a copy whose ``__init__.py`` names none
UNKNOWN = "0"

_VERSION = re.compile(r"""^__version__\s*=\s*(?:u|U)?['"]([^'"\s]+)['"]""", re.MULTILINE)


class Copy(NamedTuple):
    """A copy of a library in the project's tree: its ``__init__.py`` (as the reader spells
    it) and the release it sets (``UNKNOWN`` when it sets none)."""

    path: str
    release: str

    @property
    def requirement(self) -> str:
        """The copy as a specifier: exactly its release (``==0.7.4``)."""
        return f"=={self.release}"


def named_for_copies(name: str) -> bool:
    """Whether a folder named ``name`` is named as a folder of other projects' code
    (``_vendor``, ``Vendor``, ``third_party``)."""
    return name.lower().lstrip("_") in _COPIES_NAMES


def package_name(distribution: str) -> str:
    """The import name of ``distribution`` (``Flask-SQLAlchemy`` -> ``flask_sqlalchemy``)."""
    return distribution.lower().replace("-", "_").replace(".", "_")


def vendored_copies(read: Callable[[str], str | None], root: str, distribution: str) -> Iterator[Copy]:
    """The copies of ``distribution`` in the vendor folders at ``root`` (a prefix ``read``
    takes: ``""``, ``"../"``, or a folder with its trailing separator)."""
    package = package_name(distribution)
    for folder in VENDOR_FOLDERS:
        path = f"{root}{folder}/{package}/__init__.py"
        text = read(path)
        if text is None:
            continue
        match = _VERSION.search(text)
        yield Copy(path, _release(match.group(1)) if match else UNKNOWN)


def _release(text: str) -> str:
    """``text`` when it is a release ``packaging`` reads, else ``UNKNOWN``."""
    try:
        Version(text)
    except InvalidVersion:
        return UNKNOWN
    return text
