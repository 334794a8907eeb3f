"""The exit codes of ``flask-codemod apply`` (a contract: CI scripts depend on them).

0 done; 1 ``--check`` found changes; 2 usage error (unknown codemod, missing path, bad option
or configuration); 3 some files or repositories could not be processed. For a batch over
several repositories the exit code is the worst (the highest) of the repositories' codes.
"""

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_ERRORS = 0, 1, 2, 3


def worst(codes) -> int:
    """The exit code of a batch: the highest code of its parts (0 for no parts)."""
    return max(codes, default=EXIT_OK)
