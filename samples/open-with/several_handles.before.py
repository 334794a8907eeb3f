"""Several handles in one block: one with-block for handles opened and closed together."""


def copy_upper(source, target):
    src = open(source)
    dst = open(target, "w")
    dst.write(src.read().upper())
    src.close()
    dst.close()


def merge(first, second, target):
    a = open(first)
    b = open(second)
    text = a.read() + b.read()
    out = open(target, "w")
    out.write(text)
    out.close()
    return len(text)


def nested(outer_path, inner_path):
    outer = open(outer_path)
    count = 0
    inner = open(inner_path)
    count += len(inner.read())
    inner.close()
    count += int(outer.read())  # raises ValueError when not a number
    outer.close()
    return count
