"""flask-codemod: rewrite legacy Flask applications to follow the Flask guides' practices.

``flask_codemod.apply(paths, select=..., dry_run=True)`` is the Python API (see tool/api.py);
it is imported lazily so that ``flask-codemod --help`` stays light.
"""

__version__ = "0.1.0"


def apply(paths=".", **kwargs):
    """Run flask-codemod on ``paths`` as ``flask-codemod apply`` does; returns an Outcome.

    Writes nothing unless ``dry_run=False``. See ``flask_codemod.api.apply`` for every
    parameter.
    """
    from .api import apply as _apply

    return _apply(paths, **kwargs)


def __getattr__(name):
    if name == "UsageError":
        from .codemods import UsageError

        return UsageError
    raise AttributeError(f"module 'flask_codemod' has no attribute {name!r}")
