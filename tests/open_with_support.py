"""What open-with's tests share: its samples, and running code while watching its file handles
(ResourceWarnings, descriptors still open while an exception lives)."""

from __future__ import annotations

import gc
import inspect
import os
import pathlib
import types
import warnings
from dataclasses import dataclass
from typing import Any, Callable

import pytest

from helpers import SAMPLES

SAMPLE_DIR = os.path.join(SAMPLES, "open-with")


def read_source(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def sample(name: str) -> tuple[str, str]:
    stem = os.path.join(SAMPLE_DIR, name)
    return read_source(stem + ".before.py"), read_source(stem + ".after.py")


# -- running code and watching its file handles -------------------------------------------------


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")


@dataclass
class Observation:
    outcome: tuple  # ("returned", value) or ("raised", exception type, message)
    files: dict  # name -> bytes of every file in the work folder afterwards
    resource_warnings: int
    open_while_raising: int  # descriptors still open while the exception (and its frames) lives

    @property
    def leaked(self) -> bool:
        return self.resource_warnings > 0 or self.open_while_raising > 0


def _finish(value: Any) -> Any:
    """Drive generators and coroutines to the end, so they are compared by what they produce."""
    if inspect.isgenerator(value):
        return list(value)
    if inspect.iscoroutine(value):
        try:
            value.send(None)
        except StopIteration as stop:
            return stop.value
        raise AssertionError("the sample coroutine awaited something")  # pragma: no cover
    return value


def observe(call: Callable[[], Any], folder: pathlib.Path) -> Observation:
    """Run ``call`` with ResourceWarnings recorded; the outcome is compared with paths made
    relative to ``folder``. (The heap that exists before the call is frozen, so that the
    collection afterwards only looks at what the call created: fast.)"""
    gc.freeze()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            before = open_descriptors()
            open_while_raising = 0
            try:
                outcome: tuple = ("returned", repr(_finish(call())))
            except Exception as error:  # the traceback keeps the frames, and their handles, alive
                open_while_raising = open_descriptors() - before
                outcome = ("raised", type(error), str(error))
            gc.collect()
    finally:
        gc.unfreeze()
    outcome = tuple(part.replace(str(folder), "<dir>") if isinstance(part, str) else part for part in outcome)
    files = {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    count = sum(1 for w in caught if issubclass(w.category, ResourceWarning))
    return Observation(outcome, files, count, open_while_raising)


def module_from(text: str, name: str, file: str | None = None) -> types.ModuleType:
    module = types.ModuleType(name)
    if file is not None:
        module.__file__ = file
    exec(compile(text, f"<{name}>", "exec"), module.__dict__)
    return module


def write_files(folder: pathlib.Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
