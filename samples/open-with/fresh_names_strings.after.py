"""A name spelled in a string may be looked up dynamically: the new name avoids it too."""


def settings(path, namespace):
    with open(path) as fh:
        data = fh.read()
    return getattr(namespace, "f", data)
