"""`from os import *` brings os.open into the module: open() is not the builtin."""
from os import *


def touch(path):
    fd = open(path, O_CREAT | O_WRONLY)
    close(fd)
