"""f = open(p) never closed: the with-block ends at the last use."""


def header_and_body(path):
    f = open(path)
    header = f.readline()
    body = f.read()
    return header.strip(), len(body)


def parse_header(path):
    f = open(path)
    count = int(f.readline())  # raises ValueError when the header is not a number
    rest = f.read()
    return count, rest


def read_and_name(path):
    f = open(path)
    text = f.read()
    size = len(text)
    return size, f.name == path


def touch(path):
    f = open(path, "w")
    return path
