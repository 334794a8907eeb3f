"""What the policy codemods share: their base class.

A policy codemod writes a setting whose number the code does not hold (an upload limit, a
cache time for static files, gunicorn's workers and timeouts). The number is a choice, so
the change alters behaviour on purpose: a reviewer reads it, and it runs only when selected.
"""

from __future__ import annotations

from ._base import Codemod
from ._flask import FLASK_METADATA


class PolicyCodemod(Codemod):
    """Base class of the policy codemods: behaviour changes on purpose (``review``), run only
    when selected (group ``policy``), the Flask apps found by qualified name with scopes and
    parents (``FLASK_METADATA``).

    tool/codemod_info.py reads these literals without importing this module: keep them
    plain literals."""

    SAFETY = "review"
    GROUP = "policy"
    METADATA = FLASK_METADATA
