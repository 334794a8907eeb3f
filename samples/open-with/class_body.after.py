"""In a class body the handle name is a class attribute: it stays one after the rewrite."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Config:
    with open(os.path.join(HERE, "data", "config.txt")) as source:
        VALUES = dict(line.strip().split("=", 1) for line in source)

    with open(os.path.join(HERE, "data", "defaults.txt")) as fallback:
        DEFAULTS = fallback.read().split()
