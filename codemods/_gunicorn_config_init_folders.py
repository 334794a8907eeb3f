"""gunicorn-config: the folder an init system starts gunicorn in.

Upstart (Ubuntu's init before systemd; Debian packages ship a job as ``debian/upstart`` or
``debian/<package>.upstart``, other projects as ``<name>.upstart``) runs a job's ``exec`` or
``script`` in ``/`` unless the job has a ``chdir`` stanza. systemd runs a service's commands in
the root directory unless its unit sets ``WorkingDirectory=`` (a user's unit: in that user's
home), as systemd.exec(5) documents. A gunicorn started there reads ``/gunicorn.conf.py`` (or
one in a home folder), never one of the project's folders: a generated file would be dead.
With ``chdir`` or ``WorkingDirectory=``, or a unit whose command changes folder itself
(``sh -c "cd /srv/app && gunicorn ..."``), the file is a start of the project like any other
script.
"""

from __future__ import annotations

import re

from ._gunicorn_config_launch import Launch

_JOB = re.compile(r"(?i)(^|/)([^/]+\.upstart|debian/upstart)$")
_CHDIR = re.compile(r"^[ \t]*chdir[ \t]+\S", re.M)
_UNIT = re.compile(r"(?i)(^|/)[^/]+\.service$")
_SERVICE_SECTION = re.compile(r"^[ \t]*\[Service\][ \t]*$", re.M)
_WORKING_DIRECTORY = re.compile(r"^[ \t]*WorkingDirectory[ \t]*=[ \t]*\S", re.M)
_EXEC_CD = re.compile(r"^[ \t]*Exec\w*[ \t]*=.*\bcd\b", re.M)  # a shell the unit starts changes folder


def job_folder(path: str, text: str) -> str | None:
    """``"/"`` for an Upstart job (``path``) with no ``chdir`` stanza, or a systemd service unit
    with no ``WorkingDirectory=`` whose commands change no folder; None for any other file."""
    if _JOB.search(path) is not None:
        return None if _CHDIR.search(text) is not None else "/"
    if _UNIT.search(path) is not None and _SERVICE_SECTION.search(text) is not None:
        return None if _WORKING_DIRECTORY.search(text) or _EXEC_CD.search(text) else "/"
    return None


def outside_start(launch: Launch) -> str:
    """Why a start in a folder of no project file (``launch.folder``) reads no generated file."""
    if _UNIT.search(launch.file) is not None:
        return (
            f"the project starts gunicorn from {launch.file}, a systemd unit with no WorkingDirectory=: gunicorn runs "
            f"in {launch.folder} (the root directory; a user's unit, in that user's home), where it reads no "
            "gunicorn.conf.py of the project"
        )
    return (
        f"the project starts gunicorn from {launch.file}, an Upstart job with no chdir stanza: gunicorn runs "
        f"in {launch.folder}, where it reads no gunicorn.conf.py of the project"
    )
