"""Which of cache-views' refusals are worth a reviewer's reading.

A finding is worth reading where the view looks like one to cache - its page costs something
to make and is the same for every caller - and one thing the codemod could not prove stands
in the way, so a human can decide: a call it cannot see into, an outside service, a template
it cannot find or a name a template reads that the view does not pass, a cache object the
module cannot reach. A view left uncached because it reads the database (the documented
default, ``data-views = false``) or because other code calls it directly (caching it would be
wrong) is the codemod's own choice: nothing is said. Where the page
differs per user or per request, changes over time, or the view writes, answers a redirect,
a file or a stream, or is polled (the ``SETTLED`` categories), or where the view is cheap,
there is nothing to decide and nothing is said.

The planner stops at a view's first problem. For an open question that is not enough: the
view is looked at again, whole - its route, every decorator, and its body and helpers with
the analysis going on past open questions (``survey``) - and the finding is kept only when
nothing settles it and the view costs something.
"""

from __future__ import annotations

from ._cache_views_catalog import DATA, HELD, SETTLED, Problem


def worth_reading(planner, view, problem: Problem) -> bool:
    """Whether the refusal ``problem`` of ``view`` leaves a reviewer something to decide."""
    if problem.category in SETTLED:
        return False
    if problem.category in (DATA, HELD):
        # left uncached by the codemod's own default (data-views = false, documented), its own
        # rule (data a script fetches), or a pure call it does not cache on yet: a choice made,
        # not an open question (nor a true one: a pure call is not what holds the view back)
        return False
    function = view.function
    routes = [d for d in function.decorators if planner.is_route_decorator(d)]
    again = planner.route_problem(view, routes) or planner.login_problem(view, routes)
    if again is not None and again.category in SETTLED:
        return False
    for found in planner.decorator_problems(view, routes):
        if found.category in SETTLED:
            return False
    verdict = planner.analysis.view(function, planner.template_folders(view), survey=True)
    if verdict.problem is not None and verdict.problem.category in SETTLED:
        return False
    return verdict.costly
