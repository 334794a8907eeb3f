"""Comments and blank lines inside the wrapped region stay where they are."""


def convert(source, target):
    # read the source
    with open(source) as src, open(target, "w") as dst:  # text, utf-8
        # and write the target

        # copy, upper-cased
        dst.write(src.read().upper())

        # done
        # both closed
    return True


def summary(path):
    with open(path) as f:
        # the first line is a title

        title = f.readline()  # keep the newline

        # the rest is the body
        body = f.read()
    return title, body
