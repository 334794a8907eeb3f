"""The engine's words for a file in syntax newer than the running CPython parses (which
Python it needs is worked out in codemods/_syntax_versions.py, shared with the codemods that
read the project's other modules)."""

from __future__ import annotations

from .codemods._syntax_versions import newer_syntax

__all__ = ["newer_syntax", "newer_syntax_message"]


def newer_syntax_message(version: tuple[int, int]) -> str:
    shown = f"{version[0]}.{version[1]}"
    return f"uses Python {shown} syntax; run flask-codemod under Python {shown} or newer to process this file"
