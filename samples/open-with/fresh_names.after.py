"""The new handle name collides with nothing used in its function (or in functions nested in it)."""
f = "a module-level f"


def uses_global_f(path):
    with open(path) as fh:
        text = fh.read()
    return f + text


def uses_many(path, fh, src):
    def helper():
        return f + infile

    infile = "3"
    with open(path) as handle:
        return handle.read(), fh, src, helper()


def writes(path, f, out):
    with open(path, "w") as dst:
        dst.write(f + out)


def unrelated(path):
    with open(path) as fh:
        return fh.read()
