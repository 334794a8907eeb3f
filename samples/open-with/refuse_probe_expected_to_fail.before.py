"""A bare open() that checks a file is absent: the open is expected to fail, and the handle
of one that succeeds is dropped at once. A with-block / pass would only add clutter."""
import os


def assert_no_config(folder):
    path = os.path.join(folder, "config.yml")
    try:
        open(path)
        raise AssertionError(f"{path} should not exist yet")
    except FileNotFoundError:
        pass
