"""Functions that read or write the whole handle before they return."""
import json
import pickle
import shutil


def load_settings(path):
    settings = json.load(open(path))
    return settings


def save_settings(path, settings):
    json.dump(settings, open(path, "w"), indent=2)


def load_state(path):
    return pickle.load(open(path, "rb"))


def copy(source, target):
    shutil.copyfileobj(open(source, "rb"), open(target, "wb"))


def stripped_lines(path):
    lines = [line.strip() for line in open(path)]
    return lines


def sorted_lines(path):
    return sorted(open(path))


def log(path, message):
    print(message, file=open(path, "a"))
