"""Shared extensions for the cache-views samples (read by imported_cache.before.py)."""
from flask_caching import Cache

cache = Cache()
