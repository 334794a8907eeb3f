"""Several handles in one block: one with-block for handles opened and closed together."""


def copy_upper(source, target):
    with open(source) as src, open(target, "w") as dst:
        dst.write(src.read().upper())


def merge(first, second, target):
    with open(first) as a, open(second) as b:
        text = a.read() + b.read()
    with open(target, "w") as out:
        out.write(text)
    return len(text)


def nested(outer_path, inner_path):
    with open(outer_path) as outer:
        count = 0
        with open(inner_path) as inner:
            count += len(inner.read())
        count += int(outer.read())  # raises ValueError when not a number
    return count
