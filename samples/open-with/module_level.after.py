"""Module-level code: only when no function uses the handle."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

with open(os.path.join(DATA, "settings.json")) as f:
    SETTINGS = json.load(f)

with open(os.path.join(DATA, "words.txt")) as words_file:
    WORDS = words_file.read().split()

with open(os.path.join(DATA, "names.txt")) as f:
    for name in f:
        print(name.strip())


def settings():
    return SETTINGS
