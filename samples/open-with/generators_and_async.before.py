"""A with-block inside a generator or a coroutine closes the file when it is abandoned too."""


def lines(path):
    f = open(path)
    for line in f:
        yield line.rstrip("\n")
    f.close()


def chunks(path, size):
    f = open(path, "rb")
    while True:
        chunk = f.read(size)
        if not chunk:
            break
        yield chunk


async def read_async(path):
    text = open(path).read()
    return text


async def count_async(path):
    f = open(path)
    lines = f.readlines()
    f.close()
    return len(lines)
