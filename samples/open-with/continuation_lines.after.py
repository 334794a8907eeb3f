"""Continuation lines move with their statement: into the with-block, and along with an
opener that moves into the with header."""
import json


def load(path):
    with open(path,
              encoding="utf-8") as f:
        data = json.load(f)
    return data


def append(path, lines):
    with open(path,
              "a") as out:
        for line in lines:
            out.write(line +
                      "\n")


def header(path):
    with open(
        path,
        "rb",
    ) as handle:
        magic = handle.read(4)
    return magic


def log_total(path, first, second):
    with open(path, "a") as log:
        total = first + \
            second
        log.write("total: {0} of {1}".format(total,
                                             first))
    return total
