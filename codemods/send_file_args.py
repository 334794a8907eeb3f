"""send-file-args: send_file's and send_from_directory's renamed keyword arguments."""

from __future__ import annotations

import ast

import libcst as cst

from . import _ast_facts
from ._base import Context
from ._flask_versions import LegacyForm, Removal, available, left_at_unknown_target, removed, target_unknown
from ._node_edits import NodeEdits, apply_edits
from ._upgrade_support import UpgradeCodemod, nodes_of
from ._version_guards import unguarded_calls

SEND_FILE = frozenset({"flask.send_file", "flask.helpers.send_file"})
SEND_FROM_DIRECTORY = frozenset({"flask.send_from_directory", "flask.helpers.send_from_directory"})
# send_from_directory passes its other keywords on to send_file
_SENDERS = SEND_FILE | SEND_FROM_DIRECTORY
RENAMED = {"attachment_filename": "download_name", "cache_timeout": "max_age", "add_etags": "etag"}
RENAMED_IN_DIRECTORY = {**RENAMED, "filename": "path"}
NEW_NAMES_SINCE = (2, 0)
OLD_NAMES_REMOVED_IN = (2, 2)


class SendFileArgs(UpgradeCodemod):
    """Rename send_file's and send_from_directory's old keyword arguments.

    Why: Flask 2.0 renamed ``send_file(attachment_filename=)`` to ``download_name=``,
    ``cache_timeout=`` to ``max_age=``, ``add_etags=`` to ``etag=``, and
    ``send_from_directory(filename=)`` to ``path=``; Flask 2.2 removed the old names, so a
    call that still uses them fails with ``TypeError: unexpected keyword argument``. Apps
    pinned below 2.2 keep working until the day Flask is upgraded.

    What it rewrites: each old keyword of a call to ``flask.send_file`` or
    ``flask.send_from_directory`` (resolved by qualified name: ``import flask as f`` and
    ``from flask import send_file as sf`` are understood) gets its new name; the value stays
    as written. Flask 2.0 and 2.1 passed the old names on to the new ones unchanged, so the
    call means the same. Only when the target is Flask 2.0 or later: below that the new names
    do not exist, and nothing is changed or reported; at a release nobody declared (a checkout
    of Flask, the system's package an RPM spec requires) nothing is changed, but each call is
    reported, as the old names are gone from Flask 2.2 on.

    Before::

        from flask import Flask, send_file

        app = Flask(__name__)


        @app.route("/report")
        def report():
            path = "reports/latest.csv"
            return send_file(path, as_attachment=True, attachment_filename="report.csv", cache_timeout=0)

    After::

        from flask import Flask, send_file

        app = Flask(__name__)


        @app.route("/report")
        def report():
            path = "reports/latest.csv"
            return send_file(path, as_attachment=True, download_name="report.csv", max_age=0)

    Refused, with a finding (when the old names are gone at the target version): a call that
    already passes the new name as well (two values for one parameter), and a call that also
    passes ``**kwargs`` (which may hold either name).

    Not detected: old names inside a ``**kwargs`` dict, and positional arguments past the
    fourth (``send_file(path, mimetype, as_attachment, name, add_etags)``: Flask 1.x's fifth
    position was ``add_etags``, Flask 2.2's is ``conditional``) — no one can tell which Flask
    such a call was written for.

    Left alone: version-guarded code, and Werkzeug's own ``werkzeug.utils.send_file`` (it
    has only the new names).
    """

    NAME = "send-file-args"
    SUMMARY = "Rename send_file(attachment_filename=, cache_timeout=, add_etags=) and send_from_directory(filename=)."
    ORDER = 4
    LOCAL_REWRITES = True  # each call's keywords are renamed on their own
    CATALOGUE = (
        LegacyForm("`send_file(attachment_filename=...)`", "`send_file(download_name=...)`", "Flask 2.0", "Flask 2.2", "safe", NEW_NAMES_SINCE),
        LegacyForm("`send_file(cache_timeout=...)`", "`send_file(max_age=...)`", "Flask 2.0", "Flask 2.2", "safe", NEW_NAMES_SINCE),
        LegacyForm("`send_file(add_etags=...)`", "`send_file(etag=...)`", "Flask 2.0", "Flask 2.2", "safe", NEW_NAMES_SINCE),
        LegacyForm("`send_from_directory(directory, filename=...)`", "`send_from_directory(directory, path=...)`",
                   "Flask 2.0", "Flask 2.2", "safe", NEW_NAMES_SINCE),
    )

    def applies_to_file(self, source: str, path: str) -> bool:
        """send_file or send_from_directory is spelled; never setup.py."""
        return ("send_file" in source or "send_from_directory" in source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A call that may be flask's send_file or send_from_directory, outside version-guarded
        code, and passes one of its old keywords (``attachment_filename=``, ``cache_timeout=``
        ...): nothing else is renamed or reported."""
        facts = _ast_facts.facts(tree)
        for call in unguarded_calls(tree):
            if not any(keyword.arg in RENAMED_IN_DIRECTORY for keyword in call.keywords):
                continue
            qualified = facts.qualified(call.func)
            if qualified & SEND_FROM_DIRECTORY or (
                qualified & SEND_FILE and any(keyword.arg in RENAMED for keyword in call.keywords)
            ):
                return True
        return False

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The target Flask has the new names (2.0 and later): below that nothing is changed
        or reported (but at a release nobody declared, where the calls are reported). Before 2.2, where the old names still work, nothing is reported either:
        a call must be one that is renamed (an old keyword, its new name not passed too, no
        ``**`` argument)."""
        if not available(ctx, NEW_NAMES_SINCE):
            return target_unknown(ctx)  # reported, as the old names are gone from the newest releases
        if removed(ctx, OLD_NAMES_REMOVED_IN):
            return True
        facts = _ast_facts.facts(tree)
        for call in unguarded_calls(tree):
            qualified = facts.qualified(call.func)
            if qualified & SEND_FILE and _renamed(call, RENAMED):
                return True
            if qualified & SEND_FROM_DIRECTORY and _renamed(call, RENAMED_IN_DIRECTORY):
                return True
        return False

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        unknown = target_unknown(ctx)
        if not available(ctx, NEW_NAMES_SINCE) and not unknown:
            return module
        spelled = self.names(module, ctx)
        # a call that passes no old keyword has nothing to rename or report: not looked up
        calls = [
            call
            for call in nodes_of(spelled.module, cst.Call)
            if any(arg.keyword is not None and arg.keyword.value in RENAMED_IN_DIRECTORY for arg in call.args)
        ]
        names = spelled.lazily_scoped(ctx.python_tree(module)) if calls else spelled
        edits = NodeEdits()
        count = 0
        for call in calls:
            qualified = names.qualified_among(call.func, _SENDERS)
            kind = "send_file" if qualified & SEND_FILE else "send_from_directory" if qualified & SEND_FROM_DIRECTORY else None
            if kind is None or names.guarded(call):
                continue
            if unknown:
                _report_left(call, kind, ctx)
                continue
            count += _plan_call(call, kind, edits, ctx)
        if edits.empty:
            return module
        ctx.rewrote(count)
        return apply_edits(spelled.wrapper, edits, ctx)



def _plan_call(call: cst.Call, kind: str, edits: NodeEdits, ctx: Context) -> int:
    """Plan the renames of one call; the number of keywords renamed."""
    renames = RENAMED if kind == "send_file" else RENAMED_IN_DIRECTORY
    given = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    old = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in renames]
    if not old:
        return 0
    report = removed(ctx, OLD_NAMES_REMOVED_IN)
    double_star = next((arg for arg in call.args if arg.star == "**"), None)
    if double_star is not None:
        if report:
            spelled = cst.Module([]).code_for_node(double_star.value)
            ctx.finding(call, f"{kind}: not renamed, as **{spelled} may hold the new names too; rename "
                        + ", ".join(f"{_keyword(a)}= to {renames[_keyword(a)]}=" for a in old))
        return 0
    clashes = [_keyword(a) for a in old if renames[_keyword(a)] in given]
    if clashes:
        if report:
            ctx.finding(call, f"{kind} passes both {clashes[0]}= and {renames[clashes[0]]}=: keep one "
                        f"({renames[clashes[0]]}=)")
        return 0
    for arg in old:
        new = cst.Name(renames[_keyword(arg)])
        edits.rebuild(arg, lambda node, new=new: node.with_changes(keyword=new))
    return len(old)


