"""The same statement keeps working after the file is used: yield, await, more writes."""


def numbered(path):
    yield open(path).read()


async def upload(client, path):
    return await client.post(open(path, "rb").read())


def write_and_verify(path, text, verify):
    written = open(path, "w").write(text) + verify(path)
    return written
