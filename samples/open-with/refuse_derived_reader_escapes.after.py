"""A csv reader reads its file lazily: returning or storing it needs the file open."""
import csv


def rows(path):
    return csv.reader(open(path))


def dict_rows(path):
    f = open(path)
    reader = csv.DictReader(f)
    return reader


class Import:
    def __init__(self, path):
        self.reader = csv.reader(open(path))
