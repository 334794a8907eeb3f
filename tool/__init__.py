"""flask-codemod: rewrite legacy Flask applications to follow the Flask guides' practices."""

__version__ = "0.1.0"
