"""Functions that read or write the whole handle before they return."""
import json
import pickle
import shutil


def load_settings(path):
    with open(path) as f:
        settings = json.load(f)
    return settings


def save_settings(path, settings):
    with open(path, "w") as f:
        json.dump(settings, f, indent=2)


def load_state(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def copy(source, target):
    with open(source, "rb") as f, open(target, "wb") as out:
        shutil.copyfileobj(f, out)


def stripped_lines(path):
    with open(path) as f:
        lines = [line.strip() for line in f]
    return lines


def sorted_lines(path):
    with open(path) as f:
        return sorted(f)


def log(path, message):
    with open(path, "a") as f:
        print(message, file=f)
