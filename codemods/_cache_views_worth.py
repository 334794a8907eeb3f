"""Which of cache-views' refusals are worth a reviewer's reading.

A finding is worth reading where the view looks like one to cache - its page costs something
to make and is the same for every caller - and one thing the codemod could not prove stands
in the way, so a human can decide: a call it cannot see into, an outside service, a template
it cannot find or a name a template reads that the view does not pass, the database (whose
freshness is a product decision), a cache object the module cannot reach. Where the page
differs per user or per request, changes over time, or the view writes, answers a redirect,
a file or a stream, or is polled (the ``SETTLED`` categories), or where the view is cheap,
there is nothing to decide and nothing is said.

The planner stops at a view's first problem. For an open question that is not enough: the
view is looked at again, whole - its route, every decorator, and its body and helpers with
the analysis going on past open questions (``survey``) - and the finding is kept only when
nothing settles it and the view costs something.
"""

from __future__ import annotations

from ._cache_views_catalog import DATA, DATA_OFF, SETTLED, Problem


def worth_reading(planner, view, problem: Problem) -> bool:
    """Whether the refusal ``problem`` of ``view`` leaves a reviewer something to decide."""
    if problem.category in SETTLED:
        return False
    if problem.category == DATA:
        # the full analysis found nothing else: a page, which data-views = true would cache;
        # not data a script fetches (the codemod's own rule, which no setting lifts)
        return problem.text == DATA_OFF
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
