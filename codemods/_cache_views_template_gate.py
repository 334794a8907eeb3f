"""cache-views' project stage: views whose refusal is settled by a template they render.

The tree gate (``_cache_views_gate``) leaves out the views whose refusal the module itself
settles. Many of the rest render a template that reads ``current_user``, the session,
flashed messages or a CSRF token, or extends one that does: the planner reads the template
with Jinja2 (``_cache_views_templates``), refuses the view for a settled reason and says
nothing of it. That is known from the project's files without LibCST: this stage asks the
same template analysis, with the same reader, before the module is parsed.

A view is settled here when its own body (not a function, class or lambda defined there)
calls ``flask.render_template`` with one literal template name (the name resolved as the
settled-body gate resolves names: only where one reading is possible) and that template
settles the refusal in every template folder list the planner may look it up in. Why that
is exact:

- the planner's scan of a view, and the survey that decides whether a refusal is worth
  saying, both visit every call of the view's own body up to a settled problem; a
  ``render_template`` call with a literal name is judged by the template's verdict, which
  ends the scan with that problem; so the view is refused for a settled reason (or for one
  found before), and said nothing of, whatever else it does (``_cache_views_worth``);
- the folders: the planner looks a view's templates up in ``templates`` alone (a view of
  an app the module creates) or in ``templates`` and the three folders above (a blueprint's,
  or an object it does not know), a blueprint's own folder first where it has one, each list
  followed by the folders of the module's blueprints (``Blueprint(..., template_folder=
  "templates")``, the common spelling), then by the folders every blueprint of the project
  gives (``project_blueprint_folders``: Flask's loader looks in each registered one); the
  folders it cannot read change only the words of a finding. Every list the view's owner may give is asked here (``folder_lists``), and each
  must settle; the app's list only where an assignment of the module may create an app
  (``flask.Flask`` spelled as the gate spells it). A module with ``root_path=`` or a folder
  that is not a literal given to a blueprint the planner indexes is not read;
- the template analysis keeps what it found per template while the planner judges the
  module's views one after another, so a template on a cycle of includes may be judged with
  part of its cycle left out: a template is taken here only when no template it pulls in,
  in any folder, leads back to one on the way.

The answer for a template is kept for the project (``_project_answers.remembered``) with the
reads it came from, which the result cache records as for the other project facts; the
folders are looked in from the module's own, so the module's folder is part of the question.
"""

from __future__ import annotations

import ast
import posixpath
from typing import Callable

from ._ast_facts import facts
from ._ast_nodes import keyword_value
from ._cache_views_blueprint_folders import project_blueprint_folders
from ._cache_views_catalog import RENDER_TEMPLATE, SETTLED
from ._cache_views_context_processors import per_user_names
from ._cache_views_gate import is_docstring, plain_parameters
from ._cache_views_settled_body import imported_names, name_chain
from ._cache_views_templates import TemplateAnalyser, template_facts, template_paths
from ._callee_spellings import callee_spellings, python_spelled_last
from ._flask import BLUEPRINT, FLASK
from ._parsed_modules import tree_fact
from ._project_answers import remembered

Reader = Callable[[str], "str | None"]

