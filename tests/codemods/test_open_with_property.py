"""open-with, property-based: modules assembled at random from the forms it rewrites and the
forms it refuses, in random places (loops, try, nested functions, methods, generators,
coroutines, match cases, module level), with random handle names and names that a new
handle name must not clobber. For every module: the output compiles, is a fixed point, and
every function returns what it returned before."""

from __future__ import annotations

import ast
import os
import tempfile
import textwrap
import types

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run_codemods

# Each form is a function body: lines using `p` (a text file), `q` (a file of its own to
# write), `{h}`/`{h2}` (handle names) and `{ret(...)}` for what it returns.
FORMS: dict[str, list[str]] = {
    "inline_read": ["x = open(p).read()", "return {ret(x)}"],
    "inline_return": ["return {ret(open(p).read().upper())}"],
    "inline_write": ["open(q, 'w').write('out:' + p)", "return {ret(open(q).read())}"],
    "eager": ["import json", "json.dump([1, 2], open(q, 'w'))", "return {ret(json.load(open(q)))}"],
    "for_loop": ["n = 0", "for line in open(p):", "    n += len(line)", "return {ret(n)}"],
    "explicit_close": ["{h} = open(p)", "x = {h}.read()", "{h}.close()", "return {ret((x, {h}.closed))}"],
    "no_close": ["{h} = open(p)", "a = {h}.readline()", "b = {h}.read()", "return {ret(a + b)}"],
    "try_finally": ["{h} = open(p)", "try:", "    x = {h}.read()", "finally:", "    {h}.close()", "return {ret(x)}"],
    "several": [
        "{h} = open(p)",
        "{h2} = open(q, 'w')",
        "{h2}.write({h}.read())",
        "{h}.close()",
        "{h2}.close()",
        "return {ret(open(q).read())}",
    ],
    "csv_reader": ["import csv", "rows = list(csv.reader(open(p)))", "return {ret(rows)}"],
    "csv_writer": [
        "import csv",
        "{h} = open(q, 'w', newline='')",
        "w = csv.writer({h})",
        "w.writerow(['a', 'b'])",
        "{h}.close()",
        "return {ret(open(q).read())}",
    ],
    "bare_statement": ["open(p)", "return {ret('opened')}"],
    "managed_later": ["try:", "    {h} = open(p)", "except OSError:", "    return None", "with {h}:", "    return {ret({h}.read())}"],
    # refused: the code must stay as it is, and still work
    "refuse_container": ["keep = []", "{h} = open(p)", "keep.append({h})", "return {ret(keep[0].read())}"],
    "refuse_lambda": ["read = lambda: open(p).read()", "return {ret(read())}"],
    "refuse_comprehension": ["return {ret([open(p).read() for _ in range(2)])}"],
    "refuse_conditional": ["x = open(p).read() if p else ''", "return {ret(x)}"],
    "refuse_and_or": ["x = p and open(p).read()", "return {ret(x)}"],
    "refuse_order": ["def g():", "    return 'g'", "x = g() + open(p).read()", "return {ret(x)}"],
    "refuse_nested": ["{h} = open(p)", "def inner():", "    return {h}.read()", "return {ret(inner())}"],
}


def _indent(lines: list[str], levels: int = 1) -> list[str]:
    return ["    " * levels + line for line in lines]


def _context(name: str, body: list[str]) -> list[str]:
    """Put ``body`` (which returns) somewhere code lives; the result returns the same value."""
    if name == "plain":
        return body
    if name == "if":
        return ["if p:", *_indent(body), "return None"]
    if name == "for":
        return ["for _i in range(1):", *_indent(body), "return None"]
    if name == "while":
        return ["while True:", *_indent(body)]
    if name == "try":
        return ["try:", *_indent(body), "except ZeroDivisionError:", "    raise"]
    if name == "nested":
        return ["def inner_fn():", *_indent(body), "return inner_fn()"]
    if name == "method":
        return ["class K:", "    def m(self):", *_indent(body, 2), "return K().m()"]
    if name == "generator":
        return [
            "def inner_gen():", *_indent(body), "    yield",
            "gen = inner_gen()", "try:", "    next(gen)", "except StopIteration as stop:", "    return stop.value",
            "return 'yielded'",
        ]
    if name == "coroutine":
        return [
            "async def inner_co():", *_indent(body),
            "co = inner_co()", "try:", "    co.send(None)", "except StopIteration as stop:", "    return stop.value",
            "return 'suspended'",
        ]
    if name == "match":
        return ["match 1:", "    case 1:", *_indent(body, 2), "return None"]
    raise AssertionError(name)  # pragma: no cover


CONTEXTS = ["plain", "if", "for", "while", "try", "nested", "method", "generator", "coroutine", "match"]
HANDLE_NAMES = ["f", "fh", "handle", "src", "data_file"]
PRESSURE = "f = fh = src = out = infile = 'shadow'"  # names a new handle name must not clobber

