"""A file with CRLF newlines keeps them."""
import json


def load(path):
    f = open(path)
    data = json.load(f)
    f.close()
    return data


def read(path):
    return open(path).read()
