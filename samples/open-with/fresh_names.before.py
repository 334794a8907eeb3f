"""The new handle name collides with nothing used in its function (or in functions nested in it)."""
f = "a module-level f"


def uses_global_f(path):
    text = open(path).read()
    return f + text


def uses_many(path, fh, src):
    def helper():
        return f + infile

    infile = "3"
    return open(path).read(), fh, src, helper()


def writes(path, f, out):
    open(path, "w").write(f + out)


def unrelated(path):
    return open(path).read()
