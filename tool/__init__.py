"""flask-codemod: rewrite legacy Flask applications to follow the Flask guides' practices.

``flask_codemod.apply(paths, select=..., dry_run=True)`` is the Python API (see tool/api.py);
it is imported lazily so that ``flask-codemod --help`` stays light.
"""

from .version import __version__  # noqa: F401 (the package's version)


def apply(paths=".", **kwargs):
    """Run flask-codemod on ``paths`` as ``flask-codemod apply`` does; returns an Outcome.

    Writes nothing unless ``dry_run=False``. See ``flask_codemod.api.apply`` for every
    parameter.
    """
    # Lazy on purpose: the API imports the whole run, LibCST and the codemods, which
    # `flask-codemod --help` (this package imported) never needs.
    from .api import apply as _apply

    return _apply(paths, **kwargs)


def __getattr__(name):
    if name == "UsageError":
        from .codemods import UsageError  # lazy like ``apply``: a light ``import flask_codemod``

        return UsageError
    raise AttributeError(f"module 'flask_codemod' has no attribute {name!r}")
