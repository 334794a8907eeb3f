"""Handles made by the standard library's classes (and their class methods), resolved by
qualified name like the opener functions."""
import io
import os
import tarfile
import zipfile
from tarfile import TarFile


def member_names(path):
    archive = tarfile.TarFile(path)
    names = archive.getnames()
    archive.close()
    return names


def first_member(path):
    return TarFile.open(path).getnames()[0]


def gzip_members(path):
    return tarfile.TarFile.gzopen(path).getnames()


def zip_names(path):
    return zipfile.PyZipFile(path).namelist()


def raw_bytes(path):
    return io.FileIO(path).read()


def from_descriptor(path):
    descriptor = os.open(path, os.O_RDONLY)
    text = os.fdopen(descriptor).read()
    return text
