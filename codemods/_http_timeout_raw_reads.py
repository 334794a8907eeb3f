"""http-timeout: a streamed body the code reads through ``.raw`` (wa37, moa).

requests wraps urllib3's errors in its own while it makes a call and while it reads the body
for the code (``.content``, ``.text``, ``.json()``, ``iter_content()``: a stalled body there is
a requests ``ConnectionError``, an ``OSError``). A response asked for with ``stream=True`` whose
``.raw`` the code reads itself (``r.raw.read()``, ``shutil.copyfileobj(r.raw, out)``) gets
urllib3's errors unwrapped: a peer hanging up mid-body raises urllib3's ``ProtocolError``, and,
once the call has a timeout, a body that stalls raises urllib3's ``ReadTimeoutError``, which is
no ``OSError`` and no requests exception. Where such a read sits in a try whose handlers catch
what it raises today (``except (ProtocolError, OSError)``: moa skips an attachment it could not
copy) and nothing that catches that timeout, the timeout would open a path past the handler
the code means for network trouble (moa's whole worker run ended on one stalled download): the
call is left with a finding, as for the call's own timeout (_http_timeout_handlers). A raw
read under no such handler already lets urllib3's errors out: the timeout changes nothing in
kind there.

The response is followed within the call's function: ``requests.get(...).raw``, a name the
call's answer is bound to (``r = ...``, ``with ... as r``) and every ``.raw`` of that name there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import MetadataWrapper

from ._http_timeout_calls import parent
from ._http_timeout_error_kinds import RAW_READ
from ._http_timeout_handlers import escaping_handlers

if TYPE_CHECKING:
    from ._base import Context

_SCOPES = (cst.FunctionDef, cst.Lambda)


def uncaught_raw_read(wrapper: MetadataWrapper, call: cst.Call, library: str, ctx: Context) -> str | None:
    """Why a timeout on ``call`` would get past the handler of a ``.raw`` read of its streamed
    answer, or None."""
    if library != "requests":
        return None
    for read in raw_reads(wrapper, call):
        escaping = escaping_handlers(wrapper, read, RAW_READ, ctx)
        if escaping is None:
            continue
        network, unknown = escaping
        where = f"the body this call streams is read through .raw at line {ctx.file_line(read)}"
        if network:
            return (
                f"not changed: {where}, in a try that catches {network} but not urllib3's ReadTimeoutError, which "
                "a timeout raises there (urllib3's own, no OSError or requests exception): it would escape the "
                "handler where the read used to wait (catch urllib3.exceptions.ReadTimeoutError there too, or read "
                "the body with iter_content(), then pass timeout=)"
            )
        return (
            f"not changed: {where}, in a try that catches {unknown}, which cannot be told from here: if they catch "
            "urllib3's ProtocolError but not its ReadTimeoutError, a timeout would escape the handler; if they "
            "catch both, pass timeout="
        )
    return None


def raw_reads(wrapper: MetadataWrapper, call: cst.Call) -> list[cst.Attribute]:
    """The ``.raw`` attributes of ``call``'s answer in its function when it asks to stream
    (``stream=`` other than a literal False), in the order of the source."""
    if not _streams(call):
        return []
    up = parent(wrapper, call)
    if isinstance(up, cst.Attribute) and up.value is call:
        return [up] if up.attr.value == "raw" else []
    name = _bound_name(wrapper, call, up)
    if name is None:
        return []
    scope: cst.CSTNode | None = up
    while scope is not None and not isinstance(scope, (*_SCOPES, cst.Module)):
        scope = parent(wrapper, scope)
    if scope is None:
        return []
    found: list[cst.Attribute] = []

    class _Raw(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            if node.attr.value == "raw" and isinstance(node.value, cst.Name) and node.value.value == name:
                found.append(node)

    scope.visit(_Raw())
    return found


def _streams(call: cst.Call) -> bool:
    for argument in call.args:
        if argument.keyword is not None and argument.keyword.value == "stream":
            value = argument.value
            return not (isinstance(value, cst.Name) and value.value == "False")
    return False


def _bound_name(wrapper: MetadataWrapper, call: cst.Call, up: cst.CSTNode | None) -> str | None:
    """The name ``call``'s answer is bound to: ``name = call`` or ``with call as name``."""
    if isinstance(up, cst.Assign) and len(up.targets) == 1 and isinstance(up.targets[0].target, cst.Name):
        return up.targets[0].target.value
    if isinstance(up, cst.WithItem) and up.asname is not None and isinstance(up.asname.name, cst.Name):
        return up.asname.name.value
    return None
