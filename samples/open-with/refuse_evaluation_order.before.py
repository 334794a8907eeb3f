"""Something with an effect runs before open(): hoisting open() would run it first."""


def stamp_and_read(clock, path):
    return clock.tick(), open(path).read()


def checked(validate, path):
    data = validate(path) + open(path).read()
    return data


def save(render, path):
    # render() runs before the file is truncated; a with-block would truncate first
    print(render(), file=open(path, "w"))


def indexed(table, key, path):
    value = table[key] + open(path).read()
    return value
