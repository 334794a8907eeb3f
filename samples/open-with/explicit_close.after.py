"""f = open(p) … f.close(): the with-block covers exactly those statements."""


def append_log(path, line):
    with open(path, "a") as log:
        log.write(line + "\n")


def parse_numbers(path):
    with open(path) as f:
        numbers = []
        for line in f:
            # raises ValueError on a line that is not a number: the file used to stay open
            numbers.append(int(line))
    return numbers


def read_and_report(path):
    with open(path) as handle:
        text = handle.read()
    return text, handle.closed, handle.name == path