APP_FOLDERS = ("templates",)  # a view of an app the module creates
SHARED_FOLDERS = ("templates", "../templates", "../../templates", "../../../templates")  # any other view
_FOLDER_KEYWORDS = frozenset({"template_folder", "root_path"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_MOST_TEMPLATES = 200  # templates one name pulls in, followed to prove it leads to no cycle


def settled_by_templates(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, ctx) -> bool:
    """Whether the view ``function`` of ``tree`` renders, in its own body, a template that
    settles its refusal wherever the planner looks it up (read through ``ctx``)."""
    names = rendered_templates(function, tree)
    lists = with_project_folders(folder_lists(tree), ctx) if names else None
    if lists is None:
        return False
    # the folders are looked in from the module's own: the answer is that folder's
    folder = posixpath.dirname(ctx.path)
    return any(
        remembered(ctx, ("cache-views: a template settles a view", folder, name, lists), _settles(name, lists))
        for name in names
    )


def renders_without_work(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, ctx) -> bool:
    """Whether the view ``function`` only renders a template given nothing but constants
    (``constant_render``) that does no work wherever the planner looks it up: no loop and
    no filter of the project's in it or in what it pulls in (``TemplateVerdict.loops``,
    ``filters``). The scan then finds no cost in the view, and a view that costs nothing is
    left alone without a word: skipped with no problem, quiet with one (``worth_reading``
    asks the survey's cost; nothing of the view but its body adds to it). A template found
    in no folder, unreadable or reading per-caller state only makes a problem, never a cost.
    The planner's analyser keeps a template's verdict while it judges the module's views:
    a verdict reached deeper in the nesting knows less than this one, asked from the top,
    and a template on a cycle of includes is not taken here."""
    name = constant_render(function, tree)
    lists = with_project_folders(folder_lists(tree), ctx) if name is not None else None
    if lists is None:
        return False
    folder = posixpath.dirname(ctx.path)
    return remembered(ctx, ("cache-views: a template does no work", folder, name, lists), _no_work(name, lists))


def constant_render(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> str | None:
    """The template name of a view whose body (after a docstring) is only
    ``return render_template("name")``, or with constants given by keyword
    (``render_template("name", title="About")``), with parameters the scan finds nothing in
    (``plain_parameters``); else None."""
    body = function.body
    if body and is_docstring(body[0]):
        body = body[1:]
    if len(body) != 1 or type(body[0]) is not ast.Return or type(body[0].value) is not ast.Call:
        return None
    call = body[0].value
    if len(call.args) != 1 or not plain_parameters(function):
        return None
    if any(keyword.arg in (None, "template_name_or_list") or type(keyword.value) is not ast.Constant for keyword in call.keywords):
        return None  # only literals given by name: values the scan takes for given (``passes_only_given``)
    if not isinstance(call.func, (ast.Name, ast.Attribute)):
        return None
    chain = name_chain(call.func)
    target = imported_names(tree).get(chain[0]) if chain else None
    if target is None or ".".join([target, *chain[1:]]) not in RENDER_TEMPLATE:  # type: ignore[index]
        return None
    first = call.args[0]
    return first.value if type(first) is ast.Constant and type(first.value) is str else None


def fills_in_per_user(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module, ctx) -> bool:
    """Whether the view ``function`` renders, in its own body and without ``**``, a template
    that reads a name the call does not pass and the project's own context processor fills
    in from the user (``per_user_names``), wherever the planner looks it up: the template
    itself settles or raises no problem there, and one such name is left unpassed. The
    planner then refuses the view per user (``unpassed_problem``), a settled reason, at that
    call, as it does for a template that settles (``settled_by_templates``)."""
    calls = [(name, call) for call, name in _render_calls(function, tree)
             if all(keyword.arg is not None for keyword in call.keywords)]
    lists = with_project_folders(folder_lists(tree), ctx) if calls else None
    if lists is None:
        return False
    filled = per_user_names(ctx)
    if not filled:
        return False
    folder = posixpath.dirname(ctx.path)
    for name, call in calls:
        passed = {keyword.arg for keyword in call.keywords}
        answers = remembered(ctx, ("cache-views: what a template reads", folder, name, lists), _reads(name, lists))
        if answers and all(
            category in SETTLED or (category is None and any(n in filled and n not in passed for n in free))
            for category, free in answers
        ):
            return True
    return False


def rendered_templates(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module) -> list[str]:
    """The template names the view's own body passes, as one literal, to
    ``flask.render_template`` (named by an import the module binds nothing else to)."""
    found: list[str] = []
    for _call, name in _render_calls(function, tree):
        if name not in found:
            found.append(name)
    return found


def _render_calls(function: ast.FunctionDef | ast.AsyncFunctionDef, tree: ast.Module):
    """(call, template name) of each call of the view's own body that passes one literal
    template name to ``flask.render_template``."""
    imported = imported_names(tree)
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(node))
        if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
            continue
        chain = name_chain(node.func)
        target = imported.get(chain[0]) if chain else None
        if target is None or ".".join([target, *chain[1:]]) not in RENDER_TEMPLATE:  # type: ignore[index]
            continue
        first = keyword_value(node, "template_name_or_list")
        if first is None:
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            first = positional[0] if positional else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node, first.value


def with_project_folders(lists: tuple[tuple[str, ...], ...] | None, ctx) -> tuple[tuple[str, ...], ...] | None:
    """Each of ``lists`` followed, as the planner's list is, by the folders every blueprint
    of the project gives (``project_blueprint_folders``)."""
    if lists is None:
        return None
    others = project_blueprint_folders(ctx)
    return tuple(tuple(dict.fromkeys((*folders, *others))) for folders in lists) if others else lists


def folder_lists(tree: ast.Module) -> tuple[tuple[str, ...], ...] | None:
    """Every list of template folders the planner may look a view's templates up in
    (``CacheViewsPlanner.template_folders``), by the view's owner: an app the module makes
    (``templates``), none or a blueprint without a folder of its own (the app's four), a
    blueprint with one (its own first); each followed by the folders of the module's
    blueprints. None where a folder is not read here: ``root_path=``, a ``template_folder=``
    that is not a literal given to ``flask.Blueprint`` (named by one reading) in an
    assignment to names, which the planner's index of the module's objects holds, or an app
    or blueprint that may take its folder from ``*args``, ``**options`` or by position."""
    return tree_fact(tree, "cache-views: template folder lists", _folder_lists)


def _folder_lists(tree: ast.Module) -> tuple[tuple[str, ...], ...] | None:
    found = facts(tree)
    given = {id(call) for call in found.calls if any(k.arg in _FOLDER_KEYWORDS for k in call.keywords) or _may_give_a_folder(call)}
    own: list[str] = []  # the blueprints' folders, in the module's order
    apps: list[tuple[str, ...]] = []  # the folders of the apps made with one given
    made: set[int] = set()  # (their calls)
    for assignment in sorted(found.assignments, key=lambda a: (a.lineno, a.col_offset)):
        call = assignment.value
        if id(call) not in given:
            continue
        given.discard(id(call))
        targets = assignment.targets if isinstance(assignment, ast.Assign) else [assignment.target]
        if not all(isinstance(target, ast.Name) for target in targets):
            return None
        app = _app_folder(call, tree)  # type: ignore[arg-type]
        if app is not None:
            apps.append(app)
            made.add(id(call))
            continue
        folder = _blueprint_folder(call, tree)  # type: ignore[arg-type]
        if folder is None:
            return None
        if folder:
            own.append(folder)
    if given:
        return None  # a folder given elsewhere than to an object the index holds
    lists = [(*APP_FOLDERS, *own)] if may_create_an_app(tree, frozenset(made)) else []
    lists += [(*app, *own) for app in apps]
    lists += [(*SHARED_FOLDERS, *own)] + [(folder, *SHARED_FOLDERS, *own) for folder in own]
    unique: list[tuple[str, ...]] = []
    for folders in lists:
        normal = tuple(dict.fromkeys(posixpath.normpath(folder) for folder in folders))
        if normal not in unique:
            unique.append(normal)
    return tuple(unique)


def _app_folder(call: ast.Call, tree: ast.Module) -> tuple[str, ...] | None:
    """The folders ``flask.Flask(...)`` (named by one reading) gives its views' templates when
    it is given one, ``root_path=`` or arguments that may give one (``CacheViewsPlanner.
    folder_of``): a literal ``template_folder=`` its own; ``None``, ``root_path=`` or a
    folder the planner cannot read (computed, by position, ``*args``, ``**options``) none
    it reads (``_unread``); None for any other call."""
    if not _calls(call, tree, FLASK):
        return None
    folder = keyword_value(call, "template_folder")
    if keyword_value(call, "root_path") is not None or folder is None:
        return ()  # (without template_folder=, it is in ``given`` for its arguments)
    return (folder.value,) if _literal_folder(folder) else ()


def _literal_folder(folder: ast.expr) -> bool:
    """A ``template_folder=`` the planner reads (``string_value``: a string literal, not
    empty); anything else gives it no folder it reads (``None``, ``""``) or one it cannot
    read (``UnreadFolder``), which only changes the words of a finding: the template
    analysis looks in the folders it reads alone."""
    return type(folder) is ast.Constant and isinstance(folder.value, str) and folder.value != ""


def _may_give_a_folder(call: ast.Call) -> bool:
    """A ``Flask``/``Blueprint`` call (by its last name) that may give a template folder other
    than by keyword: ``*args``, ``**options``, five arguments by position or more."""
    if not isinstance(call.func, (ast.Name, ast.Attribute)) or python_spelled_last(call.func) not in ("Flask", "Blueprint"):
        return False
    return len(call.args) > 4 or any(keyword.arg is None for keyword in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args)


def _blueprint_folder(call: ast.Call, tree: ast.Module) -> str | None:
    """The folder a ``flask.Blueprint(..., template_folder=...)`` call gives the planner to read
    ("" for none: ``None``, ``root_path=``, a folder it cannot read, ``_literal_folder``); None
    for any other call, or a blueprint without ``template_folder=`` (by position...)."""
    if not _calls(call, tree, BLUEPRINT):
        return None
    folder = keyword_value(call, "template_folder")
    if keyword_value(call, "root_path") is not None:
        return ""
    if folder is None:
        return None
    return folder.value if _literal_folder(folder) else ""  # type: ignore[attr-defined]


def _calls(call: ast.Call, tree: ast.Module, qualified: str) -> bool:
    """Whether ``call`` calls ``qualified`` (``flask.Flask``, ``flask.Blueprint``), named by
    one reading (the module's imports of one thing)."""
    last = qualified.rpartition(".")[2]
    if not isinstance(call.func, (ast.Name, ast.Attribute)) or python_spelled_last(call.func) != last:
        return False
    chain = name_chain(call.func)
    target = imported_names(tree).get(chain[0]) if chain else None
    return target is not None and ".".join([target, *chain[1:]]) == qualified  # type: ignore[index]


def may_create_an_app(tree: ast.Module, given: frozenset[int] = frozenset()) -> bool:
    """Whether an assignment of the module binds a name to a call that may create a Flask
    app (a superset of FlaskIndex's apps), but the calls ``given`` (ids: the apps made with
    a folder given, ``_app_folder``)."""
    found = facts(tree)
    spellings = callee_spellings(found, (FLASK,))
    return any(
        type(assignment.value) is ast.Call and id(assignment.value) not in given
        and python_spelled_last(assignment.value.func) in spellings
        for assignment in found.assignments
    )


def _settles(name: str, lists: tuple[tuple[str, ...], ...]):
    def derive(reader) -> bool:
        for folders in lists:
            problem = TemplateAnalyser(reader.read_file, folders).analyse(name).problem
            if problem is None or problem.category not in SETTLED:
                return False
        return not _leads_to_a_cycle(reader.read_file, name, lists)

    return derive


def _reads(name: str, lists: tuple[tuple[str, ...], ...]):
    """Per folder list, the category of the template's problem (None) and the names it reads
    without defining them; empty for a template that leads to a cycle."""
    def derive(reader) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
        if _leads_to_a_cycle(reader.read_file, name, lists):
            return ()
        answers = []
        for folders in lists:
            verdict = TemplateAnalyser(reader.read_file, folders).analyse(name)
            category = verdict.problem.category if verdict.problem is not None else None
            answers.append((category, tuple(sorted(verdict.free))))
        return tuple(answers)

    return derive


def _no_work(name: str, lists: tuple[tuple[str, ...], ...]):
    def derive(reader) -> bool:
        for folders in lists:
            verdict = TemplateAnalyser(reader.read_file, folders).analyse(name)
            if verdict.loops or verdict.filters:
                return False
        return not _leads_to_a_cycle(reader.read_file, name, lists)

    return derive


def _leads_to_a_cycle(read: Reader, name: str, lists: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a template ``name`` pulls in (extends, includes, imports), in any of the
    folders of ``lists``, leads back to one on the way (or more templates than followed here)."""
    every = tuple(dict.fromkeys(folder for folders in lists for folder in folders))
    on_the_way: list[str] = []
    done: set[str] = set()

    def visit(template: str) -> bool:
        if template in on_the_way:
            return True
        if template in done:
            return False
        if len(done) >= _MOST_TEMPLATES:
            return True
        on_the_way.append(template)
        for path in template_paths(every, template):
            text = read(path)
            if text is None:
                continue
            for _verb, names, _ignore in template_facts(text).references:
                if any(visit(other) for other in names or ()):
                    return True
        on_the_way.pop()
        done.add(template)
        return False

    return visit(name)
