"""open() once per item: a single with-block cannot wrap each iteration."""


def read_all(paths):
    return [open(path).read() for path in paths]


def sizes(paths):
    return {path: len(open(path).read()) for path in paths}


def first_lines(paths):
    return list(open(path).readline() for path in paths)
