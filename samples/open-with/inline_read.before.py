"""x = open(p).read(): one statement reads the whole file."""


def read_text(path):
    text = open(path).read()
    return text


def count_lines(path):
    total = 0
    total += len(open(path).readlines())
    return total


def parse_number(path):
    # raises ValueError when the file does not hold a number
    number = int(open(path).read())
    return number


def label(name, path):
    line = f"{name}: " + open(path).read().strip()
    return line
