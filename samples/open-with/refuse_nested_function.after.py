"""A nested function (or a lambda) uses the handle and may run after the block."""


def make_reader(path):
    f = open(path)

    def read_chunk(size):
        return f.read(size)

    first = read_chunk(10)
    return first, read_chunk


def lazy_lines(path):
    f = open(path)
    next_line = lambda: f.readline()
    return next_line
