"""Comments and blank lines inside the wrapped region stay where they are."""


def convert(source, target):
    # read the source
    src = open(source)  # text, utf-8

    # and write the target
    dst = open(target, "w")

    # copy, upper-cased
    dst.write(src.read().upper())

    # done
    src.close()
    dst.close()  # both closed
    return True


def summary(path):
    f = open(path)
    # the first line is a title

    title = f.readline()  # keep the newline

    # the rest is the body
    body = f.read()
    f.close()
    return title, body
