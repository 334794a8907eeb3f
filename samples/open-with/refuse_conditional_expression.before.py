"""open() on one branch only: a with-block would open the file on both."""
import os


def read_if_present(path):
    text = open(path).read() if os.path.exists(path) else ""
    return text
