"""Openers with the same contract as open(), resolved by qualified name."""
import bz2
import codecs
import gzip as gz
import io
import lzma
import tarfile
import zipfile
from pathlib import Path
from urllib.request import urlopen


def read_io(path):
    with io.open(path, encoding="utf-8") as f:
        return f.read()


def read_codecs(path):
    with codecs.open(path, "r", "utf-8") as f:
        text = f.read()
    return text


def read_gzip(path):
    with gz.open(path) as f:
        return f.read()


def read_bz2(path):
    with bz2.open(path) as f:
        return f.read()


def read_lzma(path):
    with lzma.open(path) as f:
        return f.read()


def member_names(path):
    with tarfile.open(path) as archive:
        names = archive.getnames()
    return names


def zip_names(path):
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def read_path(path):
    with Path(path).open() as f:
        return f.read()


def fetch(url):
    with urlopen(url) as response:
        return response.read()
