"""One setting of a codemod (the contract's ``Codemod.OPTIONS``): its type, default and help,
and how a value given as text (``--set``) or typed (pyproject.toml) is checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """One setting of a codemod, e.g. ``Option(int, 300, "cache timeout in seconds")``."""

    type: type
    default: Any
    help: str

    def parse(self, text: str) -> Any:
        """Convert the text of ``--set name.option=TEXT``; ValueError when it does not fit."""
        if self.type is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"expected true or false, got {text!r}")
        if self.type is int:
            try:
                return int(text, 0)
            except ValueError:
                raise ValueError(f"expected a whole number, got {text!r}") from None
        if self.type is float:
            try:
                return float(text)
            except ValueError:
                raise ValueError(f"expected a number, got {text!r}") from None
        return self.type(text)

    def check(self, value: Any) -> Any:
        """Validate a value that came typed (from pyproject.toml); ValueError when wrong."""
        if isinstance(value, str) and self.type is not str:
            return self.parse(value)
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise ValueError(f"expected {self.type.__name__}, got {value!r}")
        return value
