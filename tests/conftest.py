import os
import shutil
import sys
import tempfile

# the tests' shared helpers (helpers, gate_checks ...) and the tool tests' own (review_support)
_TESTS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _TESTS)
sys.path.insert(0, os.path.join(_TESTS, "tool"))

# The result cache lives in the user's cache directory: never the real one in tests. Set
# before anything runs, so that worker processes and the command lines tests start inherit it.
_CACHE = tempfile.mkdtemp(prefix="flask-codemod-test-cache-")
os.environ["FLASK_CODEMOD_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


from hypothesis import settings  # noqa: E402

# `make test` must be reproducible: every property test sees the same examples on every run
# (no random seed, no example database carried between runs). `make fuzz` explores further.
settings.register_profile("make-test", derandomize=True, database=None)
settings.load_profile("make-test")


import pytest  # noqa: E402


@pytest.fixture
def parses(monkeypatch):
    """Counts LibCST parses in this process (the engine calls libcst.parse_module; worker
    processes forked from it count in their own copy)."""
    import libcst

    calls: list[int] = []
    real = libcst.parse_module

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(libcst, "parse_module", counting)
    return calls
