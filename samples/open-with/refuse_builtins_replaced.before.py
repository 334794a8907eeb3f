"""builtins.open is replaced (a test double, a sandbox): open() may not open a file."""
import builtins

from sandbox import safe_open

builtins.open = safe_open


def read(path):
    return open(path).read()
