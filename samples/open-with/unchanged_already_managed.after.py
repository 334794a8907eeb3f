"""Handles that are already closed by a with-block (or contextlib) stay as they are."""
import contextlib
from urllib.request import urlopen


def read(path):
    with open(path) as f:
        return f.read()


def fetch(url):
    with contextlib.closing(urlopen(url)) as response:
        return response.read()


def read_all(paths):
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(open(p)) for p in paths]
        return [f.read() for f in files]


def read_managed(path):
    f = open(path)
    with f:
        return f.read()


def not_a_file(os_module, path):
    return os_module.open(path, 0)


def open_then_manage(path, bucket):
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return None
    with f:
        return bucket.load(f)
