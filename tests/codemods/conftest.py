"""Fixtures the codemods' tests share."""

import pytest

from helpers import track_sqlite_connections


@pytest.fixture
def opened(monkeypatch):
    """Every sqlite3 connection opened while the test runs."""
    yield from track_sqlite_connections(monkeypatch)
