"""f = open(p) never closed: the with-block ends at the last use."""


def header_and_body(path):
    with open(path) as f:
        header = f.readline()
        body = f.read()
    return header.strip(), len(body)


def parse_header(path):
    with open(path) as f:
        count = int(f.readline())  # raises ValueError when the header is not a number
        rest = f.read()
    return count, rest


def read_and_name(path):
    with open(path) as f:
        text = f.read()
        size = len(text)
        return size, f.name == path


def touch(path):
    with open(path, "w") as f:
        pass
    return path
