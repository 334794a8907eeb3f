"""Handles opened inside match cases, try/except bodies and loops."""


def read_kind(kind, path):
    match kind:
        case "text":
            with open(path) as f:
                text = f.read()
            return text
        case "lines":
            with open(path) as fh:
                return fh.readlines()
        case _:
            return None


def read_or_none(path):
    try:
        with open(path) as f:
            data = f.read()
    except FileNotFoundError:
        data = None
    return data


def total_size(paths):
    total = 0
    for path in paths:
        with open(path) as f:
            total += len(f.read())
    return total


def first_nonempty(paths):
    index = 0
    while index < len(paths):
        with open(paths[index]) as f:
            text = f.read()
        if text:
            return text
        index += 1
    return ""
