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
    return io.open(path, encoding="utf-8").read()


def read_codecs(path):
    text = codecs.open(path, "r", "utf-8").read()
    return text


def read_gzip(path):
    return gz.open(path).read()


def read_bz2(path):
    return bz2.open(path).read()


def read_lzma(path):
    return lzma.open(path).read()


def member_names(path):
    archive = tarfile.open(path)
    names = archive.getnames()
    archive.close()
    return names


def zip_names(path):
    return zipfile.ZipFile(path).namelist()


def read_path(path):
    return Path(path).open().read()


def fetch(url):
    return urlopen(url).read()
