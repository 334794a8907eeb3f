"""A lambda has no statements: there is nowhere to put a with-block."""
import tarfile
import zipfile

read = lambda path: open(path).read()

loaders = {"text": lambda path: open(path).read()}

by_size = lambda paths: sorted(paths, key=lambda p: len(zipfile.ZipFile(p).namelist()))

member_names = lambda path: tarfile.TarFile(path).getnames()
