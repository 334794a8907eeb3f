"""The version of flask-codemod (in a module of its own: the cache key and the reports need it,
and the package's __init__ stays out of the import graph of the layers)."""

__version__ = "0.1.0"
