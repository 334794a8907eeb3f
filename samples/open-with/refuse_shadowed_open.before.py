"""`open` is not the builtin here: os.open returns a descriptor, a local open is anything."""
from os import open as os_open


def raw_descriptor(path, flags):
    from os import open
    fd = open(path, flags)
    return fd


def with_parameter(path, open=os_open):
    return open(path, 0)


def local_definition(path):
    def open(name):
        return name.upper()

    return open(path).lower()
