"""A name that is an opener on one path and something else on another: reported, not rewritten."""
try:
    from lzma import LZMAFile
except ImportError:
    LZMAFile = None


def read(path):
    return LZMAFile(path).read()
