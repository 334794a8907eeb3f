"""What the setup scripts a project ships install: its shell scripts (``*.sh``), a Vagrantfile's
provisioning, a Dockerfile's ``RUN`` lines, a Makefile's recipes, wherever they lie in the
project (a course's ``InitialProject/bootstrap.sh`` provisions the VM every lesson runs in). A
Dockerfile is named as Docker and podman read one: ``Dockerfile``, or ``dockerfile`` (what
``docker build`` reads where there is no ``Dockerfile``), podman's ``Containerfile``, and the
variants a ``-f`` names, ``Dockerfile.dev``, ``Dockerfile-dev``, ``web.Dockerfile`` (in any
case; not source or a text named so, ``dockerfile.py``, ``Dockerfile.md``).

Versions are declared wherever the project's own setup installs them:

- a pinned ``pip install flask==0.9`` declares that release (``pip_requirements``), as a
  requirements line would; an unpinned ``pip install requests`` gets what any install gets;
- a system package manager's install (``apt-get install python-sqlalchemy``, ``yum install
  python3-flask``, ``microdnf install`` (a minimal image's dnf), ``apk add py3-sqlalchemy``:
  ``system_packages``) installs the system's
  release, which the script does not name: it may be the oldest release there is, unless the
  image a Dockerfile's stage builds on names the system (``FROM fedora:24``) and
  ``_system_releases`` knows what that system ships (``Installed.release``); read for
  every library (``system_installs``), Flask's target included (tool/target.py);
- so does an RPM spec the project packages itself with (``*.spec``): each package its
  ``Requires:`` lines name (``Requires: python-wtforms``, ``python3dist(wtforms)``) is the
  distribution's; not ``BuildRequires:`` (what building the package needs); and a Debian
  package's ``debian/control``: its binary packages' ``Depends:`` (``python3-flask``), not
  the source's ``Build-Depends:``.

Pure but for ``setup_scripts``, which finds the scripts in the project's listing
(``ctx.project_files()``; none without one).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ._install_commands import PIP_INSTALL
from ._python_support import Release
from ._system_releases import image_system, system_release

if TYPE_CHECKING:
    from ._base import Context

# the scripts by their names: what Vagrant, Docker and make run, and shell scripts
_SCRIPT_NAMES = ("Vagrantfile", "Makefile")
# a Dockerfile's name (lower case): Docker's or podman's, alone or in a ``-f`` variant's
# (``dockerfile.dev``, ``dockerfile-dev``, ``web.dockerfile``, ``slimdockerfile``; not ``dockerfiles``)
_RECIPE_NAME = re.compile(r"(?:dockerfile|containerfile)(?:$|[._-])")
# named so, but source or a text about one (``dockerfile.py``, an editor's ``mode-dockerfile.js``,
# ``Dockerfile.md``) or its build context's ignore list
_NOT_RECIPES = (".py", ".js", ".ts", ".json", ".md", ".rst", ".txt", ".html", ".yml", ".yaml", ".dockerignore")
# a system package manager's install, up to the end of its command (a line, ``&&``, ``;``, ``|``)
_SYSTEM_INSTALL = re.compile(r"\b(apt-get|apt|aptitude|yum|microdnf|dnf|zypper|apk)\b((?:\s+-\S+)*\s+(?:install|add)\b[^\n;&|]*)")
# a Dockerfile's FROM line: its options, the image, and the stage's name
_FROM = re.compile(r"(?im)^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$")
# a system package of a Python library: python-X, python2-X, python3-X, python36-X, py3-X, py-X,
# RPM's python3dist(X), and a spec's python%{python_pkgversion}-X, whose macro expands to the
# Python's part of the name (empty for the system's python-X: EPEL 7 builds of a spec)
_PYTHON_PACKAGE = re.compile(r"(?i)(?:python(?:[23]?\d*|%\{\??\w+\})|py[23]?)-(.+)|python[23]?dist\((.+)\)")
# an RPM spec's run-time requirement (``Requires(post):`` too), up to the end of its line
_SPEC_REQUIRES = re.compile(r"(?im)^Requires(?:\([^)]*\))?:[ \t]*([^\n]*)")
_SPEC_OPERATORS = frozenset({"<", "<=", "=", ">=", ">"})
# pip's options that take a value (the value is no requirement)
_PIP_VALUE_OPTIONS = frozenset(
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f --find-links "
    "-t --target --prefix --root --src --trusted-host --platform --python-version --proxy".split()
)


class Installed(NamedTuple):
    """One library a script installs: the script (relative to the project root) and what it names."""

    script: str
    name: str  # a requirement (``flask==0.9``) or a system package (``python-sqlalchemy``)
    release: Release | None = None  # a system package's oldest release, where the system tells it


def setup_scripts(ctx: Context) -> Iterator[tuple[str, str]]:
    """Each setup script of the project, as (its path from the root, its text)."""
    listing = ctx.project_files()
    if listing is None:
        return
    yield from listed_scripts(listing.every_file, lambda path: ctx.read_file(listing.relative(path)))


def listed_scripts(every_file: tuple[str, ...], read: Callable[[str], str | None]) -> Iterator[tuple[str, str]]:
    """Each setup script among ``every_file`` (a project's listing, paths from its root), as
    (its path, its text); ``read`` reads a path of the listing (None: not read)."""
    for path in _scripts(every_file):
        text = read(path)
        if text:
            yield path, text


_scripts_of: list = [None, ()]  # the last listing asked, and its setup scripts


def _scripts(every_file: tuple[str, ...]) -> tuple[str, ...]:
    """The files of ``every_file`` named as a setup script (looked for once per listing:
    every file of a project may ask)."""
    if _scripts_of[0] is not every_file:
        names = ((path, posixpath.basename(path)) for path in every_file)
        _scripts_of[:] = [
            every_file,
            tuple(p for p, n in names if n.endswith((".sh", ".spec")) or n in _SCRIPT_NAMES or is_dockerfile(n)),
        ]
    return _scripts_of[1]


def is_dockerfile(name: str) -> bool:
    """Whether a file named ``name`` is an image's build recipe (see the module's docstring)."""
    lower = name.lower()
    return _RECIPE_NAME.search(lower) is not None and not lower.endswith(_NOT_RECIPES)


def _commands(text: str) -> str:
    """``text`` with continued lines joined and comment lines left out."""
    text = re.sub(r"\\\r?\n", " ", text)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _words(arguments: str) -> list[str]:
    try:
        return shlex.split(arguments)
    except ValueError:  # an unclosed quote: the words as they stand
        return arguments.split()


def pip_requirements(text: str) -> Iterator[str]:
    """The requirements the ``pip install`` commands of ``text`` name, with a version or
    without (``flask``, ``flask==0.9``); not the lists (``-r``), paths, or URLs."""
    for match in PIP_INSTALL.finditer(_commands(text)):
        words = _words(match.group(1))
        for before, word in zip([""] + words, words):
            if word.startswith("-") or before in _PIP_VALUE_OPTIONS:
                continue
            try:
                requirement = Requirement(word)
            except InvalidRequirement:
                continue
            if not requirement.url:
                yield word


def system_packages(text: str) -> Iterator[str]:
    """The packages the system package managers' installs of ``text`` name, and those an RPM
    spec's ``Requires:`` lines name (without their versions)."""
    for _manager, package, _system in _system_installs(text, dockerfile=False):
        yield package


