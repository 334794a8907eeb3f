"""Free C-heap memory is given back when a process drops what it kept of its projects
(tool/free_memory.py): glibc's malloc_trim is asked where there is one, and where there is
none (another system, another C library, no ctypes) nothing is asked and nothing breaks."""

from __future__ import annotations

import builtins
import sys

import pytest

from flask_codemod import free_memory, projects_kept


@pytest.fixture
def unknown(monkeypatch):
    """free_memory looks for malloc_trim afresh (and forgets what it found after the test)."""
    monkeypatch.setattr(free_memory, "_trim", free_memory._UNKNOWN)


def test_dropping_the_projects_kept_asks_for_the_free_memory_back(monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(free_memory, "_trim", lambda pad: asked.append(pad) or 1)
    projects_kept.forget_projects()
    assert asked == [0]  # all of it: no padding kept at the heap's top


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_on_glibc_the_c_librarys_malloc_trim_is_called(unknown) -> None:
    import platform

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not glibc")
    found = free_memory._malloc_trim()
    assert found is not None and found.__name__ == "malloc_trim"
    assert free_memory.release_free_memory() is True
    assert found(0) in (0, 1)  # the C function itself answers: memory released or none to release


def test_another_system_asks_nothing(unknown, monkeypatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert free_memory._malloc_trim() is None
    assert free_memory.release_free_memory() is False
    projects_kept.forget_projects()  # harmless


def test_a_c_library_without_malloc_trim_asks_nothing(unknown, monkeypatch) -> None:
    import ctypes

    class Musl:
        def __init__(self, name) -> None:
            pass

        def __getattr__(self, name):
            raise AttributeError(name)

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", Musl)
    assert free_memory.release_free_memory() is False
    assert free_memory.release_free_memory() is False  # found missing once: not looked for again


def test_a_python_without_ctypes_asks_nothing(unknown, monkeypatch) -> None:
    real_import = builtins.__import__

    def no_ctypes(name, *args, **kwargs):
        if name == "ctypes":
            raise ImportError("no ctypes")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(builtins, "__import__", no_ctypes)
    assert free_memory.release_free_memory() is False
