"""f = open(p) … f.close(): the with-block covers exactly those statements."""


def append_log(path, line):
    log = open(path, "a")
    log.write(line + "\n")
    log.close()


def parse_numbers(path):
    f = open(path)
    numbers = []
    for line in f:
        # raises ValueError on a line that is not a number: the file used to stay open
        numbers.append(int(line))
    f.close()
    return numbers


def read_and_report(path):
    handle = open(path)
    text = handle.read()
    handle.close()
    return text, handle.closed, handle.name == path
