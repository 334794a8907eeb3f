"""open-with: writes to kernel interface files, whose errors a dropped handle swallows.

A file under ``/sys/``, ``/proc/`` or ``/dev/`` is no store of bytes: writing to it is a
command to the kernel or a device (export a GPIO pin, size a zram device, set a sysctl), and
the kernel takes or rejects it when the bytes reach it. A buffered write reaches it when the
handle is flushed, at close. Code that never closes the handle itself (``open(p,
"w").write(v)``, or a name that just goes out of scope) leaves that close to the garbage
collector, which swallows its error: a rejected write (EINVAL, EBUSY for a pin already
exported, ENOSPC) passes and the code goes on. A with-block closes the handle itself and
raises the error, so the code stops where it went on. Only the path's literal start is read.
"""

from __future__ import annotations

import libcst as cst

from ._flask import string_value
from ._open_with_plan import Opener

KERNEL_FOLDERS = ("/sys/", "/proc/", "/dev/")
_PATH_KEYWORDS = frozenset({"file", "filename", "name"})


def writes_kernel_file(opener: Opener) -> bool:
    """``opener`` opens a file under /sys/, /proc/ or /dev/ for writing (or in a mode not known)."""
    if opener.reads or opener.spec.family != "file":
        return False
    path = _path_argument(opener.call)
    start = _literal_start(path) if path is not None else None
    return start is not None and start.startswith(KERNEL_FOLDERS)


def _path_argument(call: cst.Call) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            return arg.value
        if arg.keyword.value in _PATH_KEYWORDS:
            return arg.value
    return None


def _literal_start(node: cst.BaseExpression) -> str | None:
    """The text a path expression starts with, where a literal gives it: a string, an
    f-string's first text, the left of ``%`` or ``+``, ``"...".format()``, the first part of
    ``os.path.join()``."""
    value = string_value(node)
    if value is not None:
        return value
    if isinstance(node, cst.FormattedString):
        first = node.parts[0] if node.parts else None
        return first.value if isinstance(first, cst.FormattedStringText) else None
    if isinstance(node, cst.ConcatenatedString):
        return _literal_start(node.left)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Modulo, cst.Add)):
        return _literal_start(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.args:
        if node.func.attr.value == "format":
            return _literal_start(node.func.value)
        if node.func.attr.value == "join" and _spelled_path_module(node.func.value):
            folder = _literal_start(node.args[0].value)
            return folder if folder is None or folder.endswith("/") else folder + "/"
    return None


def _spelled_path_module(node: cst.BaseExpression) -> bool:
    """``os.path`` or ``path`` (``from os import path``), as spelled."""
    if isinstance(node, cst.Name):
        return node.value in ("path", "posixpath")
    return isinstance(node, cst.Attribute) and node.attr.value == "path" and isinstance(node.value, cst.Name) and node.value.value == "os"
