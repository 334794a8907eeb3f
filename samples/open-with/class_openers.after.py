"""Handles made by the standard library's classes (and their class methods), resolved by
qualified name like the opener functions."""
import io
import os
import tarfile
import zipfile
from tarfile import TarFile


def member_names(path):
    with tarfile.TarFile(path) as archive:
        names = archive.getnames()
    return names


def first_member(path):
    with TarFile.open(path) as tar:
        return tar.getnames()[0]


def gzip_members(path):
    with tarfile.TarFile.gzopen(path) as tar:
        return tar.getnames()


def zip_names(path):
    with zipfile.PyZipFile(path) as zf:
        return zf.namelist()


def raw_bytes(path):
    with io.FileIO(path) as f:
        return f.read()


def from_descriptor(path):
    descriptor = os.open(path, os.O_RDONLY)
    with os.fdopen(descriptor) as f:
        text = f.read()
    return text
