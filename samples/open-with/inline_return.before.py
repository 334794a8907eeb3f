"""return open(p).read(): the handle is used once and dropped."""


def read_motd(path):
    return open(path).read()


def shout(path):
    return open(path).read().upper()


def parse_number(path):
    return int(open(path).read())
