"""http-timeout: calls that only show a ``**`` mapping handed to them, and cannot change it.

A mapping a function hands to another call may come back with any wait in it
(_http_timeout_unknown_waits): a wait of unknown length. Not when that call only shows it: a
logger's message (``logger.debug("fetching %s with %s", url, kwargs)``, ``logging.info``,
``current_app.logger.warning``) formats its arguments into text and keeps nothing, and
``print``, ``repr``, ``str``, ``len`` only read what they are given. A logger is known by its
spelling: one of logging's methods called on ``logging`` or on a name or attribute whose last
word is ``log``, ``logger`` or ``logging`` (``log``, ``app_logger``, ``self._log``; not a
``catalog``).
"""

from __future__ import annotations

import ast

_LOGGING_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_LOGGER_WORDS = frozenset({"log", "logger", "logging"})
_READERS = frozenset({"print", "repr", "str", "len"})


def only_shows(call: ast.Call) -> bool:
    """Whether ``call`` only shows (or measures) the values handed to it: a logger's method,
    ``print``, ``repr``, ``str``, ``len`` (see the module's docstring)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _READERS
    if not (isinstance(func, ast.Attribute) and func.attr in _LOGGING_METHODS):
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
    words = [word for word in name.lower().split("_") if word]
    return bool(words) and words[-1] in _LOGGER_WORDS
