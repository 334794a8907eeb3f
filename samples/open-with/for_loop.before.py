"""for line in open(p): the loop is the only user of the handle."""


def count_words(path):
    words = 0
    for line in open(path):
        words += len(line.split())
    return words


def numbered(path):
    result = []
    for number, line in enumerate(open(path), start=1):
        result.append(f"{number}: {line.rstrip()}")
    return result


def first_number(path):
    # stops early; raises ValueError on a line that is not a number
    for line in open(path):
        if line.strip():
            return int(line)
    return None


def stripped(path):
    for line in open(path):
        yield line.strip()
