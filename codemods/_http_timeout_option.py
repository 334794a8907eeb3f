"""http-timeout's option: the seconds written when neither the module nor the project names a
timeout. Apart from the modules that choose the seconds (_http_timeout_seconds), which the
codemod imports only when a file gets that far: its class statement needs only this."""

from __future__ import annotations

import math
from typing import Any

from ._base import Option


class Seconds(Option):
    """A timeout in seconds: a positive, finite number."""

    def parse(self, text: str) -> Any:
        return _positive(super().parse(text))

    def check(self, value: Any) -> Any:
        return _positive(super().check(value))


def _positive(value: Any) -> Any:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a positive number of seconds, got {value!r}")
    return value
