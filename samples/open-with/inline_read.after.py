"""x = open(p).read(): one statement reads the whole file."""


def read_text(path):
    with open(path) as f:
        text = f.read()
    return text


def count_lines(path):
    total = 0
    with open(path) as f:
        total += len(f.readlines())
    return total


def parse_number(path):
    # raises ValueError when the file does not hold a number
    with open(path) as f:
        number = int(f.read())
    return number


def label(name, path):
    with open(path) as f:
        line = f"{name}: " + f.read().strip()
    return line
