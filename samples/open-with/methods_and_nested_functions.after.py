"""Methods, nested functions and helpers defined inside functions."""
import json


class Store:
    def __init__(self, path):
        self.path = path

    def load(self):
        with open(self.path) as f:
            return json.load(f)

    def save(self, data):
        with open(self.path, "w") as out:
            json.dump(data, out)

    @classmethod
    def from_list(cls, list_path):
        with open(list_path) as f:
            return cls(f.readline().strip())


def outer(path):
    def inner():
        with open(path) as f:
            text = f.read()
        return text.strip()

    return inner()
