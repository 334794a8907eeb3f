"""Give the C library's free memory back to the system where it can be asked to.

Memory a process frees stays resident under glibc's allocator until the top of its heap is
free: a worker of a batch that parsed one big project keeps, through the next, tens of MB
its C heap no longer uses, while CPython's own allocator takes new memory beside it for the
next project's objects (it cannot use the C heap's free memory), so the worker's resident
memory climbs with every project that needs more of one kind than it has free.
``release_free_memory()`` asks glibc to return its free pages (``malloc_trim(0)``) when a
process has dropped what it kept of a project (tool/projects_kept.py). Elsewhere (another C
library, another system, no ctypes) it does nothing. It changes no result: only where the
next allocation finds its pages.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

_UNKNOWN: Any = object()
_trim: Any = _UNKNOWN  # glibc's malloc_trim, None where there is none


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; whether that could be asked."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim
    if _trim is _UNKNOWN:
        _trim = _find_malloc_trim()
    return _trim


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # lazy: only on Linux, once per process

        function = ctypes.CDLL(None).malloc_trim  # the C library this process runs on
    except (ImportError, OSError, AttributeError):  # no ctypes, or not glibc (musl has none)
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function
