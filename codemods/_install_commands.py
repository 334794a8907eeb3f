"""The requirements lists a project's own tools install: the files its commands name
(``pip install -r etc/reqs.txt`` in a Makefile, ``RUN pip install -r deploy/requirements.txt``
in a Dockerfile, ``deps = -r{toxinidir}/etc/requirements.txt`` in tox.ini, an install step of
``.travis.yml``). A list so named declares the project's dependencies wherever it lies and
whatever it is called, as the usual names do (``_dependency_files`` reads it as any
requirements file). Pure: the caller reads the texts, its own way.

The bound, so that a project costs a few reads more and no walk: the commands are looked for
in those four files only (``COMMAND_FILES``), in the folder whose declarations are read (the
project root, each folder above a transformed file); a list they name is a path inside the
project, relative to that folder as the command runs there. A path the command computes
(``$DIR/requirements.txt``, ``{env}``), an absolute one (inside an image: ``/app/...``) or one
above the folder is no file of the project this can name, and is left out.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ._code_kinds import TEST_FOLDERS

# the files whose commands install the project: make's, Docker's, tox's, Travis CI's
COMMAND_FILES = ("Makefile", "Dockerfile", "tox.ini", ".travis.yml")

# ``pip install`` as a command spells it (``pip3``, ``pip2.7``, ``python -m pip``, a venv's
# ``venv/bin/pip``), up to the end of its command (a line, ``&&``, ``;``, ``|``)
PIP_INSTALL = re.compile(r"\bpip(?:[23](?:\.\d+)?)?\s+install\b([^\n;&|]*)")
# a list option as pip reads it: ``-r x``, ``-rx``, ``--requirement x``, ``--requirement=x``
_LIST_OPTION = re.compile(r"(?:^|\s)(?:-r\s*|--requirement(?:\s*=\s*|\s+))([^\s'\"]+)")
# what a path a command computes holds: a variable, a substitution, a pattern
_COMPUTED = re.compile(r"[$`{}()<>*?]")
_TOX_DIR = "{toxinidir}/"

# the words that name development, test, documentation lists, whole (``docker`` is no
# documentation, ``social`` no CI): not what the app runs with
_NOT_RUNTIME = re.compile(
    r"(?i)(dev|devel|develop(?:ment)?|tests?|testing|docs?|documentation|lint(?:ing)?|ci|local|tox|"
    r"bench(?:marks?)?|typ(?:es|ing)|mypy|style|checks?|build|optional|extras?)"
)
_WORDS = re.compile(r"[-_.\s]+")


def installed_lists(name: str, text: str) -> Iterator[str]:
    """The requirements lists the commands of ``text``, the file ``name`` (one of
    ``COMMAND_FILES``), install, as paths relative to its folder (``etc/reqs.txt``), each once,
    in the order they come."""
    text = re.sub(r"\\\r?\n", " ", text)  # a command continued on the next line
    if name == "tox.ini":  # tox installs its ``deps`` lines as pip's requirements
        options = [line.replace(_TOX_DIR, "") for line in text.splitlines() if not line.lstrip().startswith(("#", ";"))]
    else:
        options = [match.group(1) for match in PIP_INSTALL.finditer(text)]
    seen: set[str] = set()
    for option in options:
        for listed in _LIST_OPTION.findall(option):
            path = posixpath.normpath(listed.rstrip(";,"))
            if _COMPUTED.search(path) or "://" in listed or path.startswith(("/", "..")) or path in seen:
                continue
            seen.add(path)
            yield path


# the folders of such lists, by their whole names (``docker/`` is no documentation), and
# the folders of test code (``testsuite/requirements.txt``: _code_kinds.TEST_FOLDERS)
_NOT_RUNTIME_FOLDER = re.compile(r"(?i)(docs?|dev|develop(?:ment)?|ci|lint|bench(?:marks?)?|examples?)")


def development_list(path: str) -> bool:
    """Whether the requirements list ``path`` is by its name one of development, tests or
    documentation (``requirements-dev.txt``, ``requirements/test.txt``, ``reqs-docs.in``), or
    lies in such a folder (``tests/requirements.txt``, ``docs/requirements.txt``)."""
    folders, _, name = path.rpartition("/")
    if any(folder.lower() in TEST_FOLDERS or _NOT_RUNTIME_FOLDER.fullmatch(folder) for folder in folders.split("/") if folder):
        return True
    stem = name.rsplit(".", 1)[0].lower()
    return any(_NOT_RUNTIME.fullmatch(word) for word in _WORDS.split(stem.replace("requirements", " ", 1)) if word)
