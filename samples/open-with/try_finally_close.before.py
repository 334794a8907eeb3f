"""f = open(p); try: … finally: f.close() is what a with-block says."""
import json


def load(path):
    f = open(path)
    try:
        return json.load(f)
    finally:
        f.close()


def load_or_default(path, default):
    f = open(path)
    # the finally clause already closes the file; the with-block says so shorter
    try:
        data = json.load(f)
    except ValueError:
        data = default
    finally:
        f.close()
    return data
