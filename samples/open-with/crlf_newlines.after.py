"""A file with CRLF newlines keeps them."""
import json


def load(path):
    with open(path) as f:
        data = json.load(f)
    return data


def read(path):
    with open(path) as f:
        return f.read()
