"""open() in an and/or operand may not run: a with-block would always open the file."""


def read_optional(path):
    text = path and open(path).read()
    return text or ""


def read_or_default(cache, path):
    return cache.get(path) or open(path).read()
