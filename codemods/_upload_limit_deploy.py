"""upload-limit: the request bodies the project's deployment lets through to the app.

A proxy in front of the app refuses large bodies itself: nginx at 1 MiB unless the project
raises ``client_max_body_size``; ingress-nginx the same, through its ``proxy-body-size``
annotation or ConfigMap key (``body-size`` in its older releases). A project that raises it has
said how large a request its users send: a ``MAX_CONTENT_LENGTH`` below that would refuse, with
a 413 from the app, bodies the deployment was opened for. ``0`` turns the proxy's check off:
bodies of any size. Read in the project's nginx configurations and YAML manifests (tests left
out, as everywhere), kept per project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._base import Context
from ._project_answers import remembered
from ._project_view import project_texts

_DEPLOY_FILES = re.compile(r"(?i)(^|/)([^/]*nginx[^/]*|[^/]+\.(conf|ya?ml))$")
_NGINX = re.compile(r"(?m)^[ \t]*client_max_body_size[ \t]+(\d+)[ \t]*([kKmMgG]?)[ \t]*;")
_INGRESS = re.compile(
    r"""(?m)^[ \t]*["']?(?:nginx\.ingress\.kubernetes\.io/)?(?:proxy-)?body-size["']?[ \t]*:[ \t]*["']?(\d+)[ \t]*([kKmMgG]?)["']?[ \t]*(?:#.*)?$"""
)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True)
class AdmittedBody:
    """The largest request body the deployment admits (None: any size), and where it says so."""

    size: int | None
    place: str  # path:line


def admitted_bodies(ctx: Context) -> tuple[AdmittedBody, ...]:
    """Every body size the project's deployment files set for the proxy in front of the app."""
    return remembered(ctx, ("deployment body sizes",), _admitted)


def _admitted(reader) -> tuple[AdmittedBody, ...]:
    found = []
    for path, text in project_texts(reader, _DEPLOY_FILES):
        for pattern in (_NGINX, _INGRESS):
            for match in pattern.finditer(text):
                number = int(match.group(1)) * _UNITS[match.group(2).lower()]
                place = f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
                found.append(AdmittedBody(number or None, place))
    return tuple(found)
