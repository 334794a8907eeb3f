"""In a class body the handle name is a class attribute: it stays one after the rewrite."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Config:
    source = open(os.path.join(HERE, "data", "config.txt"))
    VALUES = dict(line.strip().split("=", 1) for line in source)
    source.close()

    fallback = open(os.path.join(HERE, "data", "defaults.txt"))
    try:
        DEFAULTS = fallback.read().split()
    finally:
        fallback.close()