def _system_installs(text: str, *, dockerfile: bool) -> Iterator[tuple[str, str, tuple[str, int] | None]]:
    """(package manager, package, the system it runs on where a Dockerfile's stage names it)
    of each package the installs of ``text`` name; ("rpm", package, None) for each an RPM
    spec's ``Requires:`` lines name."""
    commands = _commands(text)
    stages: dict[str, tuple[str, int] | None] = {}
    system: tuple[str, int] | None = None
    starts = [(m.start(), m) for m in _FROM.finditer(commands)] if dockerfile else []
    for match in _SYSTEM_INSTALL.finditer(commands):
        while starts and starts[0][0] < match.start():
            image, stage = starts.pop(0)[1].groups()
            system = stages[image.lower()] if image.lower() in stages else image_system(image)
            if stage:
                stages[stage.lower()] = system
        words = _words(match.group(2))
        verb = next((i for i, word in enumerate(words) if word in ("install", "add")), len(words))
        for word in words[verb + 1 :]:
            if not word.startswith("-"):
                yield match.group(1), word, system
    for match in _SPEC_REQUIRES.finditer(text):
        words = match.group(1).replace(",", " ").split()
        for before, word in zip([""] + words, words):
            if word not in _SPEC_OPERATORS and before not in _SPEC_OPERATORS:
                yield "rpm", word, None


