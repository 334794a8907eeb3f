"""for line in open(p): the loop is the only user of the handle."""


def count_words(path):
    words = 0
    with open(path) as f:
        for line in f:
            words += len(line.split())
    return words


def numbered(path):
    result = []
    with open(path) as f:
        for number, line in enumerate(f, start=1):
            result.append(f"{number}: {line.rstrip()}")
    return result


def first_number(path):
    # stops early; raises ValueError on a line that is not a number
    with open(path) as f:
        for line in f:
            if line.strip():
                return int(line)
    return None


def stripped(path):
    with open(path) as f:
        for line in f:
            yield line.strip()
