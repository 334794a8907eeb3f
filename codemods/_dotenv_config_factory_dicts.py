"""dotenv-config: secrets handed to an app factory in a dict (``create_app({"SECRET_KEY":
...})``, ``make_app(config=dict(SECRET_KEY=...))``).

Such a dict becomes configuration only inside the factory, often in another module, and only
if the factory feeds it to ``app.config`` (and nothing later overrides it): the tool cannot
prove where the value goes, so it never moves it. A real secret there is still a secret in
the code, and a placeholder one that production must replace: a finding names it. A factory
is a call whose name ends in ``app`` or ``application`` as a word (``create_app``, ``App``),
or names a ``factory``; not an extension's ``init_app``. (Tests and examples: the engine
never runs dotenv-config on them.)
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ._ast_facts import facts
from ._names import dotted_name

_FACTORY = re.compile(r"(?:^|_)(?:app|application)$|factory", re.IGNORECASE)
# what the text of a module that calls one holds, for the file gate (substrings: faster than a regex)
FACTORY_WORDS = ("app(", "App(", "pplication(", "actory")


def factory_name(call: ast.Call) -> str:
    """The factory ``call`` calls (its last name), or ""."""
    name = (dotted_name(call.func) or "").rsplit(".", 1)[-1]
    return name if name and name != "init_app" and _FACTORY.search(name) else ""


def literal_entries(call: ast.Call) -> Iterator[tuple[str, str, ast.AST]]:
    """(key, string value, the value's node) of the dicts among the call's arguments: dict
    displays and ``dict(KEY=...)``."""
    for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
        if type(argument) is ast.Dict:
            pairs = [(key, value) for key, value in zip(argument.keys, argument.values) if key is not None]
            entries = [(key.value, value) for key, value in pairs if type(key) is ast.Constant and isinstance(key.value, str)]
        elif type(argument) is ast.Call and dotted_name(argument.func) == "dict" and not argument.args:
            entries = [(keyword.arg, keyword.value) for keyword in argument.keywords if keyword.arg is not None]
        else:
            continue
        for key, value in entries:
            if type(value) is ast.Constant and isinstance(value.value, str) and value.value:
                yield key, value.value, value


def report_factory_dicts(tree: ast.Module | None, ctx) -> None:
    """One finding per factory call whose dicts hold a secret or a placeholder one."""
    from ._dotenv_config_secrets import PLACEHOLDER, SECRET, is_config_key, is_secret_name, judge

    if tree is None or not any(factory_name(call) for call in facts(tree).calls):  # (no walk for a module without one)
        return
    for node in ast.walk(tree):
        if type(node) is not ast.Call:
            continue
        factory = factory_name(node)
        if not factory:
            continue
        verdicts: dict[str, list[str]] = {}
        for key, text, _ in literal_entries(node):
            if is_config_key(key) and is_secret_name(key):
                verdict = judge(key, text)
                if verdict in (SECRET, PLACEHOLDER) and key not in verdicts.get(verdict, ()):
                    verdicts.setdefault(verdict, []).append(key)
        where = dict(line=node.lineno, column=node.col_offset + 1)
        if verdicts.get(SECRET):
            ctx.finding(
                None,
                f"{', '.join(verdicts[SECRET])}: a hard-coded secret handed to {factory}() in a dict, which the tool "
                "does not follow into the factory's configuration; move it out of the code by hand",
                **where,
            )
        if verdicts.get(PLACEHOLDER):
            ctx.finding(
                None,
                f"{', '.join(verdicts[PLACEHOLDER])}: a placeholder secret handed to {factory}() in a dict: production "
                "must set a real one outside the code",
                **where,
            )
