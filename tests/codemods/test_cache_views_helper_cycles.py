"""cache-views follows the helpers a view calls; two helpers calling each other are scanned once
each, the call back into a helper still being scanned counting as clean for the moment. What a
helper was found to do in that moment is incomplete: the helper it called back holds the rest.
Kept for later views, it let a view calling the second helper directly be cached although the
pair reads the clock. A helper whose scan met such a cut is judged again when asked again."""

from __future__ import annotations

from cache_views_support import apply, load, messages, project, write  # noqa: F401  (project: a fixture)
from flask_codemod.codemods._cache_views_analysis import MAX_HELPER_DEPTH

APP = '''
import itertools

from flask import Flask

from {work} import expensive

app = Flask(__name__)
TICKS = itertools.count()


def outer(depth):
    if depth > 0:
        return inner(depth - 1)
    return "tick %d" % next(TICKS)


def inner(depth):
    if depth > 0:
        return outer(depth - 1)
    return expensive("inner")


@app.route("/first")
def first():
    return outer(0)


@app.route("/second")
def second():
    return inner(1)
'''


def test_a_view_reaching_state_through_a_helper_cycle_is_not_cached(project):
    root, work = project
    write(root, {"cycle_app.py": APP.format(work=work)})
    result = apply(root / "cycle_app.py")  # asserts no error and a fixed point
    assert "cache.cached" not in (result.new_text or "")

    module = load(root / "cycle_app.py", f"cycle_app_{work}")
    client = module.app.test_client()
    seen = {client.get("/second").get_data(as_text=True) for _ in range(3)}
    assert len(seen) == 3  # each visit reads the next tick: a cached page would repeat one


def _ring(count: int) -> str:
    """``count`` helpers each calling every other one (pure string work, no state)."""
    names = [f"step_{i}" for i in range(count)]
    defs = []
    for name in names:
        others = " + ".join(f"{other}(depth - 1)" for other in names if other != name)
        defs.append(f"def {name}(depth):\n    if depth > 0:\n        return {others}\n    return expensive('{name}')\n")
    return "\n\n".join(defs)


def test_helpers_all_calling_each_other_are_each_scanned_once_per_view(project):
    root, work = project
    app = (
        f"from flask import Flask\n\nfrom {work} import expensive\n\napp = Flask(__name__)\n\n\n"
        + _ring(9)
        + "\n\n@app.route('/ring')\ndef ring():\n    return step_0(1)\n"
    )
    write(root, {"ring_app.py": app})
    result = apply(root / "ring_app.py")  # nine helpers in a ring: 9! orders if each path were followed
    assert "@app.route('/ring')\n@cache.cached(timeout=300)\ndef ring" in result.new_text

    module = load(root / "ring_app.py", f"ring_app_{work}")
    client = module.app.test_client()
    assert client.get("/ring").get_data(as_text=True) == client.get("/ring").get_data(as_text=True)


def _chain(count: int) -> str:
    """``hop_1`` calling ``hop_2`` ... calling ``hop_<count>``, which reads a counter."""
    hops = [f"def hop_{i}():\n    return hop_{i + 1}()\n" for i in range(1, count)]
    hops.append(f"def hop_{count}():\n    return 'tick %d' % next(TICKS)\n")
    return "\n\n".join(hops)


def test_a_helper_first_met_below_the_depth_limit_is_judged_whole_when_called_directly(project):
    """The first view reaches the last helper of a chain as deep as the analysis follows, where
    its read of the counter is cut off; the second view calls that helper itself: it is judged
    again with the depth to spare, and settled by the counter, not said to nest too deeply."""
    root, work = project
    deep = MAX_HELPER_DEPTH + 1
    app = (
        f"import itertools\n\nfrom flask import Flask\n\nfrom {work} import expensive\n\napp = Flask(__name__)\n"
        "TICKS = itertools.count()\n\n\n"
        + _chain(deep)
        + f"\n\n@app.route('/deep')\ndef deep():\n    return hop_1() + expensive('deep')\n"
        + f"\n\n@app.route('/last')\ndef last():\n    return hop_{deep - 1}() + expensive('last')\n"
    )
    write(root, {"deep_app.py": app})
    result = apply(root / "deep_app.py")
    assert "cache.cached" not in (result.new_text or "")
    said = messages(result)
    assert any("view deep()" in line for line in said), said  # truly too deep: said
    assert not any("view last()" in line for line in said), said  # settled by the counter: nothing to say

    module = load(root / "deep_app.py", f"deep_app_{work}")
    client = module.app.test_client()
    assert client.get("/last").get_data(as_text=True) != client.get("/last").get_data(as_text=True)
