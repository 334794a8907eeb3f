"""gunicorn-config: the folder an Upstart job starts gunicorn in.

Upstart (Ubuntu's init before systemd; Debian packages ship a job as ``debian/upstart`` or
``debian/<package>.upstart``, other projects as ``<name>.upstart``) runs a job's ``exec`` or
``script`` in ``/`` unless the job has a ``chdir`` stanza. A gunicorn started there reads
``/gunicorn.conf.py``, never one of the project's folders: a generated file would be dead.
With ``chdir``, the job is a start of the project like any other script or unit.
"""

from __future__ import annotations

import re

from ._gunicorn_config_launch import Launch

_JOB = re.compile(r"(?i)(^|/)([^/]+\.upstart|debian/upstart)$")
_CHDIR = re.compile(r"^[ \t]*chdir[ \t]+\S", re.M)


def job_folder(path: str, text: str) -> str | None:
    """``"/"`` for an Upstart job (``path``) with no ``chdir`` stanza; None for any other file."""
    if _JOB.search(path) is None or _CHDIR.search(text) is not None:
        return None
    return "/"


def outside_start(launch: Launch) -> str:
    """Why a start in a folder of no project file (``launch.folder``) reads no generated file."""
    return (
        f"the project starts gunicorn from {launch.file}, an Upstart job with no chdir stanza: gunicorn runs "
        f"in {launch.folder}, where it reads no gunicorn.conf.py of the project"
    )
