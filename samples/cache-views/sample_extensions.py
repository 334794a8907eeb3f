"""The cache object of the samples' app (imported by imported_cache.before.py)."""
from flask_caching import Cache

cache = Cache()
