"""upload-limit: which of the request's bodies ``MAX_CONTENT_LENGTH`` caps, at the Werkzeug
release the project runs.

Werkzeug has always checked the limit while parsing a form (``request.files``,
``request.form``, ``request.values``). From 2.3 on it checks it whenever the body is read at
all (pallets/werkzeug#2620: "checked immediately when accessing the stream, and while reading
from the stream in general, rather than only during form parsing"): ``request.get_data()``,
``request.data``, ``request.json`` and ``get_json()`` (Flask reads them through
``get_data``), ``request.stream``. (``request.input_stream``, the raw WSGI input, is not
limited.) A view that reads such a body takes it as a view that reads ``request.files``
takes an upload, and is weighed the same way.

The project may run Werkzeug 2.3 or later unless every release it allows is older: its target
Flask needs 2.3 (Flask 2.3 does), or each declaration of Werkzeug it makes admits nothing
from 2.3 on (``werkzeug<2.3``, ``==2.2.3``, a lock's pin). A project that declares no
Werkzeug gets the newest that installs: the bodies count.
"""

from __future__ import annotations

from ._base import Context
from ._declared_versions import declared_specifiers
from ._declared_releases import admits_nothing_from
from ._flask_versions import werkzeug_at_least

READS_EVERY_BODY = (2, 3)
FORMS = frozenset({"files", "form", "values"})
READ_BODIES = frozenset({"get_data", "data", "json", "get_json", "stream"})


def capped_bodies(ctx: Context) -> frozenset[str]:
    """The attributes of ``flask.request`` whose reading the limit caps in this project."""
    return FORMS | READ_BODIES if may_run_werkzeug_capping_every_body(ctx) else FORMS


def may_run_werkzeug_capping_every_body(ctx: Context) -> bool:
    if werkzeug_at_least(ctx, READS_EVERY_BODY):
        return True
    declared = declared_specifiers(ctx, "werkzeug")
    return not declared or not all(admits_nothing_from(specifier, READS_EVERY_BODY) for specifier in declared)


def described(reads: str) -> str:
    """``request.get_json()``, ``request.form``: how the code spells what it reads."""
    return f"request.{reads}()" if reads in ("get_data", "get_json") else f"request.{reads}"


def since(reads: str) -> str:
    """When the limit started to cap the body ``reads`` (a form: always)."""
    return "" if reads in FORMS else f" (from Werkzeug {READS_EVERY_BODY[0]}.{READS_EVERY_BODY[1]} on)"
