"""The libraries App Engine's Python 2.7 runtime gives an app: the ``libraries:`` section of its
``app.yaml``.

An app of the python27 standard environment names each built-in library it uses, with the
release it runs::

    runtime: python27
    libraries:
    - name: jinja2
      version: "2.6"
    - name: markupsafe
      version: latest

The runtime puts exactly that release on the app's path: the section pins it, as a lock does
(``_dependency_files.as_installed``), and it is the project's own choice (it is read when the
question is whether the project depends on the library at all, not only for its releases).
``latest`` is the newest release the runtime offers of the library (``OFFERED``: the runtime
takes no new releases); a library the table does not know, with ``latest``, is a release not
known (``>=0``). Only the python27 runtime reads the section: another runtime's app.yaml
(python3x installs from requirements.txt) declares no library here.

Pure: the caller reads the file, its own way (``_dependency_files`` parses it as one more kind
of dependency file).
"""

from __future__ import annotations

from typing import Iterator

from packaging.utils import canonicalize_name

APP_YAML = "app.yaml"
# the runtime whose app.yaml may name built-in libraries
_LIBRARIES_RUNTIME = "python27"
# A release nobody declared (as _dependency_files spells it).
_UNKNOWN_RELEASE = ">=0"
# The releases the python27 runtime offers of the libraries the codemods ask about, oldest
# first (Google's page "Built-in third-party libraries in the Python 2.7 runtime"): ``latest``
# is the last.
OFFERED: dict[str, tuple[str, ...]] = {
    "flask": ("0.12",),
    "jinja2": ("2.6",),
    "markupsafe": ("0.15", "0.23"),
    "werkzeug": ("0.11",),
}


def provided_libraries(text: str) -> Iterator[tuple[str, str]]:
    """(canonical name, PEP 440 specifier) of each library the app.yaml ``text`` has the
    python27 runtime provide: ``==2.6`` for ``version: "2.6"``, the newest release the runtime
    offers for ``latest``. Nothing when the text does not parse or names another runtime."""
    import yaml  # lazy: only a project with an app.yaml parses one (a run's start-up imports this module)

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if not isinstance(data, dict) or str(data.get("runtime", "")).strip() != _LIBRARIES_RUNTIME:
        return
    libraries = data.get("libraries")
    for library in libraries if isinstance(libraries, list) else ():
        if not isinstance(library, dict) or not isinstance(library.get("name"), str):
            continue
        name = canonicalize_name(library["name"].strip())
        version = str(library.get("version", "")).strip()
        if version == "latest":
            offered = OFFERED.get(name)
            yield name, f"=={offered[-1]}" if offered else _UNKNOWN_RELEASE
        elif version[:1].isdigit():
            yield name, f"=={version}"
