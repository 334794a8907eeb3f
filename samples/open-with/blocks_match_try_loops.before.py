"""Handles opened inside match cases, try/except bodies and loops."""


def read_kind(kind, path):
    match kind:
        case "text":
            f = open(path)
            text = f.read()
            f.close()
            return text
        case "lines":
            return open(path).readlines()
        case _:
            return None


def read_or_none(path):
    try:
        f = open(path)
        data = f.read()
        f.close()
    except FileNotFoundError:
        data = None
    return data


def total_size(paths):
    total = 0
    for path in paths:
        f = open(path)
        total += len(f.read())
        f.close()
    return total


def first_nonempty(paths):
    index = 0
    while index < len(paths):
        text = open(paths[index]).read()
        if text:
            return text
        index += 1
    return ""
