"""What config-env's findings say: the removal, the advice, and what a write of ENV,
``app.env`` or ``FLASK_ENV`` still does at the target Flask."""

from __future__ import annotations

from ._base import Context
from ._flask_versions import format_version, removed, target as target_flask, target_unknown

REMOVED_IN = (2, 3)
REMOVED = "{old} is removed in Flask 2.3 (deprecated in 2.2)"
ADVICE = (
    "use app.debug (FLASK_DEBUG, --debug) for debug behaviour, or a setting of the app's own "
    "(e.g. app.config[\"APP_ENV\"]) for an environment name"
)
OWN_ADVICE = 'the app sets its own ENV here, which app.config["ENV"] still holds: read it there'
ELSEWHERE_ADVICE = 'the app sets its own ENV ({place}), which app.config["ENV"] still holds: read it there'
KEPT = (
    'app.config["ENV"] is not rewritten into app.debug: the app sets its own ENV ({place}), which app.config '
    "still holds on Flask 2.3+, and which never switched debug mode"
)
UNREAD = (
    "not rewritten: the app loads configuration not read here ({place}), which may set its own ENV; "
    "where none does, app.debug is the replacement"
)
KEY_ERROR = (
    'app.config["ENV"] raises KeyError from Flask 2.3 on under a configuration that does not set ENV '
    '({place}): Flask no longer sets it; set ENV there, or read app.config.get("ENV")'
)
OWN_VARIABLE = (
    "not rewritten: FLASK_ENV is the app's own setting here (its value picks the app's configuration at {place}), "
    "which its deployments still set after Flask 2.3: a test of it asks for that run mode, not for debug mode"
)
UNREAD_VARIABLE = (
    "setting FLASK_ENV has no effect here: every Flask the project declares is 2.3 or later, which does not read "
    "it, and nothing in the project's application code reads it; set debug mode with FLASK_DEBUG (or --debug, "
    "app.debug)"
)
WRITE_ADVICE = (
    "set debug mode with FLASK_DEBUG (or --debug, app.debug), and keep an environment name of the app's own "
    "under another name"
)
READ_ADVICE = "debug mode follows FLASK_DEBUG (or --debug, app.debug), not ENV"
# the Flask release that added FLASK_ENV, ENV and app.env: an older one never read them either
INTRODUCED = (1, 0)
# what a write still does where Flask reads it (1.0 to 2.2), by what it writes
_STILL = {
    "FLASK_ENV": "it is still read (for app.env, and for debug mode when FLASK_DEBUG is unset)",
    "the ENV config key": "it still sets app.env",
    'app.config["ENV"]': "it still sets app.env",
}


def write_finding(ctx: Context, label: str, read_at: str | None) -> str:
    """The finding of a write of ``label``; ``read_at``: where the app's code reads the ENV
    config value it sets (then the write is not without effect: that read sees it)."""
    if read_at is None:
        return f"{REMOVED.format(old=label)}{_write_effect(ctx, label)}: {WRITE_ADVICE}"
    later = f"Flask no longer reads it, but the project reads it ({read_at}), which still sees this value"
    if target_unknown(ctx):
        effect = f"; the target Flask is a release that is not known (a checkout or a system package), which may still read it; from 2.3 on {later}"
    elif removed(ctx, REMOVED_IN) or target_flask(ctx) < INTRODUCED:
        effect = f": {later}"
    else:
        still = _STILL.get(label, 'it still sets app.config["ENV"]')
        effect = f"; at the target Flask {format_version(target_flask(ctx))} {still}; from 2.3 on {later}"
    return f"{REMOVED.format(old=label)}{effect}: {READ_ADVICE}"


def _write_effect(ctx: Context, label: str) -> str:
    """What setting ``label`` does at the target Flask, said after the removal: nothing from
    2.3 on (nor before 1.0, which never read it); from 1.0 to 2.2 Flask still reads it."""
    if target_unknown(ctx):
        return (
            "; the target Flask is a release that is not known (a checkout or a system package), which may still read it, but from 2.3 on "
            "setting it has no effect"
        )
    version = target_flask(ctx)
    if removed(ctx, REMOVED_IN) or version < INTRODUCED:
        return ", and setting it has no effect"
    still = _STILL.get(label, 'it still sets app.config["ENV"]')
    return f"; at the target Flask {format_version(version)} {still}, but from 2.3 on setting it has no effect"
