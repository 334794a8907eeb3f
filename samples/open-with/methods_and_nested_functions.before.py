"""Methods, nested functions and helpers defined inside functions."""
import json


class Store:
    def __init__(self, path):
        self.path = path

    def load(self):
        return json.load(open(self.path))

    def save(self, data):
        out = open(self.path, "w")
        json.dump(data, out)
        out.close()

    @classmethod
    def from_list(cls, list_path):
        return cls(open(list_path).readline().strip())


def outer(path):
    def inner():
        text = open(path).read()
        return text.strip()

    return inner()