def _report_left(call: cst.Call, kind: str, ctx: Context) -> None:
    """At a target nobody declared: the call's old keywords, left (the new names may not exist
    there) and reported once (they are gone from Flask 2.2 on)."""
    renames = RENAMED if kind == "send_file" else RENAMED_IN_DIRECTORY
    old = [_keyword(arg) for arg in call.args if arg.keyword is not None and arg.keyword.value in renames]
    if not old:
        return
    spelled = f"{kind}({'=, '.join(old)}=)"
    instead = "use " + ", ".join(f"{renames[name]}=" for name in old)
    why = left_at_unknown_target(ctx, spelled, Removal("Flask", OLD_NAMES_REMOVED_IN), instead)
    if why is not None:
        ctx.finding(call, why)


def _renamed(call: ast.Call, renames: dict[str, str]) -> bool:
    """Whether ``_plan_call`` renames a keyword of ``call`` (as a call of the function whose
    renames these are): the stdlib AST's reading of its three tests."""
    given = {keyword.arg for keyword in call.keywords}
    old = [keyword.arg for keyword in call.keywords if keyword.arg in renames]
    return bool(old) and None not in given and not any(renames[name] in given for name in old)


def _keyword(arg: cst.Arg) -> str:
    assert arg.keyword is not None
    return arg.keyword.value
