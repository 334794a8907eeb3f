"""f = open(p); try: … finally: f.close() is what a with-block says."""
import json


def load(path):
    with open(path) as f:
        return json.load(f)


def load_or_default(path, default):
    with open(path) as f:
        # the finally clause already closes the file; the with-block says so shorter
        try:
            data = json.load(f)
        except ValueError:
            data = default
    return data