def spec_requirements(text: str) -> Iterator[tuple[str, str]]:
    """(library, version bound) of each Python library an RPM spec's ``Requires:`` lines name
    by its system package (``Requires: python-flask >= 0.10`` -> ("flask", ">=0.10"); the
    bound is empty without one): what the spec installs where the app runs."""
    for match in _SPEC_REQUIRES.finditer(text):
        words = match.group(1).replace(",", " ").split()
        for index, word in enumerate(words):
            if word in _SPEC_OPERATORS or (index and words[index - 1] in _SPEC_OPERATORS):
                continue
            library = _PYTHON_PACKAGE.fullmatch(word)
            if library is None:
                continue
            bound = ""
            if index + 2 < len(words) and words[index + 1] in _SPEC_OPERATORS:
                operator = "==" if words[index + 1] == "=" else words[index + 1]
                bound = operator + words[index + 2].split("-")[0]  # an RPM release (``-1.el7``) is no version part
            yield canonicalize_name(library.group(1) or library.group(2)), bound


# a Debian control file's paragraphs (blank lines between them) and a field with its continuation lines
_CONTROL_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_CONTROL_FIELD = re.compile(r"(?m)^([A-Za-z][\w-]*):((?:[^\n]*)(?:\n[ \t][^\n]*)*)")
# one relation of a Depends field: the package, then an optional (operator version)
_CONTROL_RELATION = re.compile(r"\s*([a-z0-9][a-z0-9.+-]*)(?::\w+)?\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?")
_CONTROL_OPERATORS = {"<<": "<", "<=": "<=", "=": "==", ">=": ">=", ">>": ">"}


def control_requirements(text: str) -> Iterator[tuple[str, str]]:
    """(library, version bound) of each Python library a Debian control file's binary
    packages depend on by its system package (``Depends: python3-flask (>= 1.1)`` ->
    ("flask", ">=1.1"); the bound is empty without one): what the package installs where the
    app runs. ``Build-Depends`` (the source paragraph's) installs nothing there; a version's
    epoch and Debian revision (``1:1.1.2-2``) are no part of the library's release."""
    for paragraph in _CONTROL_PARAGRAPHS.split(text):
        fields = {name.lower(): value for name, value in _CONTROL_FIELD.findall(paragraph)}
        if "package" not in fields:
            continue
        for field in ("pre-depends", "depends"):
            for alternatives in fields.get(field, "").split(","):
                for relation in alternatives.split("|"):
                    match = _CONTROL_RELATION.match(relation)
                    library = _PYTHON_PACKAGE.fullmatch(match.group(1)) if match else None
                    if library is None:
                        continue
                    bound = ""
                    if match.group(2):
                        version = match.group(3).split(":", 1)[-1].rsplit("-", 1)[0]
                        bound = _CONTROL_OPERATORS[match.group(2)] + version
                    yield canonicalize_name(library.group(1) or library.group(2)), bound


def installs_from_system(ctx: Context, distribution: str, release: Release = ()) -> Installed | None:
    """The first script that installs ``distribution`` from the system's packages
    (``apt-get install python-sqlalchemy``) whose release may be older than ``release`` (any:
    the first), with the package and its release where the system tells it; None when none does."""
    for installed in system_installs(setup_scripts(ctx), distribution):
        known = installed.release
        if known is None or known[: len(release)] < tuple(release) or not release:
            return installed
    return None


def system_installs(scripts: Iterable[tuple[str, str]], distribution: str) -> Iterator[Installed]:
    """Each install of ``distribution`` from the system's packages the setup ``scripts`` make
    ((path, text), as ``listed_scripts`` gives them; an RPM spec's ``Requires:`` too), with the
    package and, where the image a Dockerfile's stage builds on names a system whose release
    of it ``_system_releases`` knows, that release (``FROM fedora:33``: Flask 1.1.2)."""
    wanted = canonicalize_name(distribution)
    for path, text in scripts:
        name = posixpath.basename(path)
        for manager, package, system in _system_installs(text, dockerfile=is_dockerfile(name)):
            library = _PYTHON_PACKAGE.fullmatch(package.split("=")[0])
            if library is not None and canonicalize_name(library.group(1) or library.group(2)) == wanted:
                yield Installed(path, package, system_release(system, manager, wanted))


def script_pins(ctx: Context, distribution: str) -> list[Installed]:
    """The pinned requirements of ``distribution`` the project's scripts install."""
    return [installed for installed in pip_installs(setup_scripts(ctx), distribution) if Requirement(installed.name).specifier]


def pip_installs(scripts: Iterable[tuple[str, str]], distribution: str) -> list[Installed]:
    """The requirements of ``distribution``, with a version or without, the ``pip install``
    commands of the setup ``scripts`` ((path, text)) name."""
    wanted = canonicalize_name(distribution)
    return [
        Installed(path, requirement)
        for path, text in scripts
        for requirement in pip_requirements(text)
        if canonicalize_name(Requirement(requirement).name) == wanted
    ]
