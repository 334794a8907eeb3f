"""A name spelled in a string may be looked up dynamically: the new name avoids it too."""


def settings(path, namespace):
    data = open(path).read()
    return getattr(namespace, "f", data)
