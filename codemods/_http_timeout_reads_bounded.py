"""http-timeout: a module that bounds every read it sends and none of its changing requests.

Where each GET (HEAD, urlopen without data) of a module passes a timeout, at least two of them,
and none of its POST, PUT, PATCH or DELETE requests does, at least two of them too, its
authors chose where a wait applies: to what they read. A changing request asks the server for work those reads do not
measure (Scout's POST helper submits a patient to MatchMaker, which matches it before it
answers), and a read timeout on it reports a failure while the server goes on with that work.
So the module's waits are not written on its changing requests: they are left, with a
finding. One bounded changing request, a single bounded read or a single changing request
left as it is, is no such choice: there the seconds are chosen as before (a write borrows no
wait shorter than the option that the code gives only to reads: _http_timeout_write_waits).
"""

from __future__ import annotations

from typing import Any, Iterable

from ._http_timeout_calls import HttpCall, keyword, positional_count
from ._http_timeout_retries import changing_method


def reads_only_bounded(wrapper: Any, calls: Iterable[HttpCall]) -> tuple[int, int] | None:
    """``(reads, changing)`` where every read of ``calls`` passes a timeout (two or more) and
    none of their changing requests does (two or more); else None."""
    reads = changing = 0
    for http in calls:
        timed = keyword(http.call, "timeout") is not None or (
            http.timeout_position is not None and positional_count(http.call) > http.timeout_position
        )
        if changing_method(wrapper, http.call, http.library) is None:
            if not timed:
                return None
            reads += 1
        elif timed:
            return None
        else:
            changing += 1
    return (reads, changing) if reads >= 2 and changing >= 2 else None


def unbounded_change(wrapper: Any, http: HttpCall, counts: tuple[int, int] | None) -> str | None:
    """The finding for a changing request of a module that bounds only its reads, or None."""
    method = changing_method(wrapper, http.call, http.library) if counts is not None else None
    if method is None or counts is None:
        return None
    reads, changing = counts
    return (
        f"not changed: the module gives each of its {reads} reads a timeout and none of its {changing} changing "
        f"requests: its waits bound what it reads, not the work this {method} asks of the server, and a read "
        "timeout would report a failure while the server goes on with it; give it the wait that work may take"
    )
