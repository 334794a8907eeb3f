"""The handle leaves the function: the caller reads from it later."""


def open_log(path):
    return open(path, "a")


def open_config(path):
    handle = open(path)
    handle.readline()  # skip the header
    return handle


def lines(path):
    f = open(path)
    yield f
