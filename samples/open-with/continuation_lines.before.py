"""Continuation lines move with their statement: into the with-block, and along with an
opener that moves into the with header."""
import json


def load(path):
    data = json.load(open(path,
                          encoding="utf-8"))
    return data


def append(path, lines):
    out = open(path,
               "a")
    for line in lines:
        out.write(line +
                  "\n")
    out.close()


def header(path):
    handle = open(
        path,
        "rb",
    )
    magic = handle.read(4)
    handle.close()
    return magic


def log_total(path, first, second):
    log = open(path, "a")
    total = first + \
        second
    log.write("total: {0} of {1}".format(total,
                                         first))
    log.close()
    return total
