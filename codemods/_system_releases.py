"""The release of a library a system package installs, where the system's own release is known.

A setup script's ``dnf install python-wtforms`` installs the release the system ships, which
the script does not name; a Dockerfile's base image can name the system: ``FROM fedora:24``.
A distribution's stable release only ever moves a package to newer versions, so the version
it shipped when it was made is the oldest any install of it gets: that lower bound is what
``system_release`` gives, for the libraries and releases of ``FEDORA`` only.

``FEDORA``: for each library, the version of its Fedora package at Fedora N's mass rebuild
(the ``Rebuilt for Fedora_N_Mass_Rebuild`` entry of the package's spec changelog in Fedora's
package sources); a release without such an entry takes the nearest earlier one's (the
package only moved on since). Releases outside a library's rows are not known.

Not known, on purpose: an image without a tag (``FROM fedora``: the newest release when it is
built) or with one the Dockerfile computes (``fedora:${RELEASE}``), Debian's and Ubuntu's
releases (not read off their archives yet), and language images (``python:2.7``: the
Debian release under the tag changed over the years, and ``apt-get install python-X``
installs into the system's Python, not the image's).
"""

from __future__ import annotations

import re

from ._python_support import Release

# library (canonical name) -> Fedora release -> the library's version at that release's mass rebuild
FEDORA: dict[str, dict[int, Release]] = {
    "flask": {
        17: (0, 7, 2), 18: (0, 9), 19: (0, 9), 21: (0, 10, 1), 23: (0, 10, 1), 24: (0, 10, 1),
        26: (0, 11, 1), 27: (0, 11, 1), 28: (0, 11, 1), 29: (1, 0, 2), 30: (1, 0, 2), 31: (1, 0, 2),
        32: (1, 1, 1), 33: (1, 1, 2),
    },
    "wtforms": {
        17: (0, 6, 3), 18: (0, 6, 3), 19: (1, 0, 2), 20: (1, 0, 2), 21: (2, 0), 23: (2, 0), 24: (2, 0),
        26: (2, 0), 27: (2, 0), 28: (2, 0), 29: (2, 2, 1), 30: (2, 2, 1), 31: (2, 2, 1), 32: (2, 2, 1),
        33: (2, 2, 1),
    },
}

# the package managers each distribution runs
_MANAGERS = {"fedora": frozenset({"dnf", "microdnf", "yum"})}  # microdnf: the minimal images
# where each distribution's own images come from (Docker Hub's official images, the
# distribution's registry): another namespace's ``fedora`` image is someone's own
_SOURCES = {"fedora": ("", "library/", "docker.io/library/", "registry.fedoraproject.org/", "quay.io/fedora/")}
# an image: its source, its name and a tag that is a release number
_IMAGE = re.compile(r"(?P<source>(?:[\w.:-]+/)*)(?P<name>[\w.-]+):(?P<tag>\d+)")


def image_system(image: str) -> tuple[str, int] | None:
    """The distribution and release an image reference names (``fedora:24``,
    ``registry.fedoraproject.org/fedora:24``): ``("fedora", 24)``; None when it names none
    the table knows (no tag, a computed tag, another image)."""
    match = _IMAGE.fullmatch(image.split("@")[0])
    if match is None or match.group("source") not in _SOURCES.get(match.group("name"), ()):
        return None
    return match.group("name"), int(match.group("tag"))


def system_release(system: tuple[str, int] | None, manager: str, library: str) -> Release | None:
    """The oldest version of ``library`` (canonical name) that ``manager`` installs on
    ``system`` (an ``image_system``); None when that is not known."""
    if system is None or manager not in _MANAGERS.get(system[0], ()):
        return None
    rows = FEDORA.get(library, {}) if system[0] == "fedora" else {}
    if not rows or not min(rows) <= system[1] <= max(rows):
        return None
    return rows[max(release for release in rows if release <= system[1])]
