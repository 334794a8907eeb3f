"""Module-level code: only when no function uses the handle."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

SETTINGS = json.load(open(os.path.join(DATA, "settings.json")))

words_file = open(os.path.join(DATA, "words.txt"))
WORDS = words_file.read().split()
words_file.close()

for name in open(os.path.join(DATA, "names.txt")):
    print(name.strip())


def settings():
    return SETTINGS
