"""Fixtures of the robustness tests (see support.py for what they share with ``make fuzz``)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from robustness import bad_input, support

# CI must be reproducible: a fixed sequence of examples, no example database, no deadline
# (the first example pays for imports). `make fuzz` runs far more, from a seed.
settings.register_profile(
    "robustness",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@pytest.fixture
def test_codemods(monkeypatch):
    """The test-only codemods (support.TEST_CODEMODS), known to the registry and the CLI for
    this test (and to worker processes, which are forked from it)."""
    support.register_test_codemods(monkeypatch.setattr)
    return support.TEST_CODEMODS


@pytest.fixture
def project(tmp_path, test_codemods):
    """A folder with two good files, next to which each test puts its bad one."""
    (tmp_path / "good_one.py").write_bytes(bad_input.GOOD)
    (tmp_path / "good_two.py").write_bytes(bad_input.GOOD)
    return tmp_path
