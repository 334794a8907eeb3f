"""Fixtures the codemods' tests share."""

import pytest

from helpers import track_sqlite_connections


@pytest.fixture
def opened(monkeypatch):
    """Every sqlite3 connection opened while the test runs."""
    yield from track_sqlite_connections(monkeypatch)


@pytest.fixture
def every_refusal_said(monkeypatch):
    """cache-views says why it leaves each view uncached, even where nothing is left for a
    reviewer to decide (codemods/_cache_views_worth.py), and its tree and project gates no
    longer skip the modules of such views: for the tests of its reasons."""
    from flask_codemod.codemods import _cache_views_gate, _cache_views_plan, cache_views

    monkeypatch.setattr(_cache_views_plan, "worth_reading", lambda planner, view, problem: True)
    monkeypatch.setattr(_cache_views_gate, "left_alone", lambda function, tree: False)
    monkeypatch.setattr(_cache_views_gate, "routed_as_endpoint", lambda function, found: False)
    monkeypatch.setattr(cache_views, "settled_by_templates", lambda function, tree, ctx: False)
    monkeypatch.setattr(cache_views, "fills_in_per_user", lambda function, tree, ctx: False)
    monkeypatch.setattr(cache_views, "reads_unknown_object", lambda function, tree, read: False)
    monkeypatch.setattr(cache_views, "renders_without_work", lambda function, tree, ctx: False)
    monkeypatch.setattr(cache_views, "costs_nothing", lambda function, tree: False)
    monkeypatch.setattr(cache_views, "calls_a_settling_helper", lambda function, tree, settling: False)
    monkeypatch.setattr(cache_views, "calls_a_settling_function", lambda function, tree, read, crossing=None: False)
    monkeypatch.setattr(cache_views, "reads_imported_state", lambda function, tree, read: False)
    monkeypatch.setattr(cache_views, "decorated_by_a_settling_function", lambda function, tree, read: False)
    monkeypatch.setattr(cache_views, "calls_a_settling_row_method", lambda function, tree, read: False)