MODULE_LEVEL = {
    "none": [],
    "inline": ["MODULE_VALUE = open(P).read()"],
    "binding": ["_module_handle = open(P)", "MODULE_VALUE = _module_handle.readlines()", "_module_handle.close()"],
    "used_by_function": ["_shared = open(P)", "MODULE_VALUE = _shared.readline()"],
}


def _function(index: int, form: str, context: str, handle: str, pressure: bool) -> str:
    second = "out2"
    # returned with the value, to see that they were not clobbered (the form's own handle is
    # left out: returning it would be an escape, rightly refused)
    kept = [name for name in ("f", "fh", "src", "out", "infile") if name != handle]
    names = f"({', '.join(kept)})" if pressure else None

    def ret(expression: str) -> str:
        return f"({expression}, {names})" if names else expression

    body = []
    for line in FORMS[form]:
        line = line.replace("{h}", handle).replace("{h2}", second)
        if "{ret(" in line:
            head, _, rest = line.partition("{ret(")
            line = head + ret(rest[: -len(")}")])
        body.append(line)
    lines = ([PRESSURE] if pressure else []) + _context(context, body)
    return f"def fn_{index}(p, q):\n" + "\n".join(_indent(lines)) + "\n"


functions = st.lists(
    st.tuples(
        st.sampled_from(sorted(FORMS)),
        st.sampled_from(CONTEXTS),
        st.sampled_from(HANDLE_NAMES),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
)


def _module(spec: list[tuple[str, str, str, bool]], module_level: str) -> str:
    parts = ["import csv\nimport json\n"]
    parts.extend(line + "\n" for line in MODULE_LEVEL[module_level])
    if module_level == "used_by_function":
        parts.append("\n\ndef module_value(p, q):\n    return MODULE_VALUE, _shared.read()\n")
    elif module_level != "none":
        parts.append("\n\ndef module_value(p, q):\n    return MODULE_VALUE\n")
    for index, (form, context, handle, pressure) in enumerate(spec):
        parts.append("\n\n" + _function(index, form, context, handle, pressure))
    return "".join(parts)


def _unmanaged_opens(text: str) -> int:
    """open() calls that are not the expression of a with item."""
    tree = ast.parse(text)
    managed = {id(item.context_expr) for node in ast.walk(tree) if isinstance(node, ast.With) for item in node.items}
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open" and id(node) not in managed
    )


def _results(text: str, folder: str) -> dict[str, str]:
    source = os.path.join(folder, "input.txt")
    with open(source, "w") as handle:
        handle.write("first line\nsecond, line\n")
    module = types.ModuleType("generated")
    module.__dict__["P"] = source
    exec(compile(text, "<generated>", "exec"), module.__dict__)
    results = {}
    for name, function in sorted(vars(module).items()):
        if name.startswith(("fn_", "module_value")) and callable(function):
            target = os.path.join(folder, f"{name}.out")
            try:
                value = repr(function(source, target))
            except Exception as error:  # pragma: no cover - the forms do not raise
                value = f"raised {type(error).__name__}: {error}"
            results[name] = value.replace(folder, "<dir>")
    return results


# small by default (the whole test stays well under 20 s); OPEN_WITH_EXAMPLES=500 to dig deeper
EXAMPLES = int(os.environ.get("OPEN_WITH_EXAMPLES", "15"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=functions, module_level=st.sampled_from(sorted(MODULE_LEVEL)))
def test_random_modules_compile_are_fixed_points_and_return_the_same(spec, module_level) -> None:
    original = _module(spec, module_level)
    result = run_codemods(original, "open-with", dedent=False)
    assert result.error is None, result.error
    rewritten = result.new_text
    compile(rewritten, "<rewritten>", "exec", dont_inherit=True)

    again = run_codemods(rewritten, "open-with", dedent=False)
    assert again.error is None and again.new_text == rewritten, "not a fixed point"

    refused = {form for form, *_ in spec if form.startswith("refuse_")}
    if refused:
        assert result.findings, f"{refused} should be reported"
    kept = refused | {form for form, *_ in spec if form == "managed_later"}  # closed by `with f:`
    if not kept and module_level != "used_by_function":
        assert _unmanaged_opens(rewritten) == 0, textwrap.indent(rewritten, "  ")

    with tempfile.TemporaryDirectory() as before_dir, tempfile.TemporaryDirectory() as after_dir:
        before = _results(original, before_dir)
        after = _results(rewritten, after_dir)
    before = {k: v.replace(before_dir, "<dir>") for k, v in before.items()}
    after = {k: v.replace(after_dir, "<dir>") for k, v in after.items()}
    assert after == before, f"\n--- original\n{original}\n--- rewritten\n{rewritten}"
