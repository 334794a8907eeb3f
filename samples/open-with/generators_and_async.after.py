"""A with-block inside a generator or a coroutine closes the file when it is abandoned too."""


def lines(path):
    with open(path) as f:
        for line in f:
            yield line.rstrip("\n")


def chunks(path, size):
    with open(path, "rb") as f:
        while True:
            chunk = f.read(size)
            if not chunk:
                break
            yield chunk


async def read_async(path):
    with open(path) as f:
        text = f.read()
    return text


async def count_async(path):
    with open(path) as f:
        lines = f.readlines()
    return len(lines)
