"""return open(p).read(): the handle is used once and dropped."""


def read_motd(path):
    with open(path) as f:
        return f.read()


def shout(path):
    with open(path) as f:
        return f.read().upper()


def parse_number(path):
    with open(path) as f:
        return int(f.read())
