"""Uses open-with does not understand are left alone."""
import os


def descriptor_stat(path):
    f = open(path)
    info = os.fstat(f.fileno())
    f.close()
    return info


def write_later(path, callbacks):
    out = open(path, "w")
    callbacks.append(out.write)


def same_line(path, flag):
    if flag: return open(path).read()
    text = ""; text = open(path).read()
    return text
